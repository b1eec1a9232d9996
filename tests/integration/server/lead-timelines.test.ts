import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { generateDemoWorkspace } from '../../../core/demo/generate.ts';
import type { HistoryEntry } from '../../../core/lead/lead.ts';
import { leadRows } from '../../../server/store/lead-rows.ts';
import { readMigrations } from '../../../server/store/migrate.ts';
import { openServerStore, type OpenServerStoreOptions, type ServerStore } from '../../../server/store/open-server-store.ts';

// lead_timelines (migration 006) is the sync feed's per-lead copy of lead_history: it must
// always equal what the per-entry table answers, in the same order, however entries arrive.
const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});
let ids = 0;
const options = (migrations?: OpenServerStoreOptions['migrations']): OpenServerStoreOptions => {
  const dataDir = mkdtempSync(join(tmpdir(), 'leadrelay-timelines-'));
  dirs.push(dataDir);
  return { dataDir, role: 'central', now: () => Date.UTC(2026, 0, 2), newId: () => `server-${++ids}`, ...(migrations ? { migrations } : {}) };
};

const NOW = Date.UTC(2026, 5, 1);
const demo = () => {
  const { leads, history } = generateDemoWorkspace({ count: 40, seed: 11, now: NOW, userId: 'anna', userName: 'Anna' });
  return { leads: leads.map((lead) => ({ ...lead, boxId: null, ownerId: null })), history };
};

function expectSnapshotsMatch(store: ServerStore): void {
  const rows = leadRows(store.db);
  const leadIds = store.db.prepare<[], string>('SELECT id FROM leads ORDER BY id').pluck().all();
  const snapshot = store.db.prepare<[string], string>('SELECT entries FROM lead_timelines WHERE lead_id = ?').pluck();
  let compared = 0;
  for (const leadId of leadIds) {
    const history = rows.history(leadId);
    const text = snapshot.get(leadId);
    if (history.length === 0) expect(text).toBeUndefined();
    else expect(JSON.parse(text!)).toEqual(history);
    compared += history.length;
  }
  expect(compared).toBeGreaterThan(0);
}

describe('lead_timelines', () => {
  it('holds each lead\'s history oldest first, also when entries arrive out of order', () => {
    const store = openServerStore(options());
    try {
      const { leads, history } = demo();
      const rows = leadRows(store.db);
      // Newest first, so most inserts land before the newest entry and rebuild the array.
      const shuffled = [...history].sort((a, b) => b.at - a.at || (a.id < b.id ? 1 : -1));
      store.db.transaction(() => {
        for (const lead of leads) rows.save(lead);
        rows.appendHistory(shuffled.slice(0, 60));
        rows.appendHistory(history.filter((entry) => !shuffled.slice(0, 60).includes(entry)));
      })();
      const tie: HistoryEntry = { ...history[0]!, id: '0000-same-time-smaller-id', at: Math.max(...history.filter((h) => h.leadId === history[0]!.leadId).map((h) => h.at)) };
      rows.appendHistory([tie, { ...tie, id: 'zzzz-same-time-larger-id', data: { quoted: 'a "b" \\ c', nested: [1, { x: null }] }, reason: 'why' }]);
      expectSnapshotsMatch(store);
      store.db.prepare('DELETE FROM leads WHERE id = ?').run(leads[0]!.id);
      expect(store.db.prepare('SELECT count(*) FROM lead_timelines WHERE lead_id = ?').pluck().get(leads[0]!.id)).toBe(0);
    } finally {
      store.close();
    }
  });

  it('is filled by the migration from a level-5 store that already holds history, losing nothing', () => {
    const first = options(readMigrations().slice(0, 5));
    const old = openServerStore(first);
    const { leads, history } = demo();
    try {
      expect(old.schemaVersion).toBe(5);
      const rows = leadRows(old.db);
      old.db.transaction(() => {
        for (const lead of leads) rows.save(lead);
        rows.appendHistory(history);
      })();
    } finally {
      old.close();
    }
    const store = openServerStore({ ...first, migrations: readMigrations() });
    try {
      expect(store.schemaVersion).toBe(readMigrations().length);
      expect(store.db.prepare('SELECT count(*) FROM lead_history').pluck().get()).toBe(history.length);
      expectSnapshotsMatch(store);
      leadRows(store.db).appendHistory([{ ...history[0]!, id: 'after-migration', at: NOW + 1 }]);
      expectSnapshotsMatch(store);
    } finally {
      store.close();
    }
  });
});
