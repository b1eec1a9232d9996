import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { LeadDetail, LeadPage, SyncStatus } from '../../../core/contract/index.ts';
import type { HistoryEntry, Lead } from '../../../core/lead/lead.ts';
import { MemorySecretStore } from '../../../main/services/secrets.ts';
import { startWorkstation, type Workstation } from '../../../main/services/workstation.ts';
import { waitFor } from '../../fixtures/wait-for.ts';
import { PASSWORD, rep, seedTeam, startSyncServer, T0, type SyncServer } from './server-harness.ts';

// A fresh workstation's first sync takes the server's snapshot page by page, then follows the
// feed from the position the first page named (docs/sync.md, "First sync: the snapshot").
// A small HTTP proxy in front of the server sees, and may spoil, each snapshot page.

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

interface SnapshotAnswer {
  status: number;
  body: Buffer;
}
/** Called for each snapshot page with its `after`; may answer something else, or 'cut' the connection. */
type Tap = (after: number, answer: SnapshotAnswer) => Promise<SnapshotAnswer | 'cut'> | SnapshotAnswer | 'cut';

async function startTap(target: () => string, tap: { current: Tap }): Promise<{ url: string; afters: number[] }> {
  const afters: number[] = [];
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => void (async () => {
      const url = new URL(request.url ?? '/', 'http://tap');
      const answer = await fetch(`${target()}${url.pathname}${url.search}`, {
        method: request.method,
        headers: Object.fromEntries(Object.entries(request.headers).filter(([name]) => name !== 'host' && name !== 'connection') as Array<[string, string]>),
        body: chunks.length > 0 ? Buffer.concat(chunks) : undefined,
      });
      let reply: SnapshotAnswer | 'cut' = { status: answer.status, body: Buffer.from(await answer.arrayBuffer()) };
      if (url.pathname === '/api/v1/sync/snapshot') {
        const after = Number(url.searchParams.get('after') ?? 0);
        afters.push(after);
        reply = await tap.current(after, reply);
      }
      if (reply === 'cut') return request.socket.destroy();
      response.writeHead(reply.status, { 'content-type': answer.headers.get('content-type') ?? 'application/json' });
      response.end(reply.body);
    })());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  cleanups.push(() => new Promise<void>((resolve) => server.close(() => resolve())));
  return { url: `http://127.0.0.1:${(server.address() as { port: number }).port}`, afters };
}

const passThrough: Tap = (_after, answer) => answer;

async function setup(leads: number, tap: Tap = passThrough) {
  const server = await startSyncServer();
  cleanups.push(() => server.close());
  await seedTeam(server, [rep('anna')], ['anna']);
  const ids: string[] = [];
  for (let i = 0; i < leads; i += 1) ids.push(await server.arrive({ firstName: `Prospect${i}` }));
  const anna = await server.login('anna@example.com');
  const tapRef = { current: tap };
  const proxy = await startTap(() => server.url, tapRef);
  const dataDir = mkdtempSync(join(tmpdir(), 'leadrelay-ws-snapshot-'));
  cleanups.push(() => rmSync(dataDir, { recursive: true, force: true }));
  const ws = startWorkstation({
    dataDir, secrets: new MemorySecretStore(), now: () => T0 + 60_000,
    sync: { pollMs: 60_000, snapshotLimit: 10, backoff: { baseMs: 20, maxMs: 50 } },
  });
  cleanups.push(() => ws.close());
  const connect = () => ws.dispatch('sync.connect', { serverUrl: proxy.url, email: 'anna@example.com', password: PASSWORD }) as Promise<SyncStatus>;
  return { server, ids, anna, ws, proxy, tapRef, connect };
}

async function act(server: SyncServer, token: string, leadId: string, action: Record<string, unknown>): Promise<void> {
  const answer = await server.as(token, 'POST', `/api/v1/leads/${leadId}/actions`, action);
  expect(answer.statusCode, answer.body).toBe(200);
}

/** The lead and history as the server answers them to Anna. */
async function serverView(server: SyncServer, token: string, leadId: string): Promise<{ lead: Lead; history: HistoryEntry[] }> {
  return JSON.parse((await server.as(token, 'GET', `/api/v1/leads/${leadId}`)).body) as { lead: Lead; history: HistoryEntry[] };
}

async function expectSameAsServer(s: { server: SyncServer; ws: Workstation; anna: string }, ids: readonly string[]): Promise<void> {
  expect(s.ws.store.leads.count()).toBe(ids.length);
  for (const id of ids) {
    const local = (await s.ws.dispatch('leads.get', { id })) as LeadDetail;
    const remote = await serverView(s.server, s.anna, id);
    expect(local.lead).toEqual(remote.lead);
    expect(local.history).toEqual([...remote.history].sort((a, b) => a.at - b.at));
  }
}

describe('a first sync from the snapshot', () => {
  it('takes the snapshot page by page and ends with the server’s leads, histories, notes and search', async () => {
    const s = await setup(25);
    await act(s.server, s.anna, s.ids[3]!, { type: 'accept' });
    await act(s.server, s.anna, s.ids[3]!, { type: 'addNote', text: 'Wants a quote for Zürich' });

    expect(await s.connect()).toMatchObject({ state: 'online', pending: 0 });
    // Three pages of ten: the second and third each go on after the previous page's last lead.
    expect(s.proxy.afters).toHaveLength(3);
    expect(s.proxy.afters[0]).toBe(0);
    expect(new Set(s.proxy.afters).size).toBe(3);
    await expectSameAsServer(s, s.ids);
    const noted = (await s.ws.dispatch('leads.get', { id: s.ids[3] })) as LeadDetail;
    expect(noted.notes.map((note) => note.text)).toEqual(['Wants a quote for Zürich']);
    const found = (await s.ws.dispatch('leads.query', { search: 'zürich' })) as LeadPage;
    expect(found.rows.map((row) => row.id)).toEqual([s.ids[3]]);
    const byName = (await s.ws.dispatch('leads.query', { search: 'Prospect24' })) as LeadPage;
    expect(byName.rows.map((row) => row.id)).toEqual([s.ids[24]]);
  });

  it('brings what changed while it was taken through the feed from the first page’s position', async () => {
    let arrived: string | null = null;
    const s = await setup(25, async (after, answer) => {
      // Once the first page has been read: a lead it carried changes, and a new one arrives.
      if (after !== 0 || arrived !== null) return answer;
      await act(s.server, s.anna, s.ids[0]!, { type: 'accept' });
      await act(s.server, s.anna, s.ids[0]!, { type: 'addNote', text: 'changed during the snapshot' });
      arrived = await s.server.arrive({ firstName: 'Latecomer' });
      return answer;
    });
    expect(await s.connect()).toMatchObject({ state: 'online' });
    await expectSameAsServer(s, [...s.ids, arrived!]);
    expect(((await s.ws.dispatch('leads.get', { id: s.ids[0] })) as LeadDetail).notes.map((note) => note.text)).toEqual(['changed during the snapshot']);
  });

  it('goes on where it stopped when a page is lost on the way, without starting again', async () => {
    let cut = false;
    const s = await setup(25, (after, answer) => {
      if (after === 0 || cut) return answer;
      cut = true;
      return 'cut';
    });
    await s.connect();
    await waitFor('the snapshot to finish after the lost page', () => s.ws.store.leads.count() === 25);
    await waitFor('the round to end online', () => s.ws.sync.currentStatus().state === 'online');
    // The lost page is asked for again; the first is not.
    expect(s.proxy.afters.filter((after) => after === 0)).toHaveLength(1);
    expect(s.proxy.afters[1]).toBe(s.proxy.afters[2]);
    await expectSameAsServer(s, s.ids);
  });

  it('follows the feed from the start when the server has no snapshot', async () => {
    const s = await setup(12, () => ({ status: 404, body: Buffer.from(JSON.stringify({ error: { code: 'not_found', message: 'Route GET:/api/v1/sync/snapshot not found' } })) }));
    expect(await s.connect()).toMatchObject({ state: 'online' });
    expect(s.proxy.afters).toEqual([0]);
    await expectSameAsServer(s, s.ids);
  });

  it('refuses a page whose history is not a JSON array, naming the lead, and writes nothing of it', async () => {
    let spoil = true;
    const s = await setup(5, (_after, answer) => {
      if (!spoil) return answer;
      const lines = answer.body.toString('utf8').split('\n');
      lines[2] = '{"not":"an array"}';
      return { status: answer.status, body: Buffer.from(lines.join('\n')) };
    });
    const status = await s.connect();
    expect(status.state).toBe('error');
    expect(status.message).toContain(`history of lead ${s.ids[0]}: must be a JSON array`);
    expect(s.ws.store.leads.count()).toBe(0);

    spoil = false;
    expect(await s.ws.sync.syncNow()).toMatchObject({ state: 'online' });
    await expectSameAsServer(s, s.ids);
  });

  it('refuses a page with a bad row, naming the lead and the field', async () => {
    const s = await setup(3, (_after, answer) => ({ status: answer.status, body: Buffer.from(answer.body.toString('utf8').replace('"offered"', '"taken"')) }));
    const status = await s.connect();
    expect(status.state).toBe('error');
    expect(status.message).toMatch(/lead 1 of 3: status: /);
    expect(s.ws.store.leads.count()).toBe(0);
  });
});
