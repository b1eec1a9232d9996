// Intake at 100k stored leads: JSON batches through the real HTTP route (fastify inject:
// parse, validate, normalise, dedupe against the in-memory index, merge or create, routing
// via app.lifecycle, persistence with history and raw document) beside the floor of
// persistence cost, a raw better-sqlite3 insert of the same lead rows. See docs/intake.md.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { generateDemoWorkspace } from '../core/demo/generate.ts';
import type { Lead } from '../core/lead/lead.ts';
import { buildServer } from '../server/build-server.ts';
import { leadRows } from '../server/store/lead-rows.ts';
import { throughput, latency, type BenchResult } from './result.ts';

const BENCH = 'intake';
const STORED = 100_000;
const INCOMING = 10_000;
const BATCH = 500;
const NOW = Date.UTC(2026, 10, 22, 9, 0, 0);
const ADMIN = 'bench-admin';

const incomingOf = (lead: Lead) => ({ contact: lead.contact, interest: lead.interest, source: lead.source, campaign: lead.campaign });

async function open(dataDir: string): Promise<FastifyInstance> {
  const app = await buildServer({ role: 'central', dataDir, adminToken: ADMIN, schedulerIntervalMs: 0, logger: false });
  await app.ready();
  return app;
}

export default async function intakeBench(): Promise<BenchResult[]> {
  const dirs: string[] = [];
  const fresh = () => {
    const dir = mkdtempSync(join(tmpdir(), 'leadrelay-intake-bench-'));
    dirs.push(dir);
    return dir;
  };
  try {
    const { leads } = generateDemoWorkspace({ count: STORED + INCOMING, seed: 7, now: NOW, userId: 'bench-user', userName: 'Bench User' });
    const stored = leads.slice(0, STORED).map((lead) => ({ ...lead, status: 'new' as const, boxId: null, ownerId: null }));
    const incoming = leads.slice(STORED);

    const dataDir = fresh();
    const seeding = await open(dataDir);
    const rows = leadRows(seeding.store.db);
    seeding.store.db.transaction(() => stored.forEach((lead) => rows.save(lead)))();
    await seeding.close();

    const startAt = performance.now();
    const app = await open(dataDir);
    const startMs = performance.now() - startAt;

    const batches: object[] = [];
    for (let i = 0; i < incoming.length; i += BATCH) batches.push({ leads: incoming.slice(i, i + BATCH).map(incomingOf) });
    const counts: Record<string, number> = {};
    const started = performance.now();
    for (const batch of batches) {
      const response = await app.inject({ method: 'POST', url: '/api/v1/leads', headers: { authorization: `Bearer ${ADMIN}` }, payload: batch });
      if (response.statusCode !== 200) throw new Error(`intake answered ${response.statusCode}: ${response.body}`);
      for (const result of response.json().results as Array<{ status: string }>) counts[result.status] = (counts[result.status] ?? 0) + 1;
    }
    const oursPerSecond = INCOMING / ((performance.now() - started) / 1000);
    await app.close();

    // The floor: the same lead rows, same schema and batch transactions, no intake work at all.
    const peerDir = fresh();
    const peerApp = await open(peerDir);
    const peerRows = leadRows(peerApp.store.db);
    const insertBatch = peerApp.store.db.transaction((batch: Lead[]) => batch.forEach((lead) => peerRows.save(lead)));
    const peerLeads = incoming.map((lead) => ({ ...lead, status: 'new' as const, boxId: null, ownerId: null }));
    const peerStarted = performance.now();
    for (let i = 0; i < peerLeads.length; i += BATCH) insertBatch(peerLeads.slice(i, i + BATCH));
    const peerPerSecond = INCOMING / ((performance.now() - peerStarted) / 1000);
    await peerApp.close();

    console.error(`intake outcomes: ${JSON.stringify(counts)}`);
    return [
      throughput(BENCH, `leads/s through POST /api/v1/leads (JSON batches of ${BATCH} via inject; normalise, dedupe, merge/review, routing, persistence) with ${STORED / 1000}k stored`, 'leads/s', oursPerSecond, peerPerSecond, 'raw better-sqlite3 insert of the same lead rows', '>= 2000 leads/s'),
      latency(BENCH, `server start with ${STORED / 1000}k stored leads (dedupe index built from the database)`, 'ms', startMs, null, null),
    ];
  } finally {
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  }
}
