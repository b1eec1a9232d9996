import { describe, expect, it } from 'vitest';
import type { Mutation, PullPage, PushResponse } from '../../../core/sync/protocol.ts';
import { rep, seedTeam, syncServers, type SyncServer } from './server-harness.ts';

const server = syncServers();

const CLIENT = 'client-anna-0001';
const mutation = (seq: number, kind: string, payload: Record<string, unknown>, clientId = CLIENT): Mutation => ({ clientId, seq, mutationId: `m-${clientId}-${seq}`, kind, payload: { type: kind, ...payload } });

async function push(s: SyncServer, token: string, mutations: Mutation[], clientId = CLIENT): Promise<PushResponse> {
  const response = await s.as(token, 'POST', '/api/v1/sync/push', { clientId, mutations });
  expect(response.statusCode, response.body).toBe(200);
  return response.json();
}

async function pullAll(s: SyncServer, token: string, cursor = 0, limit = 500): Promise<{ pages: PullPage[]; cursor: number }> {
  const pages: PullPage[] = [];
  for (;;) {
    const response = await s.as(token, 'GET', `/api/v1/sync/pull?cursor=${cursor}&limit=${limit}`);
    expect(response.statusCode, response.body).toBe(200);
    const page = response.json() as PullPage;
    pages.push(page);
    expect(page.cursor).toBeGreaterThanOrEqual(cursor);
    cursor = page.cursor;
    if (!page.hasMore) return { pages, cursor };
  }
}

/** Everything about leads that sync may change, read straight from the server's database. */
function snapshot(s: SyncServer): unknown {
  const db = s.app.store.db;
  return {
    leads: db.prepare('SELECT * FROM leads ORDER BY id').all(),
    history: db.prepare('SELECT lead_id, kind, summary, reason, data, actor FROM lead_history ORDER BY lead_id, at, id').all(),
    offers: db.prepare('SELECT lead_id, user_id, status FROM offers ORDER BY lead_id, offered_at, id').all(),
    sequences: db.prepare('SELECT client_id, last_seq FROM client_sequences').all(),
  };
}

async function team(s: SyncServer) {
  await seedTeam(s, [rep('anna'), rep('ben')], ['anna']);
  return { anna: await s.login('anna@example.com'), ben: await s.login('ben@example.com') };
}

describe('push: exactly once per (client, seq)', () => {
  it('replaying a pushed batch 2-5 times leaves the server state unchanged and answers the same outcomes', async () => {
    const s = await server();
    const { anna } = await team(s);
    const [a, b] = [await s.arrive(), await s.arrive()];
    const batch = [
      mutation(1, 'accept', { leadId: a }),
      mutation(2, 'addNote', { leadId: a, text: 'Called, interested' }),
      mutation(3, 'setStatus', { leadId: a, status: 'contacted' }),
      mutation(4, 'reject', { leadId: b, reason: 'not my region' }),
      mutation(5, 'accept', { leadId: b }),
    ];
    const first = await push(s, anna, batch);
    expect(first.results.map((r) => [r.status, r.replayed])).toEqual([['applied', false], ['applied', false], ['applied', false], ['applied', false], ['rejected', false]]);
    expect(first.lastAppliedSeq).toBe(5);
    const after = snapshot(s);
    for (let replay = 2; replay <= 5; replay += 1) {
      const again = await push(s, anna, replay % 2 === 0 ? batch : batch.slice(replay - 2));
      expect(again.results.every((r) => r.replayed)).toBe(true);
      expect(again.results.map((r) => r.status)).toEqual(first.results.slice(replay % 2 === 0 ? 0 : replay - 2).map((r) => r.status));
      expect(snapshot(s)).toEqual(after);
    }
    expect(s.app.lifecycle.history(a).filter((e) => e.kind === 'note')).toHaveLength(1);
  });

  it('answers an already applied seq as a success no-op, and refuses a gap without changing anything', async () => {
    const s = await server();
    const { anna } = await team(s);
    const lead = await s.arrive();
    await push(s, anna, [mutation(1, 'accept', { leadId: lead })]);
    const before = snapshot(s);

    const gap = await push(s, anna, [mutation(3, 'addNote', { leadId: lead, text: 'skipped ahead' })]);
    expect(gap.results).toEqual([]);
    expect(gap.refused).toMatchObject({ reason: 'gap', seq: 3, expectedSeq: 2 });
    expect(snapshot(s)).toEqual(before);

    const replay = await push(s, anna, [mutation(1, 'accept', { leadId: lead }), mutation(2, 'addNote', { leadId: lead, text: 'now in order' })]);
    expect(replay.results.map((r) => [r.seq, r.status, r.replayed])).toEqual([[1, 'applied', true], [2, 'applied', false]]);
    expect(replay.results[0]!.lead).toMatchObject({ id: lead, status: 'accepted', ownerId: 'anna' });

    const reused = await push(s, anna, [{ ...mutation(2, 'addNote', { leadId: lead, text: 'other' }), mutationId: 'another-id' }]);
    expect(reused.refused).toMatchObject({ reason: 'mismatch', seq: 2, expectedSeq: 3 });
  });

  it('reports an invalid mutation as a rejection naming the field and keeps the queue moving', async () => {
    const s = await server();
    const { anna } = await team(s);
    const lead = await s.arrive();
    const answer = await push(s, anna, [
      mutation(1, 'setStatus', { leadId: lead, status: 'contacted' }),
      mutation(2, 'accept', { leadId: lead }),
      mutation(3, 'setStatus', { leadId: lead, status: 'won' }),
      mutation(4, 'ruleSave', { rule: {} }),
      mutation(5, 'addNote', { leadId: lead, text: '' }),
      mutation(6, 'setStatus', { leadId: lead, status: 'contacted' }),
    ]);
    expect(answer.results.map((r) => [r.status, r.rejection?.code ?? null, r.rejection?.field ?? null])).toEqual([
      ['rejected', 'forbidden', 'leadId'],
      ['applied', null, null],
      ['rejected', 'invalid', 'amount'],
      ['rejected', 'unsupported', 'kind'],
      ['rejected', 'invalid', 'text'],
      ['applied', null, null],
    ]);
    expect(answer.lastAppliedSeq).toBe(6);
    expect(s.app.lifecycle.lead(lead)).toMatchObject({ status: 'contacted', ownerId: 'anna' });
  });

  it('refuses a clientId that belongs to another user, and bad input naming the field', async () => {
    const s = await server();
    const { anna, ben } = await team(s);
    const lead = await s.arrive();
    await push(s, anna, [mutation(1, 'accept', { leadId: lead })]);
    const stolen = await s.as(ben, 'POST', '/api/v1/sync/push', { clientId: CLIENT, mutations: [mutation(2, 'addNote', { leadId: lead, text: 'x' })] });
    expect(stolen.statusCode).toBe(403);
    expect(stolen.json().error.field).toBe('clientId');
    const bad = await s.as(anna, 'POST', '/api/v1/sync/push', { clientId: CLIENT, mutations: [mutation(2, 'addNote', { leadId: lead, text: 'x' }), mutation(4, 'addNote', { leadId: lead, text: 'y' })] });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.field).toBe('mutations.1.seq');
    const anonymous = await s.app.inject({ method: 'GET', url: '/api/v1/sync/pull' });
    expect(anonymous.statusCode).toBe(401);
  });
});

describe('pull: the change feed', () => {
  it('pages through changes with a cursor that never goes backwards, and ends where it started again', async () => {
    const s = await server();
    const { anna, ben } = await team(s);
    const ids: string[] = [];
    for (let i = 0; i < 25; i += 1) ids.push(await s.arrive());
    const { pages, cursor } = await pullAll(s, anna, 0, 7);
    expect(pages.length).toBeGreaterThan(3);
    const seen = new Set(pages.flatMap((p) => p.items.map((i) => (i.type === 'lead' ? i.lead.id : i.leadId))));
    expect([...seen].sort()).toEqual([...ids].sort());
    const again = await pullAll(s, anna, cursor);
    expect(again.pages).toEqual([{ items: [], cursor, hasMore: false }]);
    // Ben is offered nothing and sees nothing.
    const bens = await pullAll(s, ben, 0);
    expect(bens.pages.flatMap((p) => p.items)).toEqual([]);
  });

  it("delivers a lead's changes in causal order: its history grows only by appending", async () => {
    const s = await server();
    const { anna } = await team(s);
    const lead = await s.arrive();
    let cursor = 0;
    let previous: string[] = [];
    const steps: Array<Mutation['payload']> = [{ type: 'accept' }, { type: 'addNote', text: 'one' }, { type: 'setStatus', status: 'contacted' }, { type: 'addNote', text: 'two' }, { type: 'setStatus', status: 'qualified' }];
    for (const [index, step] of steps.entries()) {
      s.clock.now += 60_000;
      await push(s, anna, [mutation(index + 1, String(step.type), { ...step, leadId: lead })]);
      const { pages, cursor: next } = await pullAll(s, anna, cursor);
      expect(next).toBeGreaterThan(cursor);
      cursor = next;
      const item = pages.flatMap((p) => p.items).at(-1)!;
      expect(item.type).toBe('lead');
      const history = item.type === 'lead' ? item.history.map((h) => h.id) : [];
      expect(history.slice(0, previous.length)).toEqual(previous);
      expect(history.length).toBeGreaterThan(previous.length);
      previous = history;
    }
  });

  it('answers in plain ASCII, with accented names as JSON escapes that parse back to the same text', async () => {
    const s = await server();
    const { anna } = await team(s);
    const accented = await s.arrive({ firstName: 'Zoë' });
    const plain = await s.arrive({ firstName: 'Jane' });
    const response = await s.as(anna, 'GET', '/api/v1/sync/pull?cursor=0&limit=10');
    expect(response.body).toMatch(/^[\x00-\x7f]*$/);
    expect(response.body).toContain('Zo\\u00eb');
    const names = Object.fromEntries((response.json() as PullPage).items.flatMap((i) => (i.type === 'lead' ? [[i.lead.id, i.lead.contact.firstName]] : [])));
    expect(names).toEqual({ [accented]: 'Zoë', [plain]: 'Jane' });
  });

  it('withholds fields until the acceptance is recorded, and tells the loser of an up-for-grabs lead it is gone', async () => {
    const s = await server();
    await seedTeam(s, [rep('anna'), rep('ben')], ['anna', 'ben'], ['email', 'phone']);
    const [anna, ben] = [await s.login('anna@example.com'), await s.login('ben@example.com')];
    const lead = await s.arrive({ email: 'jane@prospect.example', phone: '+49 30 1234567' });
    const before = (await pullAll(s, anna)).pages.flatMap((p) => p.items);
    expect(before).toMatchObject([{ type: 'lead', lead: { id: lead, status: 'offered', contact: { email: null, phone: null } } }]);
    expect(JSON.stringify(before)).not.toContain('jane@prospect.example');

    const benCursor = (await pullAll(s, ben)).cursor;
    await push(s, anna, [mutation(1, 'accept', { leadId: lead })]);
    const after = (await pullAll(s, anna)).pages.flatMap((p) => p.items);
    expect(after).toMatchObject([{ type: 'lead', lead: { id: lead, status: 'accepted', contact: { email: 'jane@prospect.example' } } }]);
    const bens = (await pullAll(s, ben, benCursor)).pages.flatMap((p) => p.items);
    expect(bens).toEqual([{ type: 'revoked', leadId: lead, reason: expect.stringContaining('withdrawn') }]);

    const late = await push(s, ben, [mutation(1, 'accept', { leadId: lead }, 'client-ben-0001')], 'client-ben-0001');
    expect(late.results[0]).toMatchObject({ status: 'rejected', rejection: { code: 'conflict', message: expect.stringContaining('Anna') }, lead: null });
  });
});
