import { afterEach, describe, expect, it } from 'vitest';
import type { Mutation, PullPage } from '../../../core/sync/protocol.ts';
import { createChangePruner } from '../../../server/sync/prune.ts';
import { rep, seedTeam, startSyncServer, type SyncServer } from './server-harness.ts';

// Trimming the change feed to each lead's latest row changes no pull answer, from any cursor.

const servers: SyncServer[] = [];
afterEach(async () => {
  for (const server of servers.splice(0)) await server.close();
});

async function pullAll(s: SyncServer, token: string, cursor: number, limit: number): Promise<PullPage[]> {
  const pages: PullPage[] = [];
  for (;;) {
    const page = (await s.as(token, 'GET', `/api/v1/sync/pull?cursor=${cursor}&limit=${limit}`)).json() as PullPage;
    pages.push(page);
    cursor = page.cursor;
    if (!page.hasMore) return pages;
  }
}

describe('pruning superseded change-feed rows', () => {
  it('keeps one row per lead and gives every cursor the same pages as before', async () => {
    const s = await startSyncServer();
    servers.push(s);
    await seedTeam(s, [rep('anna')], ['anna']);
    const anna = await s.login('anna@example.com');
    const leads = [await s.arrive(), await s.arrive(), await s.arrive()];
    let seq = 0;
    const note = (leadId: string, text: string): Mutation => ({ clientId: 'client-prune', seq: ++seq, mutationId: `m-${seq}`, kind: 'addNote', payload: { type: 'addNote', leadId, text } });
    for (let round = 0; round < 4; round++) {
      const pushed = await s.as(anna, 'POST', '/api/v1/sync/push', { clientId: 'client-prune', mutations: leads.map((leadId) => note(leadId, `round ${round}`)) });
      expect(pushed.statusCode).toBe(200);
    }
    const db = s.app.store.db;
    const rowsBefore = db.prepare('SELECT count(*) FROM changes').pluck().get() as number;
    const cursors = [0, ...(db.prepare('SELECT seq FROM changes ORDER BY seq').pluck().all() as number[])];
    const before = await Promise.all(cursors.map((cursor) => pullAll(s, anna, cursor, 2)));

    expect((await s.app.scheduler.tick()).pruned).toBe(rowsBefore - leads.length);
    expect(db.prepare('SELECT count(DISTINCT lead_id) = count(*) FROM changes').pluck().get()).toBe(1);
    const after = await Promise.all(cursors.map((cursor) => pullAll(s, anna, cursor, 2)));
    expect(after).toEqual(before);
    expect((await s.app.scheduler.tick()).pruned).toBe(0);

    // New writes carry on from the same numbering: a cursor from before still sees them.
    const head = cursors.at(-1)!;
    await s.as(anna, 'POST', '/api/v1/sync/push', { clientId: 'client-prune', mutations: [note(leads[0]!, 'after pruning')] });
    const later = await pullAll(s, anna, head, 10);
    expect(later.flatMap((page) => page.items).map((item) => (item.type === 'lead' ? item.lead.id : item.leadId))).toEqual([leads[0]]);
  });

  it('in small batches, looks at older rows again until a pass ends short, and then only at new writes', async () => {
    const s = await startSyncServer();
    servers.push(s);
    const db = s.app.store.db;
    const write = db.prepare("INSERT INTO changes (lead_id, kind) VALUES (?, 'lead')");
    for (let round = 0; round < 5; round++) for (const lead of ['a', 'b', 'c']) write.run(lead);
    const pruner = createChangePruner(db, 2);
    const passes: number[] = [];
    for (let deleted = pruner.prune(); deleted > 0; deleted = pruner.prune()) passes.push(deleted);
    expect(passes.reduce((sum, n) => sum + n, 0)).toBe(12);
    expect(db.prepare('SELECT lead_id FROM changes ORDER BY lead_id').pluck().all()).toEqual(['a', 'b', 'c']);
    write.run('b');
    expect(pruner.prune()).toBe(1);
    expect(db.prepare('SELECT count(*) FROM changes').pluck().get()).toBe(3);
  });
});
