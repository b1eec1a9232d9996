// One side's server for the sync bench, in its own process as in production: `ours` (our
// lead server) or `pouch` (express-pouchdb on a memory adapter), holding the bench's leads.
// Prints {"url": ...} once it listens; exits when its parent closes stdin or sends SIGTERM.
import { mkdtempSync, rmSync } from 'node:fs';
import type { Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { dataset, pouchDocs, startLeadServer } from './sync-fixture.ts';

type PouchCtor = { new (name: string): { bulkDocs(docs: object[]): Promise<unknown> }; plugin(plugin: unknown): PouchCtor; defaults(options: object): PouchCtor };
type ExpressApp = { use(path: string, handler: unknown): void; listen(port: number, host: string, done: () => void): HttpServer };

async function ours(): Promise<{ url: string; close: () => Promise<void> }> {
  const dataDir = mkdtempSync(join(tmpdir(), 'leadrelay-sync-bench-server-'));
  const { app, url } = await startLeadServer(dataDir, dataset());
  return { url, close: async () => {
    await app.close();
    rmSync(dataDir, { recursive: true, force: true });
  } };
}

async function pouch(): Promise<{ url: string; close: () => Promise<void> }> {
  // Loaded by name: the peer ships no type declarations.
  const load = async (name: string) => ((await import(name)) as { default: unknown }).default;
  const [PouchDB, memory, expressPouchdb, express] = (await Promise.all(['pouchdb', 'pouchdb-adapter-memory', 'express-pouchdb', 'express'].map(load))) as [PouchCtor, unknown, (ctor: unknown, options: object) => unknown, () => ExpressApp];
  const MemPouch = PouchDB.plugin(memory).defaults({ adapter: 'memory' });
  const app = express();
  app.use('/', expressPouchdb(MemPouch, { mode: 'minimumForPouchDB', inMemoryConfig: true }));
  const server = await new Promise<HttpServer>((resolve) => {
    const listening = app.listen(0, '127.0.0.1', () => resolve(listening));
  });
  const source = new MemPouch('leads');
  const docs = pouchDocs(dataset());
  for (let i = 0; i < docs.length; i += 5_000) await source.bulkDocs(docs.slice(i, i + 5_000));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/leads`, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

const side = process.argv[2];
if (side !== 'ours' && side !== 'pouch') throw new Error(`side: must be "ours" or "pouch", not ${String(side)}`);
const running = await (side === 'ours' ? ours() : pouch());
let closing = false;
const stop = () => {
  if (closing) return;
  closing = true;
  void running.close().finally(() => process.exit(0));
};
process.on('SIGTERM', stop);
process.stdin.on('end', stop);
process.stdin.resume();
process.stdout.write(`${JSON.stringify({ url: running.url })}\n`);
