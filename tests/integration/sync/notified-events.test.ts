import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { EventName, NeedsAttentionItem } from '../../../core/contract/index.ts';
import { MemorySecretStore } from '../../../main/services/secrets.ts';
import { startWorkstation, type Workstation } from '../../../main/services/workstation.ts';
import { startNetSwitch } from './net-switch.ts';
import { PASSWORD, rep, seedTeam, startSyncServer, T0, type SyncServer } from './server-harness.ts';

// The events a rep can be notified of on the desktop (docs/sync.md, "Live events"): each once, and only when true for this box.

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function team(): Promise<{ server: SyncServer; net: Awaited<ReturnType<typeof startNetSwitch>> }> {
  const server = await startSyncServer();
  cleanups.push(() => server.close());
  const net = await startNetSwitch(() => Number(new URL(server.url).port));
  cleanups.push(() => net.close());
  await seedTeam(server, [rep('anna'), rep('ben')], ['anna', 'ben']);
  return { server, net };
}

/** A workstation on a fresh folder, and the notifiable events it emits. */
function workstation(): { ws: Workstation; seen: Array<{ name: EventName; payload: unknown }> } {
  const dataDir = mkdtempSync(join(tmpdir(), 'leadrelay-ws-notified-'));
  cleanups.push(() => rmSync(dataDir, { recursive: true, force: true }));
  const ws = startWorkstation({ dataDir, secrets: new MemorySecretStore(), now: () => T0 + 60_000, sync: { pollMs: 60_000, backoff: { baseMs: 20, maxMs: 200 } } });
  cleanups.push(() => ws.close());
  const seen: Array<{ name: EventName; payload: unknown }> = [];
  ws.events.subscribe((name, payload) => {
    if (name === 'sync.rejected' || name === 'lead.rerouted') seen.push({ name, payload });
  });
  return { ws, seen };
}

describe('events a rep can be notified of', () => {
  it("'sync.rejected' carries the changes one push added to needs attention, once, and nothing when every change applies", async () => {
    const { server, net } = await team();
    const { ws, seen } = workstation();

    await ws.dispatch('sync.connect', { serverUrl: net.url, email: 'anna@example.com', password: PASSWORD });
    const [taken, mine] = [await server.arrive({ firstName: 'Ada' }), await server.arrive({ firstName: 'Bo' })];
    await ws.dispatch('sync.now', {});
    expect(ws.store.leads.count()).toBe(2);

    // Offline, so the workstation cannot hear that Ben took the lead before Anna accepts it.
    net.down();
    const ben = await server.login('ben@example.com');
    expect((await server.as(ben, 'POST', `/api/v1/leads/${taken}/actions`, { type: 'accept' })).statusCode).toBe(200);
    await ws.dispatch('leads.act', { type: 'accept', leadId: taken });
    await ws.dispatch('leads.act', { type: 'accept', leadId: mine });
    net.up();
    await ws.dispatch('sync.now', {});

    const attention = ws.sync.needsAttention();
    expect(attention).toEqual([expect.objectContaining({ kind: 'accept', leadId: taken, code: 'conflict' })]);
    const rejected = seen.filter((event) => event.name === 'sync.rejected');
    expect(rejected).toEqual([{ name: 'sync.rejected', payload: { items: attention.map((item) => expect.objectContaining(item)) } }]);
    expect((rejected[0]!.payload as { items: NeedsAttentionItem[] }).items[0]!.message).toContain('Ben');
    // The lead then leaves the box as its own event, after the refusal.
    expect(seen.map((event) => event.name)).toEqual(['sync.rejected', 'lead.rerouted']);

    await ws.dispatch('leads.act', { type: 'addNote', leadId: mine, text: 'Called back' });
    await ws.dispatch('sync.now', {});
    expect(seen.filter((event) => event.name === 'sync.rejected')).toHaveLength(1);
  });

  it("'lead.rerouted' comes once for a lead that leaves this box, and not for leads a first sync finds gone", async () => {
    const { server, net } = await team();
    const anna = workstation();
    await anna.ws.dispatch('sync.connect', { serverUrl: net.url, email: 'anna@example.com', password: PASSWORD });
    const leadId = await server.arrive({ firstName: 'Ada' });
    await anna.ws.dispatch('sync.now', {});
    expect(anna.ws.store.leads.get(leadId)).not.toBeNull();

    const ben = await server.login('ben@example.com');
    expect((await server.as(ben, 'POST', `/api/v1/leads/${leadId}/actions`, { type: 'accept' })).statusCode).toBe(200);
    await anna.ws.dispatch('sync.now', {});
    await anna.ws.dispatch('sync.now', {});
    expect(anna.ws.store.leads.get(leadId)).toBeNull();
    expect(anna.seen).toEqual([{ name: 'lead.rerouted', payload: { leadId, reason: expect.stringContaining('withdrawn') } }]);

    // Anna on a second computer: the feed tells it the lead is gone, but it never was in this box.
    const laptop = workstation();
    await laptop.ws.dispatch('sync.connect', { serverUrl: net.url, email: 'anna@example.com', password: PASSWORD });
    await laptop.ws.dispatch('sync.now', {});
    expect(laptop.ws.store.leads.count()).toBe(0);
    expect(laptop.seen).toEqual([]);
  });
});
