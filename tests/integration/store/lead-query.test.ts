import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LEAD_STATUSES, PRIORITIES, displayName, type Lead, type Note } from '../../../core/lead/lead.ts';
import { SORT_FIELDS, type LeadQueryInput, type LeadRow, type SortField } from '../../../core/contract/lead-query.ts';
import { generateDemoWorkspace } from '../../../core/demo/generate.ts';
import { openStore, SEARCH_CANDIDATE_CAP, type LocalStore } from '../../../main/services/store/index.ts';
import { createRandom } from '../../../core/demo/prng.ts';
import { makeLead, NOW, tempDir } from './helpers.ts';

const demo = generateDemoWorkspace({ count: 3000, seed: 7, now: NOW, userId: 'u-me', userName: 'Alex Rep' });
let store: LocalStore;
let cleanup: () => void;

beforeAll(() => {
  const temp = tempDir();
  cleanup = temp.cleanup;
  store = openStore({ dataDir: temp.dir });
  store.leads.insertMany(demo.leads, demo.history, demo.notes);
});
afterAll(() => {
  store.close();
  cleanup();
});

// A second, deliberately naive implementation of the documented semantics.
const fold = (s: string | null) => (s ? s.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase() : null);
const tokens = (s: string) => (fold(s) ?? '').split(/[^\p{L}\p{N}]+/u).filter(Boolean);
const notesOf = new Map<string, Note[]>();
for (const note of demo.notes) notesOf.set(note.leadId, [...(notesOf.get(note.leadId) ?? []), note]);

function sortKey(lead: Lead, field: SortField): string | number | null {
  switch (field) {
    case 'name':
      return lead.contact.lastName || lead.contact.firstName ? `${fold(lead.contact.lastName) ?? ''}\u0001${fold(lead.contact.firstName) ?? ''}` : null;
    case 'company':
      return fold(lead.contact.company);
    case 'score':
      return lead.score;
    case 'status':
      return LEAD_STATUSES.indexOf(lead.status);
    case 'source':
      return fold(lead.source);
    case 'campaign':
      return fold(lead.campaign);
    case 'createdAt':
      return lead.createdAt;
    case 'offerExpiresAt':
      return lead.offerExpiresAt;
  }
}

function matchesSearch(lead: Lead, search: string): boolean {
  const words = tokens(search);
  if (words.length === 0) return true;
  const { firstName, lastName, company, email } = lead.contact;
  const text = new Set(tokens([firstName, lastName, company, email, ...(notesOf.get(lead.id) ?? []).map((n) => n.text)].filter(Boolean).join(' ')));
  return words.every((word, i) => (i === words.length - 1 ? [...text].some((t) => t.startsWith(word)) : text.has(word)));
}

function reference(q: Required<Pick<LeadQueryInput, 'sort' | 'direction' | 'offset' | 'limit'>> & LeadQueryInput): { ids: string[]; total: number } {
  const dir = q.direction === 'asc' ? 1 : -1;
  const matching = demo.leads
    .filter((l) => !q.statuses?.length || q.statuses.includes(l.status))
    .filter((l) => !q.priorities?.length || q.priorities.includes(l.priority))
    .filter((l) => !q.sources?.length || (l.source !== null && q.sources.includes(l.source)))
    .filter((l) => !q.campaigns?.length || (l.campaign !== null && q.campaigns.includes(l.campaign)))
    .filter((l) => matchesSearch(l, q.search ?? ''))
    .sort((a, b) => {
      const x = sortKey(a, q.sort);
      const y = sortKey(b, q.sort);
      if (x === null || y === null) {
        if (x !== y) return x === null ? 1 : -1;
      } else if (x !== y) return (x < y ? -1 : 1) * dir;
      return (a.id < b.id ? -1 : 1) * dir;
    });
  return { ids: matching.slice(q.offset, q.offset + q.limit).map((l) => l.id), total: matching.length };
}

describe('lead box query', () => {
  it('combines random filters, sorts, directions and offsets exactly like the reference', () => {
    const r = createRandom(99);
    const sources = [...new Set(demo.leads.map((l) => l.source).filter((s): s is string => s !== null))];
    const campaigns = [...new Set(demo.leads.map((l) => l.campaign).filter((c): c is string => c !== null))];
    const subset = <T,>(items: readonly T[]) => items.filter(() => r.chance(0.25));
    let nonEmpty = 0;
    for (let i = 0; i < 200; i++) {
      const q = {
        statuses: r.chance(0.5) ? subset(LEAD_STATUSES) : [],
        priorities: r.chance(0.4) ? subset(PRIORITIES) : [],
        sources: r.chance(0.3) ? subset(sources) : [],
        campaigns: r.chance(0.2) ? subset(campaigns) : [],
        search: r.chance(0.2) ? r.pick(['mü', 'northwind', 'gmbh', 'anna', 'called', 'de', 'sarah', 'solar']) : '',
        sort: r.pick(SORT_FIELDS),
        direction: r.pick(['asc', 'desc'] as const),
        offset: r.chance(0.5) ? 0 : r.int(0, 1500),
        limit: r.int(1, 80),
      };
      const page = store.leads.query(q);
      const expected = reference(q);
      expect({ q, ids: page.rows.map((row) => row.id), total: page.total }).toEqual({ q, ...expected });
      if (page.rows.length > 0) nonEmpty++;
    }
    expect(nonEmpty).toBeGreaterThan(100);
  });

  it('pages through a sort without gaps or repeats', () => {
    const seen: string[] = [];
    for (let offset = 0; offset < 3000; offset += 250) {
      seen.push(...store.leads.query({ sort: 'status', direction: 'asc', offset, limit: 250 }).rows.map((row) => row.id));
    }
    expect(new Set(seen).size).toBe(3000);
  });

  it('returns list rows that agree with the stored lead', () => {
    const [row] = store.leads.query({ statuses: ['offered'], sort: 'offerExpiresAt', direction: 'asc', limit: 1 }).rows as [LeadRow];
    const lead = store.leads.get(row.id)!.lead;
    expect(row).toEqual({
      id: lead.id, name: displayName(lead.contact), company: lead.contact.company, priority: lead.priority, score: lead.score,
      status: lead.status, source: lead.source, campaign: lead.campaign, createdAt: lead.createdAt, offerExpiresAt: lead.offerExpiresAt,
    });
    const soonest = Math.min(...demo.leads.filter((l) => l.status === 'offered').map((l) => l.offerExpiresAt!));
    expect(row.offerExpiresAt).toBe(soonest);
  });

  it('counts facets like the data', () => {
    const facets = store.leads.facets();
    for (const { value, count } of facets.statuses) expect(count).toBe(demo.leads.filter((l) => l.status === value).length);
    expect(facets.sources.reduce((sum, s) => sum + s.count, 0)).toBe(demo.leads.filter((l) => l.source !== null).length);
    expect(store.leads.count()).toBe(3000);
  });

  it('rejects a bad query naming the field', () => {
    expect(() => store.leads.query({ sort: 'email' as SortField })).toThrow(/^sort: /);
    expect(() => store.leads.query({ limit: 0 })).toThrow(/^limit: /);
  });
});

describe('full-text search', () => {
  const find = (search: string) => store.leads.query({ search, limit: 500 }).rows.map((row) => row.id);
  const someLead = demo.leads.find((l) => l.contact.email && !l.contact.email.includes('gmail') && notesOf.has(l.id))!;

  it('finds by name, company, email and note text', () => {
    expect(find(`${someLead.contact.firstName} ${someLead.contact.lastName}`)).toContain(someLead.id);
    expect(find(someLead.contact.company!)).toContain(someLead.id);
    expect(find(someLead.contact.email!)).toContain(someLead.id);
    const note = notesOf.get(someLead.id)![0]!.text;
    expect(find(note.split(' ').slice(0, 4).join(' '))).toContain(someLead.id);
  });

  it('treats the last word as a prefix and ignores accents and case', () => {
    const muller = demo.leads.filter((l) => l.contact.lastName === 'Müller').map((l) => l.id).sort();
    expect(muller.length).toBeGreaterThan(0);
    const found = new Set(find('MULL'));
    expect(muller.every((id) => found.has(id))).toBe(true);
    expect(find('northw').length).toBe(demo.leads.filter((l) => matchesSearch(l, 'northw')).length);
  });

  it('treats FTS syntax in the search box as plain words', () => {
    for (const search of ['"', 'NEAR(', 'a OR b', '*', 'anna AND', '-x', 'email:foo', "o'brien"]) {
      expect(() => store.leads.query({ search })).not.toThrow();
    }
    expect(store.leads.query({ search: '***' }).total).toBe(3000);
  });
});

describe('search over many matches', () => {
  it('looks at the newest matches only, and says so', () => {
    const temp = tempDir();
    const big = openStore({ dataDir: temp.dir });
    try {
      const count = SEARCH_CANDIDATE_CAP + 500;
      big.leads.insertMany(Array.from({ length: count }, (_, i) => makeLead(`acme-${String(i).padStart(5, '0')}`, { createdAt: NOW - (count - i) * 1000, contact: { company: 'Acme Corp' } })), [], []);
      const page = big.leads.query({ search: 'acme', sort: 'createdAt', direction: 'asc', limit: 1 });
      expect(page.capped).toBe(true);
      expect(page.total).toBe(SEARCH_CANDIDATE_CAP);
      expect(page.rows[0]!.id).toBe('acme-00500');
      expect(big.leads.query({ search: 'acme', statuses: ['won'] })).toMatchObject({ total: 0, capped: true });
      expect(big.leads.query({ search: 'acme-05499' }).capped).toBeUndefined();
    } finally {
      big.close();
      temp.cleanup();
    }
  });
});
