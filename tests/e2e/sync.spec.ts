import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { listeningUrl } from '../fixtures/server-process.ts';
import { startNetSwitch, type NetSwitch } from '../integration/sync/net-switch.ts';
import { startBridge, type RunningBridge } from './bridge.ts';
import { LeadBoxPage } from './lead-box-page.ts';

// A real lead server process, a switchable relay in front of it (the rep's network), and a
// real web bridge: connect, work offline, come back, see the work on the server.
const root = join(import.meta.dirname, '..', '..');
const ADMIN = 'e2e-sync-admin-token-0123456789';
const PASSWORD = 'correct horse battery';

let server: { url: string; child: ChildProcess; dataDir: string };
let net: NetSwitch;
let bridge: RunningBridge;

async function startServer(): Promise<typeof server> {
  const dataDir = mkdtempSync(join(tmpdir(), 'leadrelay-e2e-server-'));
  const child = spawn(join(root, 'node_modules/.bin/tsx'), ['server/cli.ts', '--port', '0', '--data', dataDir, '--log-level', 'warn'], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, LEADRELAY_ADMIN_TOKEN: ADMIN },
  });
  const url = await listeningUrl(child);
  return { url, child, dataDir };
}

async function api<T>(method: string, path: string, token: string, body?: unknown): Promise<T> {
  const response = await fetch(`${server.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const answer = (await response.json()) as T;
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${JSON.stringify(answer)}`);
  return answer;
}

const login = async (email: string) => (await api<{ token: string }>('POST', '/api/v1/auth/login', '', { email, password: PASSWORD })).token;
const arrive = async (firstName: string, lastName: string) =>
  (await api<{ results: Array<{ leadId: string }> }>('POST', '/api/v1/leads', ADMIN, { contact: { firstName, lastName, email: `${firstName.toLowerCase()}@example.org`, company: 'Acme' } })).results[0]!.leadId;

test.beforeAll(async () => {
  server = await startServer();
  for (const [id, name] of [['anna', 'Anna'], ['ben', 'Ben']]) await api('POST', '/api/v1/admin/users', ADMIN, { id, name, email: `${id}@example.com`, role: 'rep', password: PASSWORD });
  await api('POST', '/api/v1/admin/boxes', ADMIN, { id: 'root', parentId: null, name: 'System' });
  await api('PUT', '/api/v1/admin/rules', ADMIN, {
    version: 1,
    rules: [{ id: 'offer', name: 'offer', category: 'assignment', event: 'arrived', scope: { kind: 'global' }, ownerId: 'admin', enabled: true, order: 10, actions: [{ type: 'routeUpForGrabs', users: ['anna', 'ben'] }] }],
  });
  net = await startNetSwitch(() => Number(new URL(server.url).port));
  bridge = await startBridge();
});

test.afterAll(async () => {
  await bridge?.stop();
  await net?.close();
  if (server?.child.exitCode === null) {
    const exited = new Promise((resolve) => server.child.once('exit', resolve));
    server.child.kill('SIGTERM');
    await exited;
  }
  if (server) rmSync(server.dataDir, { recursive: true, force: true });
});

test('work offline, come back online: the work is on the server; a lead taken meanwhile needs attention', async ({ page }) => {
  const mine = await arrive('Ada', 'Lovelace');
  const contested = await arrive('Bob', 'Marley');

  await page.goto(bridge.url);
  await page.getByRole('button', { name: 'Connect…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Connect to your lead server' });
  await dialog.getByLabel('Server address').fill(net.url);
  await dialog.getByLabel('Email').fill('anna@example.com');
  await dialog.getByLabel('Password').fill(PASSWORD);
  await dialog.getByRole('button', { name: 'Connect' }).click();

  const box = new LeadBoxPage(page);
  await expect(box.row(mine)).toBeVisible();
  await expect(box.row(contested)).toBeVisible();
  await expect(page.getByRole('button', { name: /^Online, last synced/ })).toBeVisible();

  net.down();
  // Ben takes the second lead on the server while Anna is offline.
  await api('POST', `/api/v1/leads/${contested}/actions`, await login('ben@example.com'), { type: 'accept' });

  await box.openLead({ id: mine, name: 'Ada Lovelace' });
  await box.detail.getByRole('button', { name: 'Accept' }).click();
  await expect(box.detailStatus()).toHaveText('Accepted');
  await box.section('Notes').getByLabel('New note').fill('Called from the train');
  await box.section('Notes').getByRole('button', { name: 'Add note' }).click();
  await expect(box.section('Notes')).toContainText('Called from the train');
  await box.openLead({ id: contested, name: 'Bob Marley' });
  await box.detail.getByRole('button', { name: 'Accept' }).click();
  await expect(box.detailStatus()).toHaveText('Accepted');
  await expect(page.getByRole('button', { name: /^Offline/ })).toBeVisible();

  net.up();
  const indicator = page.getByRole('button', { name: /^Online, last synced/ });
  await expect(indicator).toBeVisible({ timeout: 20_000 });
  await expect(indicator).toContainText('1 need attention');

  const anna = await login('anna@example.com');
  const onServer = await api<{ lead: { ownerId: string; status: string }; history: Array<{ kind: string; data: { text?: string } }> }>('GET', `/api/v1/leads/${mine}`, anna);
  expect(onServer.lead).toMatchObject({ ownerId: 'anna', status: 'accepted' });
  expect(onServer.history.filter((entry) => entry.kind === 'note').map((entry) => entry.data.text)).toEqual(['Called from the train']);

  await indicator.click();
  const attention = page.getByRole('dialog', { name: 'Sync' }).getByRole('region', { name: 'Needs attention' });
  await expect(attention).toContainText('Accept was not applied');
  await expect(attention).toContainText('Ben');
  // Ben's lead has left Anna's box; hers stays, synced.
  await expect(box.row(contested)).toHaveCount(0);
  await page.keyboard.press('Escape');
  await box.search.fill('');
  await expect(box.row(mine)).toBeVisible();
  await expect(box.cell(box.row(mine), 'status')).toHaveText('Accepted');
});

test('a demo workspace connects once the rep agrees to remove the demo', async ({ page }) => {
  const demoBridge = await startBridge();
  try {
    await demoBridge.call('workspace.createDemo', { count: 500, seed: 5 });
    const fresh = await arrive('Cleo', 'Server');
    await page.goto(demoBridge.url);
    const box = new LeadBoxPage(page);
    await expect(page.getByText('Demo workspace')).toBeVisible();

    await page.getByRole('button', { name: /^Not connected/ }).click();
    const dialog = page.getByRole('dialog', { name: 'Connect to your lead server' });
    await dialog.getByLabel('Server address').fill(net.url);
    await dialog.getByLabel('Email').fill('ben@example.com');
    await dialog.getByLabel('Password').fill(PASSWORD);
    await dialog.getByRole('button', { name: 'Connect' }).click();
    const consent = dialog.getByRole('checkbox', { name: /Remove the demo workspace/ });
    await expect(consent).toHaveAttribute('aria-invalid', 'true');
    await expect(dialog).toContainText('no server knows');

    await consent.check();
    await dialog.getByRole('button', { name: 'Connect' }).click();
    await expect(dialog).toHaveCount(0);
    await expect(page.getByText('Demo workspace')).toHaveCount(0);
    await expect(box.row(fresh)).toBeVisible();
    await expect(page.getByRole('button', { name: /^Online, last synced/ })).toBeVisible();
  } finally {
    await demoBridge.stop();
  }
});
