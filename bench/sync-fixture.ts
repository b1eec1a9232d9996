// The sync bench's data and servers, shared by the bench (bench/sync.bench.ts) and the
// server processes it starts (bench/sync-server-process.ts).
import type { FastifyInstance } from 'fastify';
import type { AddressInfo } from 'node:net';
import { generateDemoWorkspace } from '../core/demo/generate.ts';
import type { HistoryEntry, Lead } from '../core/lead/lead.ts';
import { buildServer } from '../server/build-server.ts';
import { leadRows } from '../server/store/lead-rows.ts';

export const LEADS = Number(process.env.SYNC_BENCH_LEADS ?? 100_000);
export const NOW = Date.UTC(2026, 10, 22, 9, 0, 0);
export const PASSWORD = 'correct horse battery';
const ADMIN = 'bench-admin-token-0123456789';

export interface Dataset {
  leads: Lead[];
  history: HistoryEntry[];
}

export function dataset(count = LEADS): Dataset {
  const demo = generateDemoWorkspace({ count, seed: 5, now: NOW, userId: 'anna', userName: 'Anna' });
  // Every lead is Anna's: owned work she may see in full.
  const leads = demo.leads.map((lead) => ({ ...lead, status: 'accepted' as const, ownerId: 'anna', boxId: null, withheld: [], offerExpiresAt: null }));
  return { leads, history: demo.history };
}

/** A lead server listening on loopback with Mia (manager) and Anna (rep), holding `data`. */
export async function startLeadServer(dataDir: string, data: Dataset): Promise<{ app: FastifyInstance; url: string }> {
  const app = await buildServer({ role: 'central', dataDir, adminToken: ADMIN, schedulerIntervalMs: 0, logger: false, now: () => NOW });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const admin = (url: string, payload: object) => app.inject({ method: 'POST', url, headers: { authorization: `Bearer ${ADMIN}` }, payload });
  await admin('/api/v1/admin/users', { id: 'mia', name: 'Mia', email: 'mia@example.com', role: 'manager', password: PASSWORD });
  await admin('/api/v1/admin/users', { id: 'anna', name: 'Anna', email: 'anna@example.com', role: 'rep', managerId: 'mia', password: PASSWORD });
  const rows = leadRows(app.store.db);
  app.store.db.transaction(() => {
    for (const lead of data.leads) rows.save(lead);
    rows.appendHistory(data.history);
  })();
  return { app, url: `http://127.0.0.1:${(app.server.address() as AddressInfo).port}` };
}

/** The same leads, each with its history, as PouchDB documents. */
export function pouchDocs(data: Dataset): Array<{ _id: string; lead: Lead; history: HistoryEntry[] }> {
  const historyOf = new Map<string, HistoryEntry[]>();
  for (const entry of data.history) {
    const entries = historyOf.get(entry.leadId);
    if (entries) entries.push(entry);
    else historyOf.set(entry.leadId, [entry]);
  }
  return data.leads.map((lead) => ({ _id: lead.id, lead, history: historyOf.get(lead.id) ?? [] }));
}
