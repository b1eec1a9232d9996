import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CALL_NAMES, type LeadPage, type WorkspaceInfo } from '../../../core/contract/index.ts';
import { buildBridge } from '../../../main/web/bridge.ts';
import { startWorkstation, type Workstation } from '../../../main/services/workstation.ts';

const token = 'test-token-0123456789';
const auth = { authorization: `Bearer ${token}`, host: '127.0.0.1:5417' };

let dataDir: string;
let workstation: Workstation;
let app: FastifyInstance;

beforeEach(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'leadrelay-bridge-'));
  workstation = startWorkstation({ dataDir });
  app = await buildBridge({ dispatch: workstation.dispatch, events: workstation.events, token });
});

afterEach(async () => {
  await app.close();
  workstation.close();
  rmSync(dataDir, { recursive: true, force: true });
});

const rpc = (name: string, body: unknown = {}, headers: Record<string, string> = auth) =>
  app.inject({ method: 'POST', url: `/rpc/${name}`, headers: { ...headers, 'content-type': 'application/json' }, payload: JSON.stringify(body) });

describe('web bridge', () => {
  it('refuses API calls without the launch token', async () => {
    const response = await app.inject({ method: 'GET', url: '/rpc', headers: { host: '127.0.0.1:5417' } });
    expect(response.statusCode).toBe(401);
    expect(response.json().error.field).toBe('token');
    expect((await rpc('workspace.info', {}, { host: '127.0.0.1:5417', authorization: 'Bearer wrong' })).statusCode).toBe(401);
  });

  it('refuses a foreign Host header (DNS rebinding) and cross-origin posts', async () => {
    const rebinding = await rpc('workspace.info', {}, { ...auth, host: 'attacker.example:5417' });
    expect(rebinding.statusCode).toBe(400);
    expect(rebinding.json().error.field).toBe('host');
    const crossOrigin = await rpc('workspace.info', {}, { ...auth, origin: 'http://attacker.example' });
    expect(crossOrigin.statusCode).toBe(400);
    expect(crossOrigin.json().error.field).toBe('origin');
  });

  it('lists every declared call with the JSON Schema of its input', async () => {
    const response = await app.inject({ method: 'GET', url: '/rpc', headers: auth });
    expect(response.statusCode).toBe(200);
    const listing = response.json() as { calls: { name: string; inputSchema: { type?: string; properties?: object } }[]; events: { name: string }[] };
    expect(listing.calls.map((call) => call.name).sort()).toEqual([...CALL_NAMES].sort());
    const query = listing.calls.find((call) => call.name === 'leads.query');
    expect(query?.inputSchema.properties).toHaveProperty('search');
    expect(listing.events.map((event) => event.name)).toContain('lead.changed');
  });

  it('answers an unknown call and invalid input with errors naming the problem', async () => {
    const unknown = await rpc('leads.explode');
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().error.code).toBe('unknown_call');

    const badStatus = await rpc('leads.act', { type: 'setStatus', leadId: 'x', status: 'bribed' });
    expect(badStatus.statusCode).toBe(400);
    expect(badStatus.json().error).toMatchObject({ code: 'invalid_input', field: 'status' });

    const badLimit = await rpc('leads.query', { limit: 100_000 });
    expect(badLimit.json().error.field).toBe('limit');

    const notJson = await app.inject({ method: 'POST', url: '/rpc/leads.query', headers: { ...auth, 'content-type': 'application/json' }, payload: '{"limit":' });
    expect(notJson.statusCode).toBe(400);
    expect(notJson.json().error.field).toBe('body');
  });

  it('sets up a demo workspace and serves its leads, then refuses a second demo', async () => {
    const before = (await rpc('workspace.info')).json() as WorkspaceInfo;
    expect(before.needsSetup).toBe(true);
    const after = (await rpc('workspace.createDemo', { count: 300, seed: 7 })).json() as WorkspaceInfo;
    expect(after).toMatchObject({ needsSetup: false, mode: 'demo', leadCount: 300 });
    const page = (await rpc('leads.query', { limit: 20, statuses: ['offered'] })).json() as LeadPage;
    expect(page.rows.length).toBeGreaterThan(0);
    expect(page.rows.every((row) => row.status === 'offered')).toBe(true);
    const again = await rpc('workspace.createDemo', { count: 10 });
    expect(again.statusCode).toBe(409);
  });

  it('an action on a missing lead is a clear 404; on a lead in the wrong state a 409', async () => {
    await rpc('workspace.createDemo', { count: 200, seed: 3 });
    const missing = await rpc('leads.act', { type: 'accept', leadId: 'no-such-lead' });
    expect(missing.statusCode).toBe(404);
    const won = (await rpc('leads.query', { statuses: ['won'], limit: 1 })).json() as LeadPage;
    const wrongState = await rpc('leads.act', { type: 'accept', leadId: won.rows[0]!.id });
    expect(wrongState.statusCode).toBe(409);
    expect(wrongState.json().error.message).toMatch(/cannot accept a lead that is won/);
  });

  it('streams live events over SSE to a real HTTP client', async () => {
    await rpc('workspace.createDemo', { count: 200, seed: 5 });
    const offered = (await rpc('leads.query', { statuses: ['offered'], sort: 'offerExpiresAt', direction: 'desc', limit: 1 })).json() as LeadPage;
    const address = await app.listen({ host: '127.0.0.1', port: 0 });
    const controller = new AbortController();
    const stream = await fetch(`${address}/events?token=${token}`, { signal: controller.signal });
    expect(stream.headers.get('content-type')).toMatch(/text\/event-stream/);
    const reader = stream.body!.getReader();

    const accepted = await fetch(`${address}/rpc/leads.act`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ type: 'accept', leadId: offered.rows[0]!.id }),
    });
    expect(accepted.status).toBe(200);

    let received = '';
    while (!received.includes('event: lead.changed')) {
      const { value, done } = await reader.read();
      if (done) break;
      received += new TextDecoder().decode(value);
    }
    controller.abort();
    expect(received).toContain('event: lead.changed');
    expect(received).toContain(`"id":"${offered.rows[0]!.id}"`);
  });

  it('closes with a browser tab still listening to its events (Ctrl-C does not wait for tabs)', async () => {
    const address = await app.listen({ host: '127.0.0.1', port: 0 });
    const stream = await fetch(`${address}/events?token=${token}`);
    const reader = stream.body!.getReader();
    await reader.read();
    const finished = (async () => {
      try {
        for (;;) if ((await reader.read()).done) return 'ended';
      } catch {
        return 'cut';
      }
    })();
    // Without forcing connections closed this would wait for the tab forever (the test's time-out).
    await app.close();
    expect(['ended', 'cut']).toContain(await finished);
  });
});
