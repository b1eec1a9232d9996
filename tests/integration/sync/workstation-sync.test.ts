import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { NeedsAttentionItem, SyncStatus } from '../../../core/contract/index.ts';
import { MemorySecretStore } from '../../../main/services/secrets.ts';
import { startWorkstation, type Workstation } from '../../../main/services/workstation.ts';
import { waitFor } from '../../fixtures/wait-for.ts';
import { startNetSwitch, type NetSwitch } from './net-switch.ts';
import { PASSWORD, rep, seedTeam, startSyncServer, T0, type SyncServer } from './server-harness.ts';

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function serverWithSwitch(): Promise<{ server: SyncServer; net: NetSwitch }> {
  const server = await startSyncServer();
  cleanups.push(() => server.close());
  const net = await startNetSwitch(() => Number(new URL(server.url).port));
  cleanups.push(() => net.close());
  return { server, net };
}

function workstation(secrets = new MemorySecretStore(), dataDir = mkdtempSync(join(tmpdir(), 'leadrelay-ws-sync-'))): { ws: Workstation; dataDir: string; secrets: MemorySecretStore } {
  // The server's clock: offers it makes expire in the test's time, not today's.
  const ws = startWorkstation({ dataDir, secrets, now: () => T0 + 60_000, sync: { pollMs: 60_000, backoff: { baseMs: 20, maxMs: 200 } } });
  cleanups.push(() => rmSync(dataDir, { recursive: true, force: true }));
  cleanups.push(() => ws.close());
  return { ws, dataDir, secrets };
}

const call = <T>(ws: Workstation, name: string, input: unknown = {}) => ws.dispatch(name, input) as Promise<T>;

describe('workstation ⇄ server sync', () => {
  it('works offline, then pushes in order, pulls, and matches the server; a lead taken meanwhile needs attention', async () => {
    const { server, net } = await serverWithSwitch();
    await seedTeam(server, [rep('anna'), rep('ben')], ['anna', 'ben']);
    const { ws } = workstation();

    const connected = await call<SyncStatus>(ws, 'sync.connect', { serverUrl: net.url, email: 'anna@example.com', password: PASSWORD });
    expect(connected).toMatchObject({ state: 'online', account: { userId: 'anna', userName: 'Anna' }, pending: 0, needsAttention: 0 });
    expect(connected.lastSyncAt).not.toBeNull();

    const [first, second, third] = [await server.arrive({ firstName: 'Ada' }), await server.arrive({ firstName: 'Bo' }), await server.arrive({ firstName: 'Cy' })];
    await call(ws, 'sync.now');
    expect(ws.store.leads.count()).toBe(3);
    expect(ws.store.leads.get(first)!.lead).toMatchObject({ status: 'offered' });

    net.down();
    const ben = await server.login('ben@example.com');
    expect((await server.as(ben, 'POST', `/api/v1/leads/${second}/actions`, { type: 'accept' })).statusCode).toBe(200);

    await call(ws, 'leads.act', { type: 'accept', leadId: first });
    await call(ws, 'leads.act', { type: 'addNote', leadId: first, text: 'Called from the train' });
    await call(ws, 'leads.act', { type: 'accept', leadId: second });
    await call(ws, 'leads.act', { type: 'setStatus', leadId: first, status: 'contacted' });
    await call(ws, 'leads.act', { type: 'reject', leadId: third, reason: 'outside my territory' });
    const offline = await call<SyncStatus>(ws, 'sync.now');
    expect(offline).toMatchObject({ state: 'offline', pending: 5 });

    net.up();
    const back = await call<SyncStatus>(ws, 'sync.now');
    expect(back).toMatchObject({ state: 'online', pending: 0, needsAttention: 1 });

    const onServer = server.app.lifecycle.lead(first)!;
    expect(onServer).toMatchObject({ status: 'contacted', ownerId: 'anna' });
    const serverHistory = server.app.lifecycle.history(first);
    expect(serverHistory.filter((entry) => entry.kind === 'note')).toHaveLength(1);
    const local = ws.store.leads.get(first)!;
    expect(local.lead).toEqual(onServer);
    expect(local.history.map((entry) => entry.id)).toEqual(serverHistory.map((entry) => entry.id));
    expect(local.notes.map((note) => note.text)).toEqual(['Called from the train']);
    expect(server.app.lifecycle.offersOf(third).find((offer) => offer.userId === 'anna')?.status).toBe('rejected');

    const attention = await call<NeedsAttentionItem[]>(ws, 'sync.rejections');
    expect(attention).toEqual([expect.objectContaining({ kind: 'accept', leadId: second, code: 'conflict', message: expect.stringContaining('Ben') })]);
    expect(ws.store.leads.get(second)).toBeNull();
    expect(server.app.lifecycle.lead(second)).toMatchObject({ ownerId: 'ben' });

    expect(await call<NeedsAttentionItem[]>(ws, 'sync.dismiss', {})).toEqual([]);
  });

  it('hears of a new offer live and pulls it without being asked', async () => {
    const { server, net } = await serverWithSwitch();
    await seedTeam(server, [rep('anna')], ['anna']);
    const { ws } = workstation();
    await call(ws, 'sync.connect', { serverUrl: net.url, email: 'anna@example.com', password: PASSWORD });
    const offered = new Promise<string>((resolve) => {
      ws.events.subscribe((name, payload) => {
        if (name === 'lead.offered') resolve((payload as { leadId: string }).leadId);
      });
    });
    await waitFor('the workstation online', () => server.app.server.listening && ws.sync.currentStatus().state === 'online', 10_000);
    await new Promise((resolve) => setTimeout(resolve, 100));
    const leadId = await server.arrive();
    expect(await offered).toBe(leadId);
    expect(ws.store.leads.get(leadId)!.lead.status).toBe('offered');
  });

  it('keeps the token only in the secret store and resumes after a restart of both sides', async () => {
    const { server, net } = await serverWithSwitch();
    await seedTeam(server, [rep('anna')], ['anna']);
    const first = workstation();
    await call(first.ws, 'sync.connect', { serverUrl: net.url, email: 'anna@example.com', password: PASSWORD });
    expect(await first.secrets.get('sync.token')).toMatch(/^lrt_/);
    const settings = first.ws.store.db.prepare('SELECT group_concat(value) FROM settings').pluck().get() as string;
    expect(settings).not.toContain('lrt_');
    first.ws.close();

    await server.restart();
    const leadId = await server.arrive();
    const again = startWorkstation({ dataDir: first.dataDir, secrets: first.secrets, sync: { pollMs: 60_000, backoff: { baseMs: 20, maxMs: 200 } } });
    cleanups.push(() => again.close());
    await waitFor('the lead on the restarted workstation', () => again.store.leads.get(leadId) !== null, 10_000);
    // The lead is written before its round ends; the round that wrote it, or the one a live event started, then says online.
    await waitFor('the restarted workstation online', () => again.sync.currentStatus().state === 'online', 10_000);
    expect(again.sync.currentStatus()).toMatchObject({ state: 'online', account: { userId: 'anna' } });
  });

  it('keeps rule changes locally without calling them a problem, and the queue moves on', async () => {
    const { server, net } = await serverWithSwitch();
    await seedTeam(server, [rep('anna')], ['anna']);
    const { ws } = workstation();
    await call(ws, 'sync.connect', { serverUrl: net.url, email: 'anna@example.com', password: PASSWORD });
    const leadId = await server.arrive();
    await call(ws, 'sync.now');
    ws.store.outbox.enqueueRuleChange({ id: 'rule-change-1', change: { type: 'rule.delete', ruleId: 'r1' } as never, createdAt: T0 });
    await call(ws, 'leads.act', { type: 'accept', leadId });
    const status = await call<SyncStatus>(ws, 'sync.now');
    expect(status).toMatchObject({ state: 'online', pending: 0, needsAttention: 0, keptLocally: 1 });
    expect(server.app.lifecycle.lead(leadId)).toMatchObject({ ownerId: 'anna', status: 'accepted' });
  });

  it('refuses a wrong password naming the field', async () => {
    const { server, net } = await serverWithSwitch();
    await seedTeam(server, [rep('anna')], ['anna']);
    const { ws } = workstation();
    await expect(call(ws, 'sync.connect', { serverUrl: net.url, email: 'anna@example.com', password: 'wrong' })).rejects.toMatchObject({ field: 'password' });
    await expect(call(ws, 'sync.connect', { serverUrl: 'ftp://x', email: 'anna@example.com', password: 'x' })).rejects.toMatchObject({ field: 'serverUrl' });
    expect(await call<SyncStatus>(ws, 'sync.status')).toMatchObject({ state: 'disconnected', account: null });
  });
});

