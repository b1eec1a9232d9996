import type Database from 'better-sqlite3';
import { createTransport, type Transporter } from 'nodemailer';

/**
 * Outgoing email through a table: messages are queued in the same transaction as whatever
 * caused them, and sent later by the scheduler with retry and back-off, so an SMTP server
 * that is down loses nothing and a crash between commit and send sends later, not never.
 */
export interface SmtpSettings {
  /** e.g. `smtp://user:pass@mail.example.com:587` or `smtps://…:465`. */
  url: string;
  from: string;
}

export interface QueuedEmail {
  to: string;
  subject: string;
  body: string;
  leadId: string | null;
  userId: string | null;
}

export interface Mailer {
  readonly enabled: boolean;
  /** Call inside the caller's transaction. */
  enqueue(email: QueuedEmail): void;
  /** Sends what is due; answers how many were sent. Never throws for a failed send. */
  sendDue(limit?: number): Promise<number>;
  close(): void;
}

const FIRST_RETRY_MS = 30_000;
const MAX_RETRY_MS = 3_600_000;
export const retryDelay = (attempts: number) => Math.min(MAX_RETRY_MS, FIRST_RETRY_MS * 2 ** Math.max(0, attempts - 1));

interface OutboxRow {
  id: string;
  to_address: string;
  subject: string;
  body: string;
  attempts: number;
}

export function createMailer(db: Database.Database, options: { smtp: SmtpSettings | null; now: () => number; newId: () => string; onError?: (error: unknown) => void }): Mailer {
  const insert = db.prepare(
    'INSERT INTO email_outbox (id, lead_id, user_id, to_address, subject, body, created_at, next_attempt_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
  );
  const due = db.prepare<[number, number], OutboxRow>(
    'SELECT id, to_address, subject, body, attempts FROM email_outbox WHERE sent_at IS NULL AND next_attempt_at <= ? ORDER BY next_attempt_at LIMIT ?',
  );
  const markSent = db.prepare('UPDATE email_outbox SET sent_at = ?, attempts = attempts + 1, last_error = NULL WHERE id = ?');
  const markFailed = db.prepare('UPDATE email_outbox SET attempts = ?, next_attempt_at = ?, last_error = ? WHERE id = ?');
  let transport: Transporter | null = null;
  let sending: Promise<number> | null = null;

  async function send(limit: number): Promise<number> {
    if (!options.smtp) return 0;
    transport ??= createTransport(options.smtp.url);
    let sent = 0;
    for (const row of due.all(options.now(), limit)) {
      try {
        await transport.sendMail({ from: options.smtp.from, to: row.to_address, subject: row.subject, text: row.body });
        markSent.run(options.now(), row.id);
        sent++;
      } catch (error) {
        const attempts = row.attempts + 1;
        markFailed.run(attempts, options.now() + retryDelay(attempts), error instanceof Error ? error.message : String(error), row.id);
        options.onError?.(error);
      }
    }
    return sent;
  }

  return {
    enabled: options.smtp !== null,
    enqueue: (email) => {
      if (!options.smtp) return;
      const now = options.now();
      insert.run(options.newId(), email.leadId, email.userId, email.to, email.subject, email.body, now, now);
    },
    // One send at a time: a slow SMTP server must not make two ticks send the same row twice.
    sendDue: (limit = 100) => {
      sending ??= send(limit).finally(() => {
        sending = null;
      });
      return sending;
    },
    close: () => {
      transport?.close();
      transport = null;
    },
  };
}

/** LEADRELAY_SMTP_URL (required for email) and LEADRELAY_SMTP_FROM; null when email is off. */
export function smtpSettingsFromEnv(env: Record<string, string | undefined>): SmtpSettings | null {
  const url = env.LEADRELAY_SMTP_URL?.trim();
  if (!url) return null;
  if (!/^smtps?:\/\//.test(url)) throw new Error(`LEADRELAY_SMTP_URL must start with smtp:// or smtps:// (got "${url.replace(/\/\/[^@/]*@/, '//…@')}")`);
  return { url, from: env.LEADRELAY_SMTP_FROM?.trim() || 'LeadRelay <leadrelay@localhost>' };
}
