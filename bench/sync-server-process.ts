// One side's server for the sync bench, in its own process as in production: `ours` (our
// lead server), `pouch` (express-pouchdb on PouchDB's durable Node adapter, LevelDB files in a
// temporary directory, as pouchdb-server keeps them) or `pouch-memory` (the same on a memory
// adapter), holding the bench's leads.
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
  // As a server that has been running a while has it: the load's WAL copied into the database file.
  app.store.db.pragma('wal_checkpoint(TRUNCATE)');
  return { url, close: async () => {
    await app.close();
    rmSync(dataDir, { recursive: true, force: true });
  } };
}

async function pouch(durable: boolean): Promise<{ url: string; close: () => Promise<void> }> {
  // Loaded by name: the peer ships no type declarations.
  const load = async (name: string) => ((await import(name)) as { default: unknown }).default;
  const [PouchDB, memory, expressPouchdb, express] = (await Promise.all(['pouchdb', 'pouchdb-adapter-memory', 'express-pouchdb', 'express'].map(load))) as [PouchCtor, unknown, (ctor: unknown, options: object) => unknown, () => ExpressApp];
  const dataDir = durable ? mkdtempSync(join(tmpdir(), 'leadrelay-sync-bench-pouch-')) : null;
  const Server = dataDir ? PouchDB.defaults({ adapter: 'leveldb', prefix: `${dataDir}/` }) : PouchDB.plugin(memory).defaults({ adapter: 'memory' });
  const app = express();
  app.use('/', expressPouchdb(Server, { mode: 'minimumForPouchDB', inMemoryConfig: true }));
  const server = await new Promise<HttpServer>((resolve) => {
    const listening = app.listen(0, '127.0.0.1', () => resolve(listening));
  });
  const source = new Server('leads');
  const docs = pouchDocs(dataset());
  for (let i = 0; i < docs.length; i += 5_000) await source.bulkDocs(docs.slice(i, i + 5_000));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/leads`, close: async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  } };
}

const side = process.argv[2];
if (side !== 'ours' && side !== 'pouch' && side !== 'pouch-memory') throw new Error(`side: must be "ours", "pouch" or "pouch-memory", not ${String(side)}`);
const running = await (side === 'ours' ? ours() : pouch(side === 'pouch'));
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
