// The reseller exchange (docs/exchange.md):
// (a) leads/s forwarded central → reseller over real HTTP on 127.0.0.1 — routed, signed,
//     verified, stored and routed again on the reseller, acknowledged, marked delivered —
//     beside the floor of that transport: unsigned JSON POSTs of the same offers to a bare
//     node:http server that inserts each body into SQLite;
// (b) our XML codec (guarded scan + validation into lead objects; build) beside raw
//     fast-xml-parser parse and build of the same 10k-lead document, without validation;
// (c) our JSON codec (shape check + parse + validation; build) beside JSON.parse/stringify.
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { XMLBuilder, XMLParser } from 'fast-xml-parser';
import { v7 as uuidv7 } from 'uuid';
import { readExchangeJson, writeExchangeJson } from '../core/exchange/exchange-json.ts';
import type { ExchangeDocument } from '../core/exchange/exchange-message.ts';
import { offerContent } from '../core/exchange/exchange-policy.ts';
import { readExchangeXml, writeExchangeXml } from '../core/exchange/exchange-xml.ts';
import { Lead } from '../core/lead/lead.ts';
import { buildServer } from '../server/build-server.ts';
import { leadRows } from '../server/store/lead-rows.ts';
import { throughput, type BenchResult } from './result.ts';

const BENCH = 'exchange';
const FORWARDED = 2_000;
const CODEC_LEADS = 10_000;
const ADMIN = 'bench-admin-token';
const SECRET = 'b'.repeat(40);

function sampleLead(i: number, now: number): Lead {
  return Lead.parse({
    id: uuidv7(), createdAt: now, updatedAt: now, status: 'new', priority: i % 7 === 0 ? 'high' : 'normal', score: i % 100,
    contact: { firstName: `First${i}`, lastName: `Last${i}`, company: `Company ${i} & Co`, title: 'Head of Buying', email: `person${i}@example.com`, phone: `+49 30 ${1000000 + i}`, street: `Main street ${i}`, city: 'Berlin', postalCode: '10115', country: 'DE' },
    interest: { product: 'Widget Pro <XL>', size: 40 + (i % 50), timeframe: 'next quarter', budget: 12000 + i },
    source: 'web', campaign: 'spring', custom: { segment: 'SMB', employees: 40, vip: i % 2 === 0 },
  });
}

async function timed(run: () => Promise<void> | void): Promise<number> {
  const start = performance.now();
  await run();
  return (performance.now() - start) / 1000;
}

function best(run: () => unknown, reps = 5): number {
  run();
  let fastest = Infinity;
  for (let r = 0; r < reps; r++) {
    const start = performance.now();
    run();
    fastest = Math.min(fastest, performance.now() - start);
  }
  return fastest / 1000;
}

async function waitUntil(done: () => boolean): Promise<void> {
  while (!done()) await new Promise((resolve) => setTimeout(resolve, 5));
}

async function forwarding(dirs: string[]): Promise<BenchResult> {
  const fresh = () => {
    const dir = mkdtempSync(join(tmpdir(), 'leadrelay-exchange-bench-'));
    dirs.push(dir);
    return dir;
  };
  const central = await buildServer({ role: 'central', dataDir: fresh(), adminToken: ADMIN, schedulerIntervalMs: 0, exchange: { concurrency: 16 } });
  const reseller = await buildServer({ role: 'reseller', dataDir: fresh(), adminToken: ADMIN, schedulerIntervalMs: 0 });
  try {
    await central.listen({ port: 0, host: '127.0.0.1' });
    await reseller.listen({ port: 0, host: '127.0.0.1' });
    const url = (app: typeof central) => `http://127.0.0.1:${(app.server.address() as AddressInfo).port}/api/v1/exchange/messages`;
    const admin = (app: typeof central, method: 'POST' | 'PUT', path: string, payload: object) => app.inject({ method, url: path, headers: { authorization: `Bearer ${ADMIN}` }, payload });
    const created = await admin(central, 'POST', '/api/v1/admin/partners', { name: 'Reseller', url: url(reseller), format: 'xml', secret: SECRET, policy: { withheld: ['contact.phone'] } });
    const partnerId = created.json<{ partner: { id: string } }>().partner.id;
    await admin(reseller, 'POST', '/api/v1/admin/partners', { id: partnerId, name: 'Vendor', url: url(central), format: 'xml', secret: SECRET });
    for (const app of [central, reseller]) await admin(app, 'POST', '/api/v1/admin/boxes', { id: 'root', parentId: null, name: 'System' });
    await admin(reseller, 'POST', '/api/v1/admin/users', { id: 'rep', name: 'Rep', email: 'rep@reseller.example' });
    const rule = (id: string, actions: unknown[]) => ({ id, name: id, category: 'assignment', event: 'arrived', scope: { kind: 'global' }, ownerId: 'admin', enabled: true, order: 10, actions });
    await admin(central, 'PUT', '/api/v1/admin/rules', { version: 1, rules: [rule('out', [{ type: 'routeToPartner', partnerId }, { type: 'withholdFields', fields: ['email'] }])] });
    await admin(reseller, 'PUT', '/api/v1/admin/rules', { version: 1, rules: [rule('in', [{ type: 'routeToUser', userId: 'rep' }])] });

    const now = Date.now();
    const leads = Array.from({ length: FORWARDED }, (_, i) => sampleLead(i, now));
    const rows = leadRows(central.store.db);
    const received = reseller.store.db.prepare('SELECT count(*) AS n FROM exchange_leads');
    const pending = () => central.exchange.outbox.pending();
    const seconds = await timed(async () => {
      for (const lead of leads) {
        central.store.db.transaction(() => rows.save(lead))();
        central.lifecycle.onLeadArrived(lead.id);
      }
      await waitUntil(() => pending() === 0 && (received.get() as { n: number }).n === FORWARDED);
    });

    // The floor: the same offers, unsigned, POSTed 16 at a time to a server that only stores them.
    const floorDb = new Database(join(fresh(), 'floor.db'));
    floorDb.pragma('journal_mode = WAL');
    floorDb.pragma('synchronous = NORMAL');
    floorDb.exec('CREATE TABLE bodies (id INTEGER PRIMARY KEY, body TEXT NOT NULL)');
    const insert = floorDb.prepare('INSERT INTO bodies (body) VALUES (?)');
    const floor = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        insert.run(Buffer.concat(chunks).toString('utf8'));
        response.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
      });
    });
    await new Promise<void>((resolve) => floor.listen(0, '127.0.0.1', resolve));
    const floorUrl = `http://127.0.0.1:${(floor.address() as AddressInfo).port}/`;
    const bodies = leads.map((lead) => JSON.stringify({ leadId: lead.id, ...offerContent(lead, { withheld: [], private: [], feedback: { statuses: [], assignee: 'hidden', amount: true, reason: true } }, ['email']) }));
    const floorSeconds = await timed(async () => {
      let next = 0;
      const worker = async () => {
        while (next < bodies.length) {
          const body = bodies[next++]!;
          const response = await fetch(floorUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
          await response.text();
        }
      };
      await Promise.all(Array.from({ length: 16 }, worker));
    });
    await new Promise<void>((resolve) => floor.close(() => resolve()));
    floorDb.close();
    return throughput(BENCH, `forwarded central → reseller (routed, signed, verified, stored and routed on both sides, acknowledged; ${FORWARDED} leads)`, 'leads/s', FORWARDED / seconds, FORWARDED / floorSeconds, 'unsigned fetch POST + SQLite insert (transport floor)');
  } finally {
    await central.close();
    await reseller.close();
  }
}

function codecs(): BenchResult[] {
  const now = Date.now();
  const policy = { withheld: [], private: [], feedback: { statuses: [], assignee: 'hidden' as const, amount: true, reason: true } };
  const document: ExchangeDocument = {
    version: 1,
    messages: Array.from({ length: CODEC_LEADS }, (_, i) => {
      const lead = sampleLead(i, now);
      const content = offerContent(lead, policy, ['email']);
      return { kind: 'offer' as const, id: uuidv7(), sentAt: now, leadId: lead.id, lead: content.lead, withheld: content.withheld, expiresAt: now + 3_600_000, upForGrabs: i % 2 === 0 };
    }),
  };
  const xml = writeExchangeXml(document);
  const json = writeExchangeJson(document);
  const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@_' });
  const tree = parser.parse(xml) as unknown;
  const builder = new XMLBuilder({ ignoreAttributes: false, attributeNamePrefix: '@_' });
  const rate = (seconds: number) => CODEC_LEADS / seconds;
  const check = readExchangeXml(xml);
  if (check.messages.length !== CODEC_LEADS) throw new Error('the XML round trip lost messages');
  return [
    throughput(BENCH, `XML decode: guarded scan + validation into lead objects (${CODEC_LEADS}-lead document)`, 'leads/s', rate(best(() => readExchangeXml(xml))), rate(best(() => parser.parse(xml))), 'fast-xml-parser parse (raw, unvalidated)', 'ratio >= 2'),
    throughput(BENCH, `XML build (${CODEC_LEADS}-lead document)`, 'leads/s', rate(best(() => writeExchangeXml(document))), rate(best(() => builder.build(tree))), 'fast-xml-parser build', 'ratio >= 1'),
    throughput(BENCH, `JSON decode: shape check + parse + validation (${CODEC_LEADS}-lead document)`, 'leads/s', rate(best(() => readExchangeJson(json))), rate(best(() => JSON.parse(json))), 'JSON.parse', 'ratio >= 0.33'),
    throughput(BENCH, `JSON build (${CODEC_LEADS}-lead document)`, 'leads/s', rate(best(() => writeExchangeJson(document))), rate(best(() => JSON.stringify(document))), 'JSON.stringify', 'ratio >= 0.33'),
  ];
}

export default async function exchangeBench(): Promise<BenchResult[]> {
  const dirs: string[] = [];
  try {
    const results = codecs();
    results.unshift(await forwarding(dirs));
    return results;
  } finally {
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  }
}
