// The local store at 100k demo leads: bulk import against raw better-sqlite3 inserts into the
// same schema (the limit), and lead-box page and search latency against the naive SQL a
// straightforward implementation would run. See docs/local-store.md for the design.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { Database, Statement } from 'better-sqlite3';
import { generateDemoWorkspace, type DemoWorkspace } from '../core/demo/generate.ts';
import { createRandom, type Random } from '../core/demo/prng.ts';
import { LEAD_STATUSES, PRIORITIES, type HistoryEntry } from '../core/lead/lead.ts';
import { SORT_FIELDS, type LeadQuery, type SortField } from '../core/contract/lead-query.ts';
import { openStore, toFtsQuery, type LocalStore } from '../main/services/store/index.ts';
import { INSERT_LEAD_SQL, INSERT_NOTE_SQL, leadValues, noteValues } from '../main/services/store/lead-rows.ts';
import { searchText } from '../main/services/store/lead-search.ts';
import { latency, percentile, throughput, type BenchResult } from './result.ts';

const COUNT = 100_000;
const NOW = Date.UTC(2026, 10, 22, 9, 0, 0);
const BENCH = 'store';

export default async function storeBench(): Promise<BenchResult[]> {
  const dirs: string[] = [];
  const fresh = (): LocalStore => {
    const dir = mkdtempSync(join(tmpdir(), 'leadrelay-bench-'));
    dirs.push(dir);
    return openStore({ dataDir: dir });
  };
  try {
    // The demo objects die with importFigures, so their heap does not slow the timings below.
    const { result, dataDir } = importFigures(fresh);
    const store = openStore({ dataDir });
    const started = performance.now();
    store.leads.query({});
    const firstQuery = performance.now() - started;
    // Each sort field's order is built on its first use (a one-off cost, like the first query's).
    for (const sort of SORT_FIELDS) store.leads.query({ sort });
    const results = [
      result,
      latency(BENCH, 'first query after open (loads the list index)', 'ms', firstQuery, null, null, '<= 1500 ms'),
      ...pageFigures(store),
      ...searchFigures(store),
    ];
    store.close();
    return results;
  } finally {
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Best of three runs each, in the order ours-raw-raw-ours-ours-raw so neither side always
 * runs on a warmer (or busier) machine. Returns the last store ours filled, for the queries.
 */
function importFigures(fresh: () => LocalStore): { result: BenchResult; dataDir: string } {
  const demo = generateDemoWorkspace({ count: COUNT, seed: 42, now: NOW, userId: 'u-bench', userName: 'Bench Rep' });
  const rows = prepareRaw(demo);
  const times: Record<'ours' | 'raw', number[]> = { ours: [], raw: [] };
  let dataDir = '';
  for (const side of ['ours', 'raw', 'raw', 'ours', 'ours', 'raw'] as const) {
    const store = fresh();
    const started = performance.now();
    if (side === 'ours') store.leads.insertMany(demo.leads, demo.history, demo.notes);
    else rawInsert(store.db, rows);
    times[side].push(performance.now() - started);
    if (side === 'ours') dataDir = dirname(store.path);
    store.close();
  }
  const perSecond = (ms: number[]) => COUNT / (Math.min(...ms) / 1000);
  const result = throughput(BENCH, 'bulk import 100k demo leads (+ history, notes, FTS, indexes)', 'leads/s', perSecond(times.ours), perSecond(times.raw), 'better-sqlite3 raw insert', 'ratio >= 0.8');
  return { result, dataDir };
}

interface RawRows {
  leads: unknown[][];
  fts: string[][];
  /** Per lead (same order as leads), its history as the one JSON value the schema keeps. */
  history: (string | null)[];
  notes: unknown[][];
}

/** The peer gets its rows already flattened: only SQLite's own work is timed. */
function prepareRaw(demo: DemoWorkspace): RawRows {
  const notesText = new Map<string, string[]>();
  for (const note of demo.notes) notesText.set(note.leadId, [...(notesText.get(note.leadId) ?? []), note.text]);
  const historyOf = new Map<string, HistoryEntry[]>();
  for (const entry of demo.history) historyOf.set(entry.leadId, [...(historyOf.get(entry.leadId) ?? []), entry]);
  return {
    leads: demo.leads.map(leadValues),
    fts: demo.leads.map((lead) => [...searchText(lead), notesText.get(lead.id)?.join(' ') ?? '']),
    history: demo.leads.map((lead) => (historyOf.has(lead.id) ? JSON.stringify(historyOf.get(lead.id)) : null)),
    notes: demo.notes.map(noteValues),
  };
}

function rawInsert(db: Database, rows: RawRows): void {
  const lead = db.prepare(INSERT_LEAD_SQL);
  const fts = db.prepare('INSERT INTO lead_fts (rowid, name, company, email, notes) VALUES (?, ?, ?, ?, ?)');
  const timeline = db.prepare('INSERT INTO lead_timelines (rid, entries) VALUES (?, ?)');
  const note = db.prepare(INSERT_NOTE_SQL);
  db.transaction(() => {
    rows.leads.forEach((values, i) => {
      const rid = lead.run(...values).lastInsertRowid;
      fts.run(rid, ...rows.fts[i]!);
      if (rows.history[i]) timeline.run(rid, rows.history[i]);
    });
    for (const values of rows.notes) note.run(...values);
  })();
}

const NAIVE_ORDER: Record<SortField, string> = {
  name: 'last_name, first_name', company: 'company', score: 'score', status: 'status', source: 'source',
  campaign: 'campaign', createdAt: 'created_at', offerExpiresAt: 'offer_expires_at',
};
const LIST_COLUMNS = ['id', 'first_name', 'last_name', 'company', 'priority', 'score', 'status', 'source', 'campaign', 'created_at', 'offer_expires_at'].map((c) => `l.${c}`).join(', ');

/** A straightforward SQL lead box: WHERE + ORDER BY ... LIMIT/OFFSET, and a count(*) for the scrollbar. */
class NaiveQueries {
  private readonly cache = new Map<string, Statement>();

  constructor(private readonly db: Database) {}

  page(q: LeadQuery, match: 'none' | 'like' | 'bm25'): void {
    const where: string[] = [];
    const params: unknown[] = [];
    const among = (column: string, values: string[]) => {
      if (values.length === 0) return;
      where.push(`l.${column} IN (${values.map(() => '?').join(', ')})`);
      params.push(...values);
    };
    among('status', q.statuses);
    among('priority', q.priorities);
    among('source', q.sources);
    among('campaign', q.campaigns);
    let from = 'leads l';
    let order = `${NAIVE_ORDER[q.sort].split(', ').map((c) => `l.${c} ${q.direction}`).join(', ')}, l.id ${q.direction}`;
    if (match === 'like') {
      const term = `%${q.search}%`;
      where.push(`(l.first_name || ' ' || l.last_name LIKE ? OR l.company LIKE ? OR l.email LIKE ? OR EXISTS (SELECT 1 FROM notes n WHERE n.lead_id = l.id AND n.text LIKE ?))`);
      params.push(term, term, term, term);
    } else if (match === 'bm25') {
      from = 'lead_fts f JOIN leads l ON l.rid = f.rowid';
      where.push('lead_fts MATCH ?');
      params.push(toFtsQuery(q.search));
      order = 'bm25(lead_fts)';
    }
    const filter = where.length ? `WHERE ${where.join(' AND ')}` : '';
    this.statement(`SELECT ${LIST_COLUMNS} FROM ${from} ${filter} ORDER BY ${order} LIMIT ? OFFSET ?`).all(...params, q.limit, q.offset);
    this.statement(`SELECT count(*) FROM ${from} ${filter}`).get(...params);
  }

  private statement(sql: string): Statement {
    let statement = this.cache.get(sql);
    if (!statement) this.cache.set(sql, (statement = this.db.prepare(sql)));
    return statement;
  }
}

function randomFilters(r: Random, store: LocalStore): Pick<LeadQuery, 'statuses' | 'priorities' | 'sources' | 'campaigns' | 'sort' | 'direction'> {
  const facets = store.leads.facets();
  const some = <T,>(items: readonly T[], p: number) => (r.chance(p) ? items.filter(() => r.chance(0.3)) : []);
  return {
    statuses: some(LEAD_STATUSES, 0.6),
    priorities: some(PRIORITIES, 0.3),
    sources: some(facets.sources.map((s) => s.value), 0.25),
    campaigns: some(facets.campaigns.map((c) => c.value), 0.15),
    sort: r.pick(SORT_FIELDS),
    direction: r.pick(['asc', 'desc'] as const),
  };
}

/**
 * One figure per query: the best of REPS runs, so that time slices lost to other processes
 * on a busy 2-core machine do not pass for query cost. p50/p95 then describe the spread
 * across queries (filters, sort fields, offsets, words), the same rule for ours and the peers.
 */
const REPS = 3;

function measure(queries: LeadQuery[], run: (q: LeadQuery) => void): number[] {
  for (const q of queries.slice(0, 10)) run(q);
  return queries.map((q) => {
    let best = Number.POSITIVE_INFINITY;
    for (let rep = 0; rep < REPS; rep++) {
      const started = performance.now();
      run(q);
      best = Math.min(best, performance.now() - started);
    }
    return best;
  });
}

function pageFigures(store: LocalStore): BenchResult[] {
  const r = createRandom(7);
  const queries: LeadQuery[] = Array.from({ length: 120 }, () => {
    const q: LeadQuery = { ...randomFilters(r, store), search: '', offset: 0, limit: 50 };
    const total = store.leads.query(q).total;
    return { ...q, offset: r.chance(0.3) ? 0 : Math.floor(r.next() * Math.max(0, total - 50)) };
  });
  const naive = new NaiveQueries(store.db);
  const ours = measure(queries, (q) => store.leads.query(q));
  const peer = measure(queries, (q) => naive.page(q, 'none'));
  const peerName = 'SQL ORDER BY + OFFSET + count(*) on indexed table';
  return [
    latency(BENCH, 'page query p50 (filters + sort, 50 rows, random offset, total)', 'ms', percentile(ours, 50), percentile(peer, 50), peerName, 'p50 <= 1 ms'),
    latency(BENCH, 'page query p95 (filters + sort, 50 rows, random offset, total)', 'ms', percentile(ours, 95), percentile(peer, 95), peerName, 'p95 <= 2 ms'),
  ];
}

/** Rare names, common words ("com", "gmbh", single letters) and half-typed prefixes. */
const SEARCHES = ['com', 'gmbh', 'a', 'm', 'de', 'ltd', 'called', 'pricing', 'mü', 'müller', 'anna', 'sarah', 'northw', 'solar', 'smith', 'logistics', 'anna m', 'north logis', 'j', 'voicemail thurs'];

function searchFigures(store: LocalStore): BenchResult[] {
  const r = createRandom(11);
  const queries: LeadQuery[] = Array.from({ length: 60 }, () => ({
    ...randomFilters(r, store),
    ...(r.chance(0.5) ? { statuses: [], priorities: [], sources: [], campaigns: [] } : {}),
    search: r.pick(SEARCHES),
    offset: r.chance(0.7) ? 0 : r.int(0, 500),
    limit: 50,
  }));
  const naive = new NaiveQueries(store.db);
  const ours = measure(queries, (q) => store.leads.query(q));
  const like = measure(queries, (q) => naive.page(q, 'like'));
  const bm25 = measure(queries, (q) => naive.page(q, 'bm25'));
  const p = (samples: number[], n: number) => percentile(samples, n);
  const metric = (n: number) => `search p${n} (common words, prefixes, filters, 50 rows, total)`;
  return [
    latency(BENCH, metric(50), 'ms', p(ours, 50), p(like, 50), "LIKE '%term%' over name, company, email, notes", 'p50 <= 2 ms'),
    latency(BENCH, metric(95), 'ms', p(ours, 95), p(like, 95), "LIKE '%term%' over name, company, email, notes", 'p95 <= 5 ms'),
    latency(BENCH, metric(50), 'ms', p(ours, 50), p(bm25, 50), 'FTS5 bm25 ranking of every match + count(*)', 'p50 <= 2 ms'),
    latency(BENCH, metric(95), 'ms', p(ours, 95), p(bm25, 95), 'FTS5 bm25 ranking of every match + count(*)', 'p95 <= 5 ms'),
  ];
}
