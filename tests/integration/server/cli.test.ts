import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { parseServerCli } from '../../../server/cli-options.ts';

const root = fileURLToPath(new URL('../../../', import.meta.url));
// tsx itself, not `npx tsx`: npm exec runs it under `sh -c`, which does not pass SIGTERM on.
const tsx = join(root, 'node_modules', '.bin', 'tsx');

describe('parseServerCli', () => {
  it('uses defaults, then environment, then flags', () => {
    expect(parseServerCli([], {})).toEqual({ ok: true, options: { role: 'central', port: 8787, host: '127.0.0.1', dataDir: './.data/server', logLevel: 'info', trustProxy: [] } });
    const env = { LEADRELAY_ROLE: 'reseller', LEADRELAY_PORT: '9000', LEADRELAY_DATA_DIR: '/srv/lr' };
    expect(parseServerCli([], env)).toMatchObject({ options: { role: 'reseller', port: 9000, dataDir: '/srv/lr' } });
    expect(parseServerCli(['--role', 'central', '--port', '0', '--data', 'x'], env)).toMatchObject({ options: { role: 'central', port: 0, dataDir: 'x' } });
  });

  it.each([
    [['--role', 'master'], 'role', '--role must be central or reseller (got "master")'],
    [['--port', '80a'], 'port', '--port must be an integer from 0 to 65535 (got "80a")'],
    [['--port', '70000'], 'port', '--port must be an integer from 0 to 65535 (got "70000")'],
    [['--port=-1'], 'port', '--port must be an integer from 0 to 65535 (got "-1")'],
    [['--data', '  '], 'data', '--data must name a directory'],
    [['--log-level', 'loud'], 'log-level', '--log-level must be one of'],
    [['--trust-proxy', '10.0.0.1,proxy.local'], 'trust-proxy', '--trust-proxy must list IP addresses or CIDR ranges such as 10.0.0.0/8, separated by commas (got "proxy.local")'],
    [['--trust-proxy', '10.0.0.0/33'], 'trust-proxy', '(got "10.0.0.0/33")'],
  ])('rejects %j naming the flag', (argv, flag, message) => {
    const parsed = parseServerCli(argv, {});
    expect(parsed).toMatchObject({ ok: false, flag });
    expect(parsed.ok === false && parsed.message).toContain(message);
  });

  it('takes the reverse proxies to believe as addresses and CIDR ranges', () => {
    expect(parseServerCli(['--trust-proxy', '127.0.0.1, 10.0.0.0/8,::1'], {})).toMatchObject({ options: { trustProxy: ['127.0.0.1', '10.0.0.0/8', '::1'] } });
    expect(parseServerCli([], { LEADRELAY_TRUST_PROXY: 'fd00::/8' })).toMatchObject({ options: { trustProxy: ['fd00::/8'] } });
  });

  it('rejects an unknown or incomplete flag by name', () => {
    expect(parseServerCli(['--colour', 'red'], {})).toMatchObject({ ok: false, flag: 'colour', message: expect.stringContaining("Unknown option '--colour'") });
    expect(parseServerCli(['--port'], {})).toMatchObject({ ok: false, flag: 'port' });
  });
});

describe('server process', () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  it('exits 2 naming a bad flag', async () => {
    const child = spawn(tsx, ['server/cli.ts', '--port', 'eighty'], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const code = await new Promise<number | null>((resolveExit) => child.on('exit', resolveExit));
    expect(code).toBe(2);
    expect(stderr).toContain('error: --port must be an integer from 0 to 65535 (got "eighty")');
  });

  it('exits 1 explaining a damaged database, which it keeps aside', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'leadrelay-server-cli-'));
    dirs.push(dataDir);
    writeFileSync(join(dataDir, 'server.db'), 'garbage '.repeat(200));
    const child = spawn(tsx, ['server/cli.ts', '--port', '0', '--data', dataDir], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    expect(await new Promise<number | null>((resolveExit) => child.on('exit', resolveExit))).toBe(1);
    expect(stderr).toMatch(/^error: the server database .*server\.db is damaged .* It was moved to .*server\.db\.corrupt-/);
    expect(readdirSync(dataDir).some((name) => name.startsWith('server.db.corrupt-'))).toBe(true);
  });

  it('starts on a free port, answers /healthz over HTTP, and stops cleanly on SIGTERM', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'leadrelay-server-cli-'));
    dirs.push(dataDir);
    const child = spawn(tsx, ['server/cli.ts', '--port', '0', '--data', dataDir, '--log-level', 'warn'], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = new Promise<number | null>((resolveExit) => child.on('exit', resolveExit));
    try {
      const url = await new Promise<string>((resolveUrl, rejectUrl) => {
        let stdout = '';
        child.stdout.on('data', (chunk: Buffer) => {
          stdout += chunk.toString();
          const match = /^LeadRelay server \(central\) listening on (http:\/\/127\.0\.0\.1:(\d+))$/m.exec(stdout);
          if (match) resolveUrl(match[1]!);
        });
        child.on('exit', (code) => rejectUrl(new Error(`server exited with ${code} before it was ready: ${stderr}`)));
      });
      expect(url).not.toMatch(/:0$/);
      const response = await fetch(`${url}/healthz`);
      expect(response.status).toBe(200);
      expect(await response.json()).toMatchObject({ status: 'ok', role: 'central', db: 'ok' });
    } finally {
      child.kill('SIGTERM');
    }
    expect(await exited).toBe(0);
    expect(stderr).toBe('');
    const db = new Database(join(dataDir, 'server.db'), { readonly: true });
    expect(db.pragma('quick_check', { simple: true })).toBe('ok');
    expect(db.prepare('SELECT role FROM server_info').pluck().get()).toBe('central');
    db.close();
  });
});
