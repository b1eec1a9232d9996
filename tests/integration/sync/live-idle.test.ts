import { createServer, type Server, type ServerResponse } from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { LiveEvent } from '../../../core/sync/protocol.ts';
import { MemorySecretStore } from '../../../main/services/secrets.ts';
import { createServerApi, SyncHttpError } from '../../../main/services/sync/server-api.ts';
import { startWorkstation, type Workstation } from '../../../main/services/workstation.ts';
import { waitFor } from '../../fixtures/wait-for.ts';
import { startNetSwitch, type NetSwitch } from './net-switch.ts';
import { PASSWORD, rep, seedTeam, startSyncServer, T0, type SyncServer } from './server-harness.ts';

// After a sleep or a change of network the live stream can be dead with neither side told.
// The server writes a heartbeat every 15 s; a stream silent for longer than the client's
// idle limit is ended as offline, and the client opens a new one.

// Wide margins: a loaded CI machine can hold an event loop for a few hundred milliseconds.
const IDLE_MS = 1_000;
const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** An events endpoint that says hello and then does what `then` says with the open stream. */
async function eventsServer(then: (response: ServerResponse) => void): Promise<string> {
  const server: Server = createServer((_request, response) => {
    response.writeHead(200, { 'content-type': 'text/event-stream' });
    response.write(`event: hello\ndata: ${JSON.stringify({ type: 'hello', cursor: 7 })}\n\n`);
    then(response);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  cleanups.push(() => new Promise<void>((resolve) => {
    server.closeAllConnections();
    server.close(() => resolve());
  }));
  return `http://127.0.0.1:${(server.address() as { port: number }).port}`;
}

/** Anna's workstation, signed in through a net switch; polling is an hour away, so only the live stream can bring an offer in time. */
async function connectedThroughSwitch(liveIdleMs: number): Promise<{ server: SyncServer; net: NetSwitch; ws: Workstation }> {
  const server = await startSyncServer({ liveHeartbeatMs: IDLE_MS / 5 });
  cleanups.push(() => server.close());
  await seedTeam(server, [rep('anna')], ['anna']);
  const net = await startNetSwitch(() => Number(new URL(server.url).port));
  cleanups.push(() => net.close());
  const dataDir = mkdtempSync(join(tmpdir(), 'leadrelay-ws-idle-'));
  cleanups.push(() => rmSync(dataDir, { recursive: true, force: true }));
  const ws = startWorkstation({ dataDir, secrets: new MemorySecretStore(), now: () => T0 + 60_000, sync: { pollMs: 3_600_000, liveIdleMs, backoff: { baseMs: 20, maxMs: 100 } } });
  cleanups.push(() => ws.close());
  await ws.dispatch('sync.connect', { serverUrl: net.url, email: 'anna@example.com', password: PASSWORD });
  return { server, net, ws };
}


function nextOffer(ws: Workstation): Promise<string> {
  return new Promise((resolve) => {
    const off = ws.events.subscribe((name, payload) => {
      if (name !== 'lead.offered') return;
      off();
      resolve((payload as { leadId: string }).leadId);
    });
  });
}

describe('the live stream when nothing is heard', () => {
  it('ends a stream that goes silent as offline, naming the silence', async () => {
    const url = await eventsServer(() => undefined);
    const events: LiveEvent[] = [];
    const listening = createServerApi(url, () => 'token').listen((event) => events.push(event), new AbortController().signal, IDLE_MS);
    await expect(listening).rejects.toSatisfy((error: unknown) => error instanceof SyncHttpError && error.kind === 'offline' && /nothing heard/.test(error.message));
    expect(events).toEqual([{ type: 'hello', cursor: 7 }]);
  });

  it('keeps a stream open while heartbeats come, however long it lasts', async () => {
    const url = await eventsServer((response) => {
      let beats = 0;
      const timer = setInterval(() => {
        beats += 1;
        if (beats > 10) {
          clearInterval(timer);
          response.end();
        } else {
          response.write(': keep-alive\n\n');
        }
      }, IDLE_MS / 5);
    });
    await expect(createServerApi(url, () => 'token').listen(() => undefined, new AbortController().signal, IDLE_MS)).resolves.toBeUndefined();
  });

  it('ends quietly when the workstation closes the stream itself', async () => {
    const url = await eventsServer(() => undefined);
    const controller = new AbortController();
    const listening = createServerApi(url, () => 'token').listen(() => controller.abort(), controller.signal, IDLE_MS);
    await expect(listening).resolves.toBeUndefined();
  });

  it('hears live offers again after its stream went silent without being closed (a sleep)', async () => {
    const { server, net, ws } = await connectedThroughSwitch(IDLE_MS);
    await waitFor('a live stream that is not stalled', () => net.liveStreams() > 0);
    net.stallLiveStreams();
    const offered = nextOffer(ws);
    await waitFor('a live stream that is not stalled', () => net.liveStreams() > 0);
    const leadId = await server.arrive();
    expect(await offered).toBe(leadId);
    expect(ws.store.leads.get(leadId)!.lead.status).toBe('offered');
  });

  it('opens a new stream at once when told the computer woke, without waiting for the silence to be noticed', async () => {
    const { server, net, ws } = await connectedThroughSwitch(3_600_000);
    await waitFor('a live stream that is not stalled', () => net.liveStreams() > 0);
    net.stallLiveStreams();
    const offered = nextOffer(ws);
    ws.sync.wake();
    await waitFor('a live stream that is not stalled', () => net.liveStreams() > 0);
    const leadId = await server.arrive();
    expect(await offered).toBe(leadId);
  });
});
