import { afterEach, describe, expect, it } from 'vitest';
import type { HistoryEntry } from '../../../core/lead/lead.ts';
import { openStore } from '../../../main/services/store/index.ts';
import { leadValues, INSERT_LEAD_SQL } from '../../../main/services/store/lead-rows.ts';
import { loadMigrations } from '../../../main/services/store/migrate.ts';
import { makeLead, NOW, tempDir, writeStoreAtLevel } from './helpers.ts';

// Migration 003 turns the per-entry lead_history table into one JSON timeline per lead. A
// store written by the previous release must come across with every entry, in the order the
// old reads gave (by time, then by the order written), and rule accuracy must count the same.
const cleanups: Array<() => void> = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
});

const entry = (id: string, leadId: string, at: number, kind: HistoryEntry['kind'], data: Record<string, unknown> = {}, reason: string | null = null): HistoryEntry => ({
  id, leadId, at, actor: 'u-me', kind, summary: `${kind} ${id}`, reason, data,
});

describe('local store migration 003 (lead timelines)', () => {
  it('moves every history row of a level-2 store into its lead\'s timeline, in the old read order', () => {
    const { dir: dataDir, cleanup } = tempDir();
    cleanups.push(cleanup);
    // Written out of time order on purpose: two entries share a time, so the write order decides.
    const history = [
      entry('h-3', 'a', NOW + 30, 'status', { status: 'won' }),
      entry('h-1', 'a', NOW + 10, 'rule', { ruleId: 'r-1', ruleName: 'Big deals', nested: { list: [1, 'two', null] } }, 'matched "size > 100"'),
      entry('h-2b', 'a', NOW + 20, 'note', { text: 'first at 20' }),
      entry('h-2a', 'a', NOW + 20, 'note', { text: 'second at 20' }),
      entry('h-4', 'b', NOW + 5, 'rule', { ruleId: 'r-1', ruleName: 'Big deals' }),
      entry('h-5', 'b', NOW + 6, 'rejected'),
    ];
    // The previous release's store, written at level 2 the way it wrote history: one row per entry.
    writeStoreAtLevel(dataDir, 2, (old) => {
      const insertHistory = old.prepare('INSERT INTO lead_history (id, lead_id, at, actor, kind, summary, reason, data) VALUES (?, ?, ?, ?, ?, ?, ?, ?)');
      old.transaction(() => {
        for (const id of ['a', 'b', 'c']) old.prepare(INSERT_LEAD_SQL).run(...leadValues(makeLead(id)));
        for (const h of history) insertHistory.run(h.id, h.leadId, h.at, h.actor, h.kind, h.summary, h.reason, JSON.stringify(h.data));
      })();
    });

    const store = openStore({ dataDir });
    try {
      expect(store.db.pragma('user_version', { simple: true })).toBe(loadMigrations().length);
      expect(store.db.prepare("SELECT count(*) FROM sqlite_schema WHERE name = 'lead_history'").pluck().get()).toBe(0);
      expect(store.leads.get('a')!.history).toEqual([history[1], history[2], history[3], history[0]]);
      expect(store.leads.get('b')!.history).toEqual([history[4], history[5]]);
      expect(store.leads.get('c')!.history).toEqual([]);
      expect(store.ruleInsights.accuracy()).toEqual([{ ruleId: 'r-1', ruleName: 'Big deals', routed: 2, rejected: 1, forwarded: 0, timedOut: 0, won: 1 }]);
      // The migrated timelines take new entries like any other.
      store.leads.applyAction({ type: 'addNote', leadId: 'c', text: 'after the upgrade' }, { actor: 'u-me', actorName: 'Me', now: NOW + 40, newId: (() => { let n = 0; return () => `new-${++n}`; })(), nameOf: (id) => id });
      expect(store.leads.get('c')!.history.map((h) => h.kind)).toEqual(['note']);
      expect(store.db.pragma('foreign_key_check')).toEqual([]);

      // Accuracy is kept between writes and read again after any, a cascading delete included.
      const before = store.ruleInsights.accuracy();
      expect(store.ruleInsights.accuracy()).toBe(before);
      store.db.prepare("DELETE FROM leads WHERE id = 'b'").run();
      expect(store.ruleInsights.accuracy()).toEqual([{ ruleId: 'r-1', ruleName: 'Big deals', routed: 1, rejected: 0, forwarded: 0, timedOut: 0, won: 1 }]);
    } finally {
      store.close();
    }
  });
});
