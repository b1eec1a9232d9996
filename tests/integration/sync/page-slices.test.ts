import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { SyncStatus } from '../../../core/contract/index.ts';
import { MemorySecretStore } from '../../../main/services/secrets.ts';
import { startWorkstation, type Workstation } from '../../../main/services/workstation.ts';
import { startNetSwitch, type NetSwitch } from './net-switch.ts';
import { PASSWORD, rep, seedTeam, startSyncServer, T0, type SyncServer } from './server-harness.ts';

// A page of the feed is written in slices with the event loop free between them, so the
// services answer the UI during a first sync of a large account. These tests look at the
// store from the event loop itself, between the slices.

const LEADS = 450;
const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function setup(): Promise<{ server: SyncServer; net: NetSwitch; ws: Workstation; ids: string[] }> {
  const server = await startSyncServer();
  cleanups.push(() => server.close());
  const net = await startNetSwitch(() => Number(new URL(server.url).port));
  cleanups.push(() => net.close());
  await seedTeam(server, [rep('anna')], ['anna']);
  const ids: string[] = [];
  for (let i = 0; i < LEADS; i += 1) ids.push(await server.arrive());
  const dataDir = mkdtempSync(join(tmpdir(), 'leadrelay-ws-slices-'));
  cleanups.push(() => rmSync(dataDir, { recursive: true, force: true }));
  // One page holds every lead: what is seen in between can only come from the slices.
  const ws = startWorkstation({ dataDir, secrets: new MemorySecretStore(), now: () => T0 + 60_000, sync: { pollMs: 60_000, pullLimit: 1_000 } });
  cleanups.push(() => ws.close());
  return { server, net, ws, ids };
}

/** Runs `tick` on every turn of the event loop until the returned function is called. */
function everyTurn(tick: () => void): () => void {
  let on = true;
  const step = () => {
    if (!on) return;
    tick();
    setImmediate(step);
  };
  setImmediate(step);
  return () => {
    on = false;
  };
}

const call = <T>(ws: Workstation, name: string, input: unknown = {}) => ws.dispatch(name, input) as Promise<T>;

describe('writing a pulled page in slices', () => {
  it('lets the event loop run while a page is written, so part of the page is visible before the rest', async () => {
    const { net, ws } = await setup();
    const seen = new Set<number>();
    const stop = everyTurn(() => seen.add(ws.store.leads.count()));
    const status = await call<SyncStatus>(ws, 'sync.connect', { serverUrl: net.url, email: 'anna@example.com', password: PASSWORD });
    stop();
    expect(status).toMatchObject({ state: 'online', pending: 0 });
    expect(ws.store.leads.count()).toBe(LEADS);
    const partial = [...seen].filter((count) => count > 0 && count < LEADS);
    expect(partial.length).toBeGreaterThan(0);
  });

  it('keeps a change the rep makes between two slices: the lead is left for its push instead of being overwritten', async () => {
    const { server, net, ws, ids } = await setup();
    await call(ws, 'sync.connect', { serverUrl: net.url, email: 'anna@example.com', password: PASSWORD });
    expect(ws.store.leads.count()).toBe(LEADS);
    // Anna accepts every lead from another device while this one is offline: the next pull
    // brings them all back in one page, in the order she accepted them.
    net.down();
    const token = await server.login('anna@example.com');
    for (const id of ids) expect((await server.as(token, 'POST', `/api/v1/leads/${id}/actions`, { type: 'accept' })).statusCode).toBe(200);
    expect(ws.store.leads.get(ids[0]!)!.lead.status).toBe('offered');

    const last = ids.at(-1)!;
    const mine = () => ws.store.leads.get(last)!.notes.some((note) => note.text === 'mine');
    let added = false;
    let lostMeanwhile = false;
    const stop = everyTurn(() => {
      if (!added && ws.store.leads.get(ids[0]!)!.lead.status === 'accepted') {
        added = true;
        void call(ws, 'leads.act', { type: 'addNote', leadId: last, text: 'mine' });
      } else if (added && !mine()) {
        lostMeanwhile = true;
      }
    });
    net.up();
    await call(ws, 'sync.now');
    const settled = await call<SyncStatus>(ws, 'sync.now');
    stop();

    expect(added).toBe(true);
    expect(lostMeanwhile).toBe(false);
    expect(settled).toMatchObject({ state: 'online', pending: 0, needsAttention: 0 });
    expect(ws.store.leads.get(last)!.lead.status).toBe('accepted');
    expect(mine()).toBe(true);
    expect(server.app.lifecycle.history(last).filter((entry) => entry.kind === 'note')).toHaveLength(1);
  });
});
