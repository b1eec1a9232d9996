import { isIP } from 'node:net';
import { parseArgs } from 'node:util';
import type { ServerRole } from './store/open-server-store.ts';

export interface ServerCliOptions {
  role: ServerRole;
  port: number;
  host: string;
  dataDir: string;
  logLevel: string;
  /** Addresses or CIDR ranges of the reverse proxies whose X-Forwarded-For is believed. */
  trustProxy: string[];
}

export type ParsedCli = { ok: true; options: ServerCliOptions } | { ok: true; help: true } | { ok: false; flag: string; message: string };

export const USAGE = `usage: npm run server -- [--role central|reseller] [--port N] [--host ADDR] [--data DIR] [--log-level LEVEL] [--trust-proxy ADDRS]

  --role       central (default) or reseller               env LEADRELAY_ROLE
  --port       TCP port, 0 picks a free one (default 8787)  env LEADRELAY_PORT
  --host       address to bind (default 127.0.0.1)          env LEADRELAY_HOST
  --data       data directory (default ./.data/server)      env LEADRELAY_DATA_DIR
  --log-level  fatal|error|warn|info|debug|trace|silent (default info)  env LEADRELAY_LOG_LEVEL
  --trust-proxy  comma-separated proxy addresses or CIDR ranges whose X-Forwarded-For
               names the client (default none)               env LEADRELAY_TRUST_PROXY`;

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];
const ROLES: readonly ServerRole[] = ['central', 'reseller'];

const fail = (flag: string, message: string): ParsedCli => ({ ok: false, flag, message: `--${flag} ${message}` });

/** Flags win over environment variables, which win over defaults. */
export function parseServerCli(argv: string[], env: Record<string, string | undefined>): ParsedCli {
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: {
        role: { type: 'string' },
        port: { type: 'string' },
        host: { type: 'string' },
        data: { type: 'string' },
        'log-level': { type: 'string' },
        'trust-proxy': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const flag = /'(?:--)?([^' ]+)/.exec(message)?.[1] ?? 'arguments';
    return { ok: false, flag, message: `${message}\n${USAGE}` };
  }
  if (values.help) return { ok: true, help: true };
  const pick = (flag: string, envName: string, fallback: string) => {
    const value = (values[flag] as string | undefined) ?? env[envName] ?? fallback;
    return value.trim();
  };

  const role = pick('role', 'LEADRELAY_ROLE', 'central');
  if (!ROLES.includes(role as ServerRole)) return fail('role', `must be central or reseller (got "${role}")`);

  const portText = pick('port', 'LEADRELAY_PORT', '8787');
  const port = Number(portText);
  if (!/^\d+$/.test(portText) || port > 65535) return fail('port', `must be an integer from 0 to 65535 (got "${portText}")`);

  const host = pick('host', 'LEADRELAY_HOST', '127.0.0.1');
  if (host === '' || /\s/.test(host)) return fail('host', `must be an address or host name (got "${host}")`);

  const dataDir = pick('data', 'LEADRELAY_DATA_DIR', './.data/server');
  if (dataDir === '') return fail('data', 'must name a directory');

  const logLevel = pick('log-level', 'LEADRELAY_LOG_LEVEL', 'info');
  if (!LOG_LEVELS.includes(logLevel)) return fail('log-level', `must be one of ${LOG_LEVELS.join(', ')} (got "${logLevel}")`);

  const proxies = pick('trust-proxy', 'LEADRELAY_TRUST_PROXY', '');
  const trustProxy = proxies === '' ? [] : proxies.split(',').map((entry) => entry.trim());
  const badProxy = trustProxy.find((entry) => !isAddressOrRange(entry));
  if (badProxy !== undefined) return fail('trust-proxy', `must list IP addresses or CIDR ranges such as 10.0.0.0/8, separated by commas (got "${badProxy}")`);

  return { ok: true, options: { role: role as ServerRole, port, host, dataDir, logLevel, trustProxy } };
}

function isAddressOrRange(entry: string): boolean {
  const [address, prefix, extra] = entry.split('/');
  const family = isIP(address ?? '');
  if (family === 0 || extra !== undefined) return false;
  if (prefix === undefined) return true;
  return /^\d{1,3}$/.test(prefix) && Number(prefix) <= (family === 4 ? 32 : 128);
}
