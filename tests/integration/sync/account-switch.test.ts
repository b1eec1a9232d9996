import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { SyncStatus } from '../../../core/contract/index.ts';
import { MemorySecretStore } from '../../../main/services/secrets.ts';
import { startWorkstation, type Workstation } from '../../../main/services/workstation.ts';
import { startNetSwitch, type NetSwitch } from './net-switch.ts';
import { PASSWORD, rep, seedTeam, startSyncServer, T0, type SyncServer } from './server-harness.ts';

// Signing out, back in, as someone else, or out of the demo: the server must see every change
// exactly once under the right account, numbered from 1 per clientId, and no one sees another's box.

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function setup(): Promise<{ server: SyncServer; net: NetSwitch; ws: Workstation }> {
  const server = await startSyncServer();
  cleanups.push(() => server.close());
  await seedTeam(server, [rep('anna'), rep('ben')], ['anna', 'ben']);
  const net = await startNetSwitch(() => Number(new URL(server.url).port));
  cleanups.push(() => net.close());
  const dataDir = mkdtempSync(join(tmpdir(), 'leadrelay-ws-switch-'));
  cleanups.push(() => rmSync(dataDir, { recursive: true, force: true }));
  const ws = startWorkstation({ dataDir, secrets: new MemorySecretStore(), now: () => T0 + 60_000, sync: { pollMs: 60_000, backoff: { baseMs: 20, maxMs: 200 } } });
  cleanups.push(() => ws.close());
  return { server, net, ws };
}

const call = <T>(ws: Workstation, name: string, input: unknown = {}) => ws.dispatch(name, input) as Promise<T>;
const signIn = (ws: Workstation, net: NetSwitch, who: string, extra: object = {}) => call<SyncStatus>(ws, 'sync.connect', { serverUrl: net.url, email: `${who}@example.com`, password: PASSWORD, ...extra });
const liveTokens = (server: SyncServer) => server.app.store.db.prepare('SELECT user_id FROM auth_tokens WHERE revoked_at IS NULL').pluck().all();
const notesOnServer = (server: SyncServer, leadId: string) => server.app.lifecycle.history(leadId).filter((entry) => entry.kind === 'note').map((entry) => entry.summary);

describe('account changes on a workstation', () => {
  it('signing out and in again as the same user goes on with the same numbering: nothing is refused or lost', async () => {
    const { server, net, ws } = await setup();
    const leadId = await server.arrive();
    await signIn(ws, net, 'anna');
    await call(ws, 'leads.act', { type: 'addNote', leadId, text: 'first' });
    expect(await call<SyncStatus>(ws, 'sync.now')).toMatchObject({ state: 'online', pending: 0 });
    await call(ws, 'sync.disconnect');
    await call(ws, 'leads.act', { type: 'addNote', leadId, text: 'while signed out' });

    expect(await signIn(ws, net, 'anna')).toMatchObject({ state: 'online', pending: 0, needsAttention: 0 });
    expect(notesOnServer(server, leadId)).toHaveLength(2);
  });

  it('another user gets an empty box of their own and numbering from 1 for their clientId', async () => {
    const { server, net, ws } = await setup();
    const annas = await server.arrive();
    await signIn(ws, net, 'anna');
    await call(ws, 'leads.act', { type: 'accept', leadId: annas });
    expect(await call<SyncStatus>(ws, 'sync.now')).toMatchObject({ pending: 0 });
    const shared = await server.arrive();
    await call(ws, 'sync.now');
    expect(ws.store.leads.get(annas)).not.toBeNull();
    await call(ws, 'sync.disconnect');

    expect(await signIn(ws, net, 'ben')).toMatchObject({ state: 'online', account: { userId: 'ben' } });
    // Signing out revoked Anna's token on the server.
    expect(liveTokens(server)).toEqual(['ben']);
    expect(ws.store.leads.get(annas)).toBeNull();
    expect(ws.store.leads.get(shared)?.lead.status).toBe('offered');
    await call(ws, 'leads.act', { type: 'accept', leadId: shared });
    expect(await call<SyncStatus>(ws, 'sync.now')).toMatchObject({ state: 'online', pending: 0, needsAttention: 0 });
    expect(server.app.lifecycle.lead(shared)).toMatchObject({ status: 'accepted', ownerId: 'ben' });
  });

  it("refuses another user's sign-in while the previous account's changes are unsent, naming the field", async () => {
    const { server, net, ws } = await setup();
    const leadId = await server.arrive();
    await signIn(ws, net, 'anna');
    net.down();
    await call(ws, 'leads.act', { type: 'addNote', leadId, text: 'written offline' });
    await call(ws, 'sync.disconnect');
    net.up();

    await expect(signIn(ws, net, 'ben')).rejects.toMatchObject({ code: 'conflict', field: 'email', message: expect.stringContaining('1 change(s) made as Anna') });
    // The refused sign-in left no usable token; Anna's stays, since she signed out offline.
    expect(liveTokens(server)).toEqual(['anna']);
    expect(ws.store.leads.get(leadId)).not.toBeNull();
    expect(await signIn(ws, net, 'anna')).toMatchObject({ state: 'online', pending: 0 });
    expect(notesOnServer(server, leadId)).toHaveLength(1);
  });

  it('connects a demo workspace only with consent, and then holds only the server’s leads', async () => {
    const { server, net, ws } = await setup();
    await call(ws, 'workspace.createDemo', { count: 200 });
    const demoLead = ws.store.leads.query({}).rows[0]!.id;
    await call(ws, 'leads.act', { type: 'addNote', leadId: demoLead, text: 'a demo note' });
    const leadId = await server.arrive();

    await expect(signIn(ws, net, 'anna')).rejects.toMatchObject({ code: 'conflict', field: 'discardDemo' });
    expect(ws.store.leads.count()).toBe(200);
    expect(await signIn(ws, net, 'anna', { discardDemo: true })).toMatchObject({ state: 'online', pending: 0, needsAttention: 0 });
    expect(ws.store.leads.query({}).rows.map((row) => row.id)).toEqual([leadId]);
    expect(ws.store.rules.rules()).toEqual([]);
    expect(ws.store.rules.templates()).toEqual([]);
    expect(await call(ws, 'workspace.info')).toMatchObject({ mode: 'connected' });
  });
});
