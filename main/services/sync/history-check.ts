import { createRequire } from 'node:module';
import { Worker, type WorkerOptions } from 'node:worker_threads';
import { rowLeadId } from '../../../core/sync/lead-row.ts';
import { readSnapshotPage, SnapshotPageError, type SnapshotPage } from './snapshot-page.ts';

/**
 * The program of the check thread: for each page, SQLite's own JSON parser (json_valid, the
 * strict RFC 8259 reading) over every history, on a private in-memory connection. The thread
 * finds the history lines itself (the second of each lead's three lines after the header,
 * core/sync/snapshot.ts), so it checks while the event loop reads the rows of the same page.
 * A self-contained CommonJS string for the reasons wal-checkpoint-worker.ts gives (the same
 * text runs under tsx, vitest and the esbuild bundle), with better-sqlite3 required by the
 * absolute path the main thread resolved.
 *
 * Message in: { id, bytes: SharedArrayBuffer, length }.
 * Message out: { id, bad: index of the first lead whose history is not a JSON array, or -1 },
 * or { failed } once, after which it answers nothing more. A page cut short is left to
 * readSnapshotPage, which names what is missing.
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
  parentPort.on('message', ({ id, bytes, length }) => {
    try {
      const body = Buffer.from(bytes, 0, length);
      let bad = -1;
      let rowStart = body.indexOf(10) + 1;
      for (let lead = 0; rowStart > 0 && rowStart < length; lead++) {
        const historyStart = body.indexOf(10, rowStart) + 1;
        const historyEnd = historyStart > 0 ? body.indexOf(10, historyStart) : -1;
        if (historyEnd < 0) break;
        if (kind.get(body.subarray(historyStart, historyEnd)) !== 'array') {
          bad = lead;
          break;
        }
        rowStart = body.indexOf(10, historyEnd + 1) + 1;
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
 * the event loop reads the page's rows: a first sync's 100k histories are ≈ 140 MB of
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

  /**
   * Reads a downloaded page (readSnapshotPage) while the thread checks its histories: the page
   * with `historiesChecked`, or unchecked if the thread could not check it; rejects naming the
   * first lead whose history is not a JSON array.
   */
  async read(body: Buffer): Promise<SnapshotPage> {
    const checked = body.buffer instanceof SharedArrayBuffer && body.byteOffset === 0 ? this.ask(body.buffer, body.length) : null;
    const page = readSnapshotPage(body);
    const bad = await checked;
    if (bad === null) return page;
    if (bad >= 0) throw new SnapshotPageError(`history of lead ${rowLeadId(page.leads[bad]!.row)}: must be a JSON array of history entries`);
    return { ...page, historiesChecked: true };
  }

  /** The thread's answer for a page's bytes, or null once it has failed; never rejects, so a page that cannot be read leaves nothing unhandled behind. */
  private ask(bytes: SharedArrayBuffer, length: number): Promise<number | null> | null {
    if (!this.worker || this.failed) return null;
    const id = this.nextId++;
    return new Promise<number | null>((resolve) => {
      this.waiting.set(id, { resolve });
      this.worker!.postMessage({ id, bytes, length });
    });
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
