import { existsSync, statSync } from 'node:fs';
import { once } from 'node:events';
import { join } from 'node:path';
import { Worker, type WorkerOptions } from 'node:worker_threads';
import type Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStore, type LocalStore } from '../../../main/services/store/index.ts';
import { DEFAULT_MIGRATIONS_DIR } from '../../../main/services/store/migrate.ts';
import { SQLITE_AUTOCHECKPOINT_PAGES, WalCheckpointer } from '../../../main/services/store/wal-checkpointer.ts';
import { runAsMainBundle } from '../../fixtures/main-bundle.ts';
import { waitFor } from '../../fixtures/wait-for.ts';
import { makeLead, tempDir } from './helpers.ts';

const ROW_BYTES = 1000;

let dir: string;
let cleanup: () => void;
const open: LocalStore[] = [];
beforeEach(() => ({ dir, cleanup } = tempDir()));
afterEach(() => {
  for (const store of open.splice(0)) store.close();
  cleanup();
});

function store(options: { checkpoints?: 'background' | 'sqlite' } = {}): LocalStore {
  const opened = openStore({ dataDir: dir, ...options });
  open.push(opened);
  return opened;
}

/** Commits `rows` rows of ~1 KB into a scratch table, 500 per transaction, as a sync would. */
function burst(db: Database.Database, rows: number): void {
  db.exec('CREATE TABLE IF NOT EXISTS scratch (id INTEGER PRIMARY KEY, body TEXT NOT NULL)');
  const insert = db.prepare('INSERT INTO scratch (body) VALUES (?)');
  const commit = db.transaction((count: number) => {
    for (let i = 0; i < count; i++) insert.run(`${i}:`.padEnd(ROW_BYTES, 'x'));
  });
  for (let done = 0; done < rows; done += 500) commit(Math.min(500, rows - done));
}

/** The database file holds every page: the WAL has been copied into it. */
function fileIsCheckpointed(db: Database.Database): boolean {
  const pages = db.pragma('page_count', { simple: true }) as number;
  const pageSize = db.pragma('page_size', { simple: true }) as number;
  return statSync(db.name).size >= pages * pageSize;
}

function capturingWorker(): { startWorker: (source: string, options: WorkerOptions) => Worker; worker: () => Worker } {
  let started: Worker | null = null;
  return {
    startWorker: (source, options) => (started = new Worker(source, options)),
    worker: () => started!,
  };
}

describe('background WAL checkpoints', () => {
  it('the worker copies a burst into the database file while the main connection never checkpoints', async () => {
    const { db } = store();
    expect(db.pragma('wal_autocheckpoint', { simple: true })).toBe(0);
    burst(db, 20_000);
    expect(statSync(`${db.name}-wal`).size).toBeGreaterThan(20_000 * ROW_BYTES);
    await waitFor('the worker to checkpoint the burst', () => fileIsCheckpointed(db));
    expect(statSync(db.name).size).toBeGreaterThan(20_000 * ROW_BYTES);
  });

  it('keeps everything written across close and reopen, and closes the worker before the main connection', async () => {
    const first = store();
    burst(first.db, 5_000);
    await waitFor('the worker to checkpoint the burst', () => fileIsCheckpointed(first.db));
    first.leads.insertMany([makeLead('a'), makeLead('b')], [], []);
    first.close();
    // Only the last connection to close deletes the WAL: the worker's had closed already.
    expect(existsSync(`${first.path}-wal`)).toBe(false);
    const second = store();
    expect(second.db.prepare('SELECT count(*) AS rows, sum(length(body)) AS bytes FROM scratch').get()).toEqual({ rows: 5_000, bytes: 5_000 * ROW_BYTES });
    expect(second.leads.count()).toBe(2);
  });

  it('close() while the worker is checkpointing leaves a sound store', async () => {
    const first = store();
    burst(first.db, 30_000);
    const before = statSync(first.path).size;
    await waitFor('the worker to start copying', () => statSync(first.path).size > before);
    first.close();
    expect(existsSync(`${first.path}-wal`)).toBe(false);
    const second = store();
    expect(second.db.pragma('quick_check', { simple: true })).toBe('ok');
    expect(second.db.prepare('SELECT count(*) FROM scratch').pluck().get()).toBe(30_000);
  });

  it('close() right after open cancels a worker that has not opened the file yet', () => {
    for (let i = 0; i < 5; i++) {
      const opened = openStore({ dataDir: dir });
      opened.close();
      expect(existsSync(`${opened.path}-wal`)).toBe(false);
    }
  });

  it('past the cap, an endless stream of writes still has its WAL started over and truncated', async () => {
    const { db } = store({ checkpoints: 'sqlite' });
    db.pragma(`journal_size_limit = ${1024 * 1024}`);
    const checkpointer = new WalCheckpointer(db, { tickMs: 50, capBytes: 4 * 1024 * 1024 });
    let largest = 0;
    let shrank = false;
    // Transaction after transaction with only an event-loop turn between, as a first sync writes.
    // Bounded by rounds, not time: on a loaded machine the worker's ticks come later, so it may
    // take many rounds (it once took more than 400 while the whole suite ran beside it).
    for (let round = 0; round < 1_500 && !shrank; round++) {
      burst(db, 200);
      const size = statSync(`${db.name}-wal`).size;
      shrank = size < largest;
      largest = Math.max(largest, size);
      await new Promise((resolve) => setImmediate(resolve));
    }
    expect(shrank).toBe(true);
    checkpointer.stop();
  });

  it("with checkpoints: 'sqlite' the store keeps SQLite's own", () => {
    expect(store({ checkpoints: 'sqlite' }).db.pragma('wal_autocheckpoint', { simple: true })).toBe(SQLITE_AUTOCHECKPOINT_PAGES);
  });
});

describe('when the worker fails', () => {
  it('a worker that dies puts SQLite auto-checkpoints back, says so once, and writes go on', async () => {
    const { db, leads } = store({ checkpoints: 'sqlite' });
    const logged: string[] = [];
    const { startWorker, worker } = capturingWorker();
    const checkpointer = new WalCheckpointer(db, { startWorker, log: (message) => logged.push(message) });
    expect(db.pragma('wal_autocheckpoint', { simple: true })).toBe(0);
    await once(worker(), 'online');
    await worker().terminate();
    await waitFor('the fallback', () => logged.length > 0);
    expect(logged).toEqual([expect.stringContaining('SQLite checkpoints on the main thread again')]);
    expect(db.pragma('wal_autocheckpoint', { simple: true })).toBe(SQLITE_AUTOCHECKPOINT_PAGES);
    burst(db, 10_000);
    leads.insertMany([makeLead('after')], [], []);
    expect(leads.get('after')?.lead.id).toBe('after');
    // SQLite checkpointed on the writing thread: the WAL never held the whole burst.
    expect(statSync(`${db.name}-wal`).size).toBeLessThan(10_000 * ROW_BYTES);
    checkpointer.stop();
    expect(logged).toHaveLength(1);
  });

  it('a worker that cannot load the driver puts SQLite auto-checkpoints back', async () => {
    const { db } = store({ checkpoints: 'sqlite' });
    const logged: string[] = [];
    const checkpointer = new WalCheckpointer(db, {
      startWorker: (source, options) => new Worker(source, { ...options, workerData: { ...options.workerData, driver: '/nowhere/better-sqlite3' } }),
      log: (message) => logged.push(message),
    });
    await waitFor('the fallback', () => logged.length > 0);
    expect(logged[0]).toContain("Cannot find module '/nowhere/better-sqlite3'");
    expect(db.pragma('wal_autocheckpoint', { simple: true })).toBe(SQLITE_AUTOCHECKPOINT_PAGES);
    checkpointer.stop();
  });

  it('a worker that cannot be started at all leaves SQLite checkpointing', () => {
    const { db } = store({ checkpoints: 'sqlite' });
    const logged: string[] = [];
    const checkpointer = new WalCheckpointer(db, {
      startWorker: () => {
        throw new Error('no threads here');
      },
      log: (message) => logged.push(message),
    });
    expect(logged).toEqual([expect.stringContaining('no threads here')]);
    expect(db.pragma('wal_autocheckpoint', { simple: true })).toBe(SQLITE_AUTOCHECKPOINT_PAGES);
    checkpointer.stop();
  });
});

describe('in an esbuild bundle', () => {
  it('the worker starts and checkpoints from a CommonJS bundle with better-sqlite3 external, as Electron loads it', async () => {
    const stdout = await runAsMainBundle(new URL('./fixtures/bundled-checkpoints.ts', import.meta.url), dir, [join(dir, 'data'), DEFAULT_MIGRATIONS_DIR]);
    expect(JSON.parse(stdout)).toEqual({ autocheckpoint: 0, checkpointed: true, walLeftAfterClose: false, warnings: [] });
  });
});
