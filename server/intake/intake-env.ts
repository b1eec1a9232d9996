import type { IntakeOptions } from '../routes/intake.ts';

/**
 * Intake settings from the environment, for the server process:
 * LEADRELAY_COMPANIES_CSV, LEADRELAY_DEFAULT_COUNTRY, LEADRELAY_INTAKE_BODY_LIMIT, and the
 * mailbox (LEADRELAY_IMAP_HOST, _PORT, _SECURE, _USER, _PASSWORD, _MAILBOX, _INTERVAL_MS).
 * A setting that is present but wrong stops the start with a message naming it.
 */
export function intakeOptionsFromEnv(env: Record<string, string | undefined>): IntakeOptions {
  const number = (name: string, fallback: number) => {
    const text = env[name]?.trim();
    if (!text) return fallback;
    if (!/^\d+$/.test(text)) throw new Error(`${name} must be a whole number (got "${text}")`);
    return Number(text);
  };
  const options: IntakeOptions = {
    companiesCsv: env.LEADRELAY_COMPANIES_CSV?.trim() || null,
    defaultCountry: env.LEADRELAY_DEFAULT_COUNTRY?.trim().toUpperCase() || null,
    bodyLimit: number('LEADRELAY_INTAKE_BODY_LIMIT', 10 * 1024 * 1024),
  };
  const host = env.LEADRELAY_IMAP_HOST?.trim();
  if (host) {
    const user = env.LEADRELAY_IMAP_USER?.trim();
    if (!user || !env.LEADRELAY_IMAP_PASSWORD) throw new Error('LEADRELAY_IMAP_USER and LEADRELAY_IMAP_PASSWORD must be set with LEADRELAY_IMAP_HOST');
    const secure = (env.LEADRELAY_IMAP_SECURE ?? 'true').trim() !== 'false';
    options.mailbox = {
      host,
      port: number('LEADRELAY_IMAP_PORT', secure ? 993 : 143),
      secure,
      user,
      password: env.LEADRELAY_IMAP_PASSWORD,
      mailbox: env.LEADRELAY_IMAP_MAILBOX?.trim() || 'INBOX',
      intervalMs: number('LEADRELAY_IMAP_INTERVAL_MS', 60_000),
    };
  }
  return options;
}
