import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { listeningUrl } from '../../fixtures/server-process.ts';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const tsx = join(root, 'node_modules', '.bin', 'tsx');
const ADMIN = 'process-admin-token-abcdef';

const stops: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const stop of stops.splice(0)) await stop();
});

async function startProcess(env: Record<string, string>): Promise<string> {
  const dataDir = mkdtempSync(join(tmpdir(), 'leadrelay-auth-process-'));
  const child: ChildProcess = spawn(tsx, ['server/cli.ts', '--port', '0', '--data', dataDir, '--log-level', 'warn'], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, LEADRELAY_ADMIN_TOKEN: '', ...env },
  });
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  stops.push(async () => {
    child.kill('SIGTERM');
    await exited;
    rmSync(dataDir, { recursive: true, force: true });
  });
  return listeningUrl(child);
}

const call = async (url: string, method: string, token: string | null, body?: unknown) => {
  const response = await fetch(url, {
    method,
    headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: response.status, json: (await response.json()) as Record<string, unknown> };
};

describe('the server process', () => {
  it('takes the administrator token from LEADRELAY_ADMIN_TOKEN; a user logs in over HTTP', async () => {
    const base = await startProcess({ LEADRELAY_ADMIN_TOKEN: ADMIN });
    expect((await call(`${base}/api/v1/admin/users`, 'GET', null)).status).toBe(401);
    const created = await call(`${base}/api/v1/admin/users`, 'POST', ADMIN, { id: 'anna', name: 'Anna', email: 'anna@example.com', password: 'a long password' });
    expect(created.status).toBe(201);
    const login = await call(`${base}/api/v1/auth/login`, 'POST', null, { email: 'anna@example.com', password: 'a long password' });
    expect(login.status).toBe(200);
    const me = await call(`${base}/api/v1/me`, 'GET', login.json.token as string);
    expect(me).toMatchObject({ status: 200, json: { user: { id: 'anna', email: 'anna@example.com' } } });
  });

  it('answers the admin API with 403 when LEADRELAY_ADMIN_TOKEN is not set', async () => {
    const base = await startProcess({});
    const answer = await call(`${base}/api/v1/admin/users`, 'GET', ADMIN);
    expect(answer.status).toBe(403);
    expect(JSON.stringify(answer.json)).toContain('LEADRELAY_ADMIN_TOKEN');
  });
});
