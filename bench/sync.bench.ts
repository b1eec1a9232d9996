// Sync: the first sync of a 100k-lead account from a lead server to a fresh workstation store
// over HTTP on loopback (push nothing, pull every page, write every lead with history and
// search index) beside PouchDB replicating the same 100k documents from express-pouchdb over
// HTTP; and one change's end-to-end latency: rep A acts on workstation A → A pushes → server
// → live event → manager B's workstation has pulled it. See docs/sync.md.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { generateDemoWorkspace } from '../core/demo/generate.ts';
import type { HistoryEntry, Lead } from '../core/lead/lead.ts';
import { MemorySecretStore } from '../main/services/secrets.ts';
import { startWorkstation, type Workstation } from '../main/services/workstation.ts';
import { buildServer } from '../server/build-server.ts';
import { leadRows } from '../server/store/lead-rows.ts';
import { latency, percentile, throughput, type BenchResult } from './result.ts';

const BENCH = 'sync';
const LEADS = Number(process.env.SYNC_BENCH_LEADS ?? 100_000);
const CHANGES = 200;
const NOW = Date.UTC(2026, 10, 22, 9, 0, 0);
const ADMIN = 'bench-admin-token-0123456789';
const PASSWORD = 'correct horse battery';

interface Dataset {
  leads: Lead[];
  history: HistoryEntry[];
}

function dataset(): Dataset {
  const demo = generateDemoWorkspace({ count: LEADS, seed: 5, now: NOW, userId: 'anna', userName: 'Anna' });
  // Every lead is Anna's: owned work she may see in full.
  const leads = demo.leads.map((lead) => ({ ...lead, status: 'accepted' as const, ownerId: 'anna', boxId: null, withheld: [], offerExpiresAt: null }));
  return { leads, history: demo.history };
}

async function startServer(dataDir: string): Promise<{ app: FastifyInstance; url: string }> {
  const app = await buildServer({ role: 'central', dataDir, adminToken: ADMIN, schedulerIntervalMs: 0, logger: false, now: () => NOW });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const admin = (method: 'POST' | 'PUT', url: string, payload: object) => app.inject({ method, url, headers: { authorization: `Bearer ${ADMIN}` }, payload });
  await admin('POST', '/api/v1/admin/users', { id: 'mia', name: 'Mia', email: 'mia@example.com', role: 'manager', password: PASSWORD });
  await admin('POST', '/api/v1/admin/users', { id: 'anna', name: 'Anna', email: 'anna@example.com', role: 'rep', managerId: 'mia', password: PASSWORD });
  return { app, url: `http://127.0.0.1:${(app.server.address() as AddressInfo).port}` };
}

function workstation(dataDir: string): Workstation {
  return startWorkstation({ dataDir, secrets: new MemorySecretStore(), now: () => NOW, sync: { pollMs: 600_000, pullLimit: 1_000 } });
}

async function firstSync(data: Dataset, fresh: () => string): Promise<number> {
  const { app, url } = await startServer(fresh());
  const db = app.store.db;
  const rows = leadRows(db);
  db.transaction(() => {
    for (const lead of data.leads) rows.save(lead);
    rows.appendHistory(data.history);
  })();
  const ws = workstation(fresh());
  try {
    const started = performance.now();
    const status = (await ws.dispatch('sync.connect', { serverUrl: url, email: 'anna@example.com', password: PASSWORD })) as { state: string };
    const seconds = (performance.now() - started) / 1000;
    const count = ws.store.leads.count();
    if (status.state !== 'online' || count !== data.leads.length) throw new Error(`first sync ended ${status.state} with ${count} of ${data.leads.length} leads`);
    return data.leads.length / seconds;
  } finally {
    ws.close();
    await app.close();
  }
}

/** Anna adds a note on her workstation; the time until Mia's workstation (her manager) holds it. */
async function endToEnd(fresh: () => string): Promise<number[]> {
  const { app, url } = await startServer(fresh());
  const leadIds: string[] = [];
  const rows = leadRows(app.store.db);
  for (const lead of dataset().leads.slice(0, 20)) {
    rows.save(lead);
    leadIds.push(lead.id);
  }
  const anna = workstation(fresh());
  const mia = workstation(fresh());
  try {
    await anna.dispatch('sync.connect', { serverUrl: url, email: 'anna@example.com', password: PASSWORD });
    await mia.dispatch('sync.connect', { serverUrl: url, email: 'mia@example.com', password: PASSWORD });
    await new Promise((resolve) => setTimeout(resolve, 200));
    const samples: number[] = [];
    for (let i = 0; i < CHANGES; i += 1) {
      const text = `note ${i}`;
      const leadId = leadIds[i % leadIds.length]!;
      const arrived = new Promise<void>((resolve) => {
        const off = mia.events.subscribe((name, payload) => {
          if (name !== 'lead.changed' && name !== 'workspace.changed') return;
          if (name === 'lead.changed' && (payload as { lead: Lead }).lead.id !== leadId) return;
          if (mia.store.leads.get(leadId)?.notes.some((note) => note.text === text)) {
            off();
            resolve();
          }
        });
      });
      const started = performance.now();
      await anna.dispatch('leads.act', { type: 'addNote', leadId, text });
      await arrived;
      samples.push(performance.now() - started);
    }
    return samples;
  } finally {
    anna.close();
    mia.close();
    await app.close();
  }
}

interface PouchDb {
  bulkDocs(docs: object[]): Promise<unknown>;
  replicate: { from(source: PouchDb, options: object): Promise<{ docs_written: number }> };
  info(): Promise<{ doc_count: number }>;
}
type PouchCtor = { new (name: string): PouchDb; plugin(plugin: unknown): PouchCtor; defaults(options: object): new (name: string) => PouchDb };

/** The same leads, each with its history, as PouchDB documents; replicated by a fresh in-memory PouchDB over HTTP. */
async function pouchReplication(data: Dataset): Promise<number> {
  // Loaded by name: the peer ships no type declarations.
  const load = async (name: string) => ((await import(name)) as { default: unknown }).default;
  const [PouchDB, memory, expressPouchdb, express] = (await Promise.all(['pouchdb', 'pouchdb-adapter-memory', 'express-pouchdb', 'express'].map(load))) as [PouchCtor, unknown, (ctor: unknown, options: object) => unknown, () => { use(path: string, handler: unknown): void; listen(port: number, host: string, done: () => void): HttpServer }];
  const MemPouch = PouchDB.plugin(memory).defaults({ adapter: 'memory' });
  const app = express();
  app.use('/', expressPouchdb(MemPouch, { mode: 'minimumForPouchDB', inMemoryConfig: true }));
  const server = await new Promise<HttpServer>((resolve) => {
    const listening = app.listen(0, '127.0.0.1', () => resolve(listening));
  });
  try {
    const historyOf = new Map<string, HistoryEntry[]>();
    for (const entry of data.history) historyOf.set(entry.leadId, [...(historyOf.get(entry.leadId) ?? []), entry]);
    const source = new MemPouch('leads');
    for (let i = 0; i < data.leads.length; i += 5_000) {
      await source.bulkDocs(data.leads.slice(i, i + 5_000).map((lead) => ({ _id: lead.id, lead, history: historyOf.get(lead.id) ?? [] })));
    }
    const target = new MemPouch('workstation');
    // The remote side must be an HTTP database: a URL given to the memory-defaulted
    // constructor's replicate.from would open a local memory database named after it.
    const remote = new PouchDB(`http://127.0.0.1:${(server.address() as AddressInfo).port}/leads`);
    const started = performance.now();
    const result = await target.replicate.from(remote, { batch_size: 1_000 });
    const seconds = (performance.now() - started) / 1000;
    if ((await target.info()).doc_count !== data.leads.length) throw new Error(`PouchDB replicated ${result.docs_written} of ${data.leads.length}`);
    return data.leads.length / seconds;
  } finally {
    await new Promise((resolve) => server.close(resolve));
  }
}

export default async function syncBench(): Promise<BenchResult[]> {
  const dirs: string[] = [];
  const fresh = () => {
    const dir = mkdtempSync(join(tmpdir(), 'leadrelay-sync-bench-'));
    dirs.push(dir);
    return dir;
  };
  try {
    const data = dataset();
    const ours = await firstSync(data, fresh);
    // The peer is reported as missing, loudly, rather than stopping our figures with it.
    const pouch = process.env.SYNC_BENCH_NO_POUCH ? null : await pouchReplication(data).catch((error: unknown) => {
      console.error(`sync bench: PouchDB peer not measured: ${(error as Error).message}`);
      return null;
    });
    const samples = await endToEnd(fresh);
    return [
      throughput(BENCH, `first sync of ${LEADS.toLocaleString('en-US')} leads over HTTP, fresh workstation store`, 'docs/s', ours, pouch, pouch === null ? null : 'PouchDB 9 replicate from express-pouchdb (memory adapters)', '≥ 10× PouchDB'),
      latency(BENCH, `one change end to end (rep A → server → live → manager B), p50 of ${CHANGES}`, 'ms', percentile(samples, 50), null, null),
      latency(BENCH, `one change end to end (rep A → server → live → manager B), p95 of ${CHANGES}`, 'ms', percentile(samples, 95), null, null, '≤ 100 ms on loopback'),
    ];
  } finally {
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  }
}
