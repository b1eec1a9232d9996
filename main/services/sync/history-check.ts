import { createRequire } from 'node:module';
import { Worker, type WorkerOptions } from 'node:worker_threads';
import { rowLeadId } from '../../../core/sync/lead-row.ts';
import { SnapshotPageError, type SnapshotPage } from './snapshot-page.ts';

/**
 * The program of the check thread: for each page, SQLite's own JSON parser (json_valid, the
 * strict RFC 8259 reading) over every history, on a private in-memory connection. A
 * self-contained CommonJS string for the reasons wal-checkpoint-worker.ts gives (the same
 * text runs under tsx, vitest and the esbuild bundle), with better-sqlite3 required by the
 * absolute path the main thread resolved.
 *
 * Message in: { id, bytes: SharedArrayBuffer, spans: Int32Array of [start, end) pairs }.
 * Message out: { id, bad: index of the first history that is not a JSON array, or -1 }, or
 * { failed } once, after which it answers nothing more.
 */
const HISTORY_CHECK_WORKER_SOURCE = `'use strict';
const { parentPort, workerData } = require('node:worker_threads');
function fail(error) {
  parentPort.postMessage({ failed: String(error && error.stack ? error.stack : error) });
  parentPort.close();
}
try {
  const Database = require(workerData.driver);
  const db = new Database(':memory:');
  const kind = db.prepare("SELECT CASE WHEN json_valid(t) THEN json_type(t) END FROM (SELECT CAST(? AS TEXT) AS t)").pluck();
  parentPort.on('message', ({ id, bytes, spans }) => {
    try {
      const body = Buffer.from(bytes);
      let bad = -1;
      for (let i = 0; i < spans.length; i += 2) {
        if (kind.get(body.subarray(spans[i], spans[i + 1])) !== 'array') {
          bad = i / 2;
          break;
        }
      }
      parentPort.postMessage({ id, bad });
    } catch (error) {
      fail(error);
    }
  });
} catch (error) {
  fail(error);
}
`;

export interface HistoryCheckOptions {
  /** Told once when the thread fails and the store checks the histories again. */
  log?: (message: string) => void;
  /** Starts the worker thread; tests pass one that fails. */
  startWorker?: (source: string, options: WorkerOptions) => Worker;
}

type Answer = { id: number; bad: number } | { failed: string };

/**
 * Checks that each history of a snapshot page is a JSON array, on a thread of its own, while
 * the event loop writes the page before it: a first sync's 100k histories are ≈ 140 MB of
 * JSON, and SQLite's check of them (≈ 0.25 s) was the one part of the store's work on a page
 * that needs nothing from the store (docs/sync.md, "First sync: the snapshot").
 *
 * A page whose bytes are not shared memory, or any page once the thread has failed, comes
 * back unchecked (`historiesChecked: false`), and the store checks it as it writes, as it
 * did before; either way no history that is not an array is written.
 */
export class HistoryCheck {
  private readonly worker: Worker | null = null;
  private readonly waiting = new Map<number, { resolve: (bad: number | null) => void }>();
  private nextId = 0;
  private failed = false;

  constructor(private readonly options: HistoryCheckOptions = {}) {
    const { startWorker = (source, workerOptions) => new Worker(source, workerOptions) } = options;
    try {
      this.worker = startWorker(HISTORY_CHECK_WORKER_SOURCE, { eval: true, workerData: { driver: createRequire(import.meta.url).resolve('better-sqlite3') } });
    } catch (error) {
      this.fail(String(error));
      return;
    }
    this.worker.unref();
    this.worker.on('message', (answer: Answer) => {
      if ('failed' in answer) return this.fail(answer.failed);
      this.waiting.get(answer.id)?.resolve(answer.bad);
      this.waiting.delete(answer.id);
    });
    this.worker.on('error', (error) => this.fail(String(error)));
    this.worker.on('exit', (code) => this.fail(`worker exited with code ${code}`));
  }

  /** The page with its histories checked, or as it was if they could not be; rejects naming the first lead whose history is not a JSON array. */
  async check(page: SnapshotPage): Promise<SnapshotPage> {
    const bytes = sharedBytes(page);
    if (!bytes || !this.worker || this.failed) return page;
    const spans = new Int32Array(page.leads.length * 2);
    page.leads.forEach(({ history }, i) => {
      const view = history as Uint8Array;
      spans[2 * i] = view.byteOffset;
      spans[2 * i + 1] = view.byteOffset + view.byteLength;
    });
    const id = this.nextId++;
    const bad = await new Promise<number | null>((resolve) => {
      this.waiting.set(id, { resolve });
      this.worker!.postMessage({ id, bytes, spans }, [spans.buffer]);
    });
    if (bad === null) return page;
    if (bad >= 0) throw new SnapshotPageError(`history of lead ${rowLeadId(page.leads[bad]!.row)}: must be a JSON array of history entries`);
    return { ...page, historiesChecked: true };
  }

  stop(): void {
    this.failed = true;
    this.settleWaiting();
    void this.worker?.terminate();
  }

  private fail(reason: string): void {
    if (this.failed) return;
    this.failed = true;
    this.settleWaiting();
    (this.options.log ?? console.warn)(`Checking snapshot histories on a thread of their own stopped (${reason}); the store checks them as it writes.`);
  }

  /** Pages still waiting for the thread go back unchecked; the store checks them instead. */
  private settleWaiting(): void {
    for (const { resolve } of this.waiting.values()) resolve(null);
    this.waiting.clear();
  }
}

/** The shared memory all of the page's histories lie in, if they lie in one. */
function sharedBytes(page: SnapshotPage): SharedArrayBuffer | null {
  const first = page.leads[0]?.history;
  if (!(first instanceof Uint8Array) || !(first.buffer instanceof SharedArrayBuffer)) return null;
  const bytes = first.buffer;
  return page.leads.every(({ history }) => history instanceof Uint8Array && history.buffer === bytes) ? bytes : null;
}
