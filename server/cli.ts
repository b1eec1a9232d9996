// `npm run server -- --role central --port 8787 --data DIR`: the lead server process.
import { resolve } from 'node:path';
import type { AddressInfo } from 'node:net';
import { buildServer } from './build-server.ts';
import { parseServerCli, USAGE } from './cli-options.ts';
import { intakeOptionsFromEnv } from './intake/intake-env.ts';
import { smtpSettingsFromEnv } from './notify/mailer.ts';

/** A close that hangs (a stuck request) must not keep a stopping server alive forever. */
const SHUTDOWN_GRACE_MS = 15_000;

const parsed = parseServerCli(process.argv.slice(2), process.env);
if (!parsed.ok) {
  console.error(`error: ${parsed.message}`);
  process.exit(2);
}
if ('help' in parsed) {
  console.log(USAGE);
  process.exit(0);
}
const { options } = parsed;

let app: Awaited<ReturnType<typeof buildServer>>;
try {
  app = await buildServer({ role: options.role, dataDir: resolve(options.dataDir), logger: { level: options.logLevel }, intake: intakeOptionsFromEnv(process.env),
    adminToken: process.env.LEADRELAY_ADMIN_TOKEN, smtp: smtpSettingsFromEnv(process.env) ?? undefined, trustProxy: options.trustProxy });
  await app.listen({ port: options.port, host: options.host });
} catch (error) {
  console.error(`error: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}

const { port } = app.server.address() as AddressInfo;
const shownHost = options.host.includes(':') ? `[${options.host}]` : options.host;
console.log(`LeadRelay server (${options.role}) listening on http://${shownHost}:${port}`);

let stopping = false;
async function stop(signal: string): Promise<void> {
  if (stopping) return;
  stopping = true;
  app.log.info({ signal }, 'stopping: no new connections, finishing requests in flight');
  setTimeout(() => {
    console.error(`error: requests still running ${SHUTDOWN_GRACE_MS / 1000}s after ${signal}; exiting without waiting`);
    process.exit(1);
  }, SHUTDOWN_GRACE_MS).unref();
  try {
    await app.close();
    process.exit(0);
  } catch (error) {
    console.error(`error while stopping: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  }
}
process.once('SIGTERM', () => void stop('SIGTERM'));
process.once('SIGINT', () => void stop('SIGINT'));
