import { afterEach, describe, expect, it } from 'vitest';
import { openStore } from '../../../main/services/store/index.ts';
import { INSERT_LEAD_SQL, leadValues } from '../../../main/services/store/lead-rows.ts';
import { loadMigrations } from '../../../main/services/store/migrate.ts';
import { makeLead, NOW, tempDir, writeStoreAtLevel } from './helpers.ts';

// Migration 004 rebuilds the full-text index without prefix indexes. A store written by the
// previous release must find the same leads by name, company, email and notes, half-typed
// words included, and keep its index in step with later writes.
const cleanups: Array<() => void> = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
});

describe('local store migration 004 (search without prefix indexes)', () => {
  it('rebuilds the index of a level-3 store from its leads and notes', () => {
    const { dir: dataDir, cleanup } = tempDir();
    cleanups.push(cleanup);
    const leads = [
      makeLead('a', { contact: { firstName: 'Zofia', lastName: 'Quellbrunn', company: 'Kestrel Freight', email: 'zofia@kestrel.example' } }),
      makeLead('b', { contact: { firstName: 'Jörg', lastName: 'Müller', company: null, email: null } }),
      makeLead('c', { contact: { firstName: 'Ada', lastName: 'Lovelace', company: 'Analytical Engines', email: 'ada@engines.example' } }),
    ];
    // The previous release's store at level 3, its index written the way LeadFts wrote it.
    writeStoreAtLevel(dataDir, 3, (old) =>
      old.transaction(() => {
        const insertLead = old.prepare(INSERT_LEAD_SQL);
        const insertFts = old.prepare('INSERT INTO lead_fts (rowid, name, company, email, notes) VALUES (?, ?, ?, ?, ?)');
        for (const lead of leads) {
          const rid = Number(insertLead.run(...leadValues(lead)).lastInsertRowid);
          const notes = lead.id === 'c' ? 'wants pallet racking' : '';
          insertFts.run(rid, `${lead.contact.firstName} ${lead.contact.lastName}`, lead.contact.company ?? '', lead.contact.email ?? '', notes);
        }
        old.prepare('INSERT INTO notes (id, lead_id, at, author, text) VALUES (?, ?, ?, ?, ?)').run('n-1', 'c', NOW, 'u-me', 'wants pallet racking');
      })(),
    );

    const store = openStore({ dataDir });
    try {
      expect(store.db.pragma('user_version', { simple: true })).toBe(loadMigrations().length);
      expect(store.db.prepare("SELECT sql FROM sqlite_schema WHERE name = 'lead_fts'").pluck().get()).not.toContain('prefix');
      const found = (search: string) => store.leads.query({ search }).rows.map((row) => row.id).sort();
      expect(found('q')).toEqual(['a']);
      expect(found('quellb')).toEqual(['a']);
      expect(found('kestrel fr')).toEqual(['a']);
      expect(found('zofia@kestrel.example')).toEqual(['a']);
      expect(found('muller')).toEqual(['b']);
      expect(found('pallet rack')).toEqual(['c']);
      expect(found('an')).toEqual(['c']);
      expect(found('z')).toEqual(['a']);
      // Later writes keep the rebuilt index in step.
      store.leads.applyRemote([{ lead: { ...leads[1]!, contact: { ...leads[1]!.contact, company: 'Quarry Networks' } }, history: [] }]);
      expect(found('quarry')).toEqual(['b']);
    } finally {
      store.close();
    }
  });
});
