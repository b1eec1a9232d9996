import { create } from 'zustand';
import type { LeadRow } from '../../core/contract/index.ts';
import type { CallError } from '../../core/contract/errors.ts';
import { displayName, type Lead } from '../../core/lead/lead.ts';
import { api } from '../api/client.ts';
import type { ListQuery } from './query-store.ts';

/**
 * The list's window onto the lead store: pages of PAGE_SIZE rows fetched by offset when they
 * scroll into view, cached by page number, and dropped whenever the query changes. Only the
 * total comes up front, so 100,000 leads cost one page to open.
 */
export const PAGE_SIZE = 100;
/** Enough pages for a long scroll back and forth without refetching; bounded memory. */
const MAX_PAGES = 50;

interface Range {
  first: number;
  last: number;
}

interface RowsState {
  query: ListQuery | null;
  pages: ReadonlyMap<number, LeadRow[]>;
  /** Null until the first page of the current query has answered. */
  total: number | null;
  error: CallError | null;
  reset(query: ListQuery): void;
  /** Fetches whatever pages the rows first..last (inclusive) need and are not cached. */
  ensureRange(first: number, last: number): void;
  /** Refetches the visible pages under the same query (someone else changed the store). */
  refresh(): Promise<void>;
  retry(): void;
  patch(lead: Lead): void;
}

let generation = 0;
let inflight = new Set<number>();
let visible: Range = { first: 0, last: PAGE_SIZE - 1 };
let prefetched: { query: ListQuery; answer: Promise<PageAnswer> } | null = null;

interface PageAnswer {
  rows: LeadRow[];
  total: number;
}

async function fetchPage(page: number, query: ListQuery): Promise<PageAnswer> {
  const { rows, total } = await api.call('leads.query', { ...query, offset: page * PAGE_SIZE, limit: PAGE_SIZE });
  return { rows, total };
}

/**
 * Asks for the first page while the app is still starting, in parallel with workspace.info,
 * so the list does not wait for a second round trip. Used once, by the first reset(query).
 */
export function prefetchFirstPage(query: ListQuery): void {
  const answer = fetchPage(0, query);
  answer.catch(() => {});
  prefetched = { query, answer };
}

/** The workspace was not set up yet, so the prefetched page is about to be stale. */
export function discardPrefetch(): void {
  prefetched = null;
}

function takePrefetched(page: number, query: ListQuery): Promise<PageAnswer> | null {
  if (page !== 0 || prefetched?.query !== query) return null;
  const { answer } = prefetched;
  prefetched = null;
  return answer;
}

export const useRows = create<RowsState>()((set, get) => {
  const load = (page: number) => {
    const { query, pages } = get();
    if (!query || pages.has(page) || inflight.has(page)) return;
    const mine = generation;
    inflight.add(page);
    (takePrefetched(page, query) ?? fetchPage(page, query)).then(
      ({ rows, total }) => {
        if (mine !== generation) return;
        inflight.delete(page);
        const next = new Map(get().pages);
        next.set(page, rows);
        set({ pages: evict(next), total, error: null });
      },
      (error: CallError) => {
        if (mine !== generation) return;
        inflight.delete(page);
        set({ error });
      },
    );
  };

  return {
    query: null,
    pages: new Map(),
    total: null,
    error: null,
    reset(query) {
      generation += 1;
      inflight = new Set();
      visible = { first: 0, last: PAGE_SIZE - 1 };
      set({ query, pages: new Map(), total: null, error: null });
      load(0);
    },
    ensureRange(first, last) {
      visible = { first, last };
      const total = get().total;
      const end = total === null ? last : Math.min(last, total - 1);
      for (let page = Math.floor(first / PAGE_SIZE); page <= Math.floor(Math.max(first, end) / PAGE_SIZE); page += 1) load(page);
    },
    async refresh() {
      const { query } = get();
      if (!query) return;
      generation += 1;
      inflight = new Set();
      const mine = generation;
      const wanted = pagesOf(visible);
      try {
        const answers = await Promise.all(wanted.map((page) => fetchPage(page, query)));
        if (mine !== generation) return;
        const pages = new Map(wanted.map((page, i) => [page, answers[i]!.rows]));
        set({ pages, total: answers[0]?.total ?? 0, error: null });
      } catch (error) {
        if (mine === generation) set({ error: error as CallError });
      }
    },
    retry() {
      const { query, total } = get();
      if (!query) return;
      if (total === null) get().reset(query);
      else {
        set({ error: null });
        get().ensureRange(visible.first, visible.last);
      }
    },
    patch(lead) {
      const row = toRow(lead);
      const pages = get().pages;
      for (const [page, rows] of pages) {
        const index = rows.findIndex((r) => r.id === lead.id);
        if (index < 0) continue;
        const next = new Map(pages);
        next.set(page, rows.map((r, i) => (i === index ? row : r)));
        set({ pages: next });
        return;
      }
    },
  };
});

export function rowAt(pages: ReadonlyMap<number, LeadRow[]>, index: number): LeadRow | undefined {
  return pages.get(Math.floor(index / PAGE_SIZE))?.[index % PAGE_SIZE];
}

export function toRow(lead: Lead): LeadRow {
  return {
    id: lead.id,
    name: displayName(lead.contact),
    company: lead.contact.company,
    priority: lead.priority,
    score: lead.score,
    status: lead.status,
    source: lead.source,
    campaign: lead.campaign,
    createdAt: lead.createdAt,
    offerExpiresAt: lead.offerExpiresAt,
  };
}

function pagesOf({ first, last }: Range): number[] {
  const pages: number[] = [];
  for (let page = Math.floor(first / PAGE_SIZE); page <= Math.floor(last / PAGE_SIZE); page += 1) pages.push(page);
  return pages;
}

/** Drops the pages farthest from what is on screen once the cache is full. */
function evict(pages: Map<number, LeadRow[]>): Map<number, LeadRow[]> {
  if (pages.size <= MAX_PAGES) return pages;
  const centre = Math.floor((visible.first + visible.last) / 2 / PAGE_SIZE);
  const byDistance = [...pages.keys()].sort((a, b) => Math.abs(b - centre) - Math.abs(a - centre));
  for (const page of byDistance.slice(0, pages.size - MAX_PAGES)) pages.delete(page);
  return pages;
}
