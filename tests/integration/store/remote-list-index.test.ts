import { afterEach, describe, expect, it } from 'vitest';
import { SORT_FIELDS, type LeadQueryInput } from '../../../core/contract/lead-query.ts';
import { generateDemoWorkspace } from '../../../core/demo/generate.ts';
import type { HistoryEntry } from '../../../core/lead/lead.ts';
import { openStore } from '../../../main/services/store/index.ts';
import { NOW, tempDir } from './helpers.ts';

// A first sync writes page after page while the lead box keeps asking for pages. The list
// index takes each page's new leads by appending (no rebuild) and moves replaced ones; after
// every page it must answer exactly what an index built from scratch on the same file does,
// and the search index must find what was written.
const cleanups: Array<() => void> = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
});

const demo = generateDemoWorkspace({ count: 600, seed: 21, now: NOW, userId: 'u-me', userName: 'Alex Rep' });
const historyOf = new Map<string, HistoryEntry[]>();
for (const entry of demo.history) historyOf.set(entry.leadId, [...(historyOf.get(entry.leadId) ?? []), entry]);

const queries: LeadQueryInput[] = [
  ...SORT_FIELDS.flatMap((sort) => (['asc', 'desc'] as const).map((direction) => ({ sort, direction, limit: 40, offset: 7 }))),
  { statuses: ['offered', 'won'], sort: 'score', direction: 'desc', limit: 25 },
  { priorities: ['urgent'], sort: 'name', limit: 30, offset: 3 },
  { search: 'gmbh', sort: 'createdAt', direction: 'desc', limit: 50 },
  { search: demo.leads[5]!.contact.lastName ?? 'x', limit: 10 },
];

describe('the list index during a first sync', () => {
  it('appends each page\'s new leads and moves replaced ones, answering as a fresh index does', () => {
    const { dir, cleanup } = tempDir();
    cleanups.push(cleanup);
    const syncing = openStore({ dataDir: dir });
    const pages: (typeof demo.leads)[] = [];
    for (let i = 0; i < demo.leads.length; i += 75) pages.push(demo.leads.slice(i, i + 75));
    try {
      pages.forEach((page, n) => {
        // Later pages also bring leads already held, changed on the server since.
        const changedAgain = n > 0 ? pages[n - 1]!.slice(0, 10).map((lead) => ({ ...lead, score: (lead.score + 37) % 100, status: 'won' as const, updatedAt: lead.updatedAt + 1 })) : [];
        syncing.leads.applyRemote([...page, ...changedAgain].map((lead) => ({ lead, history: historyOf.get(lead.id) ?? [] })));
        const fresh = openStore({ dataDir: dir });
        try {
          for (const query of queries) expect(syncing.leads.query(query)).toEqual(fresh.leads.query(query));
          expect(syncing.leads.facets()).toEqual(fresh.leads.facets());
        } finally {
          fresh.close();
        }
      });
      const sample = demo.leads[123]!;
      expect(syncing.leads.query({ search: sample.contact.email ?? sample.contact.lastName ?? '' }).rows.map((row) => row.id)).toContain(sample.id);
      expect(syncing.leads.get(sample.id)!.history).toEqual(historyOf.get(sample.id) ?? []);
      // FTS5 raises SQLITE_CORRUPT_VTAB when its index disagrees with itself.
      expect(() => syncing.db.exec("INSERT INTO lead_fts (lead_fts, rank) VALUES ('integrity-check', 0)")).not.toThrow();
    } finally {
      syncing.close();
    }
  });
});
