import { createRequire } from 'node:module';
import { Worker, type WorkerOptions } from 'node:worker_threads';
import type Database from 'better-sqlite3';
import { WAL_CHECKPOINT_WORKER_SOURCE, WORKER_STATE } from './wal-checkpoint-worker.ts';

/** SQLite's default wal_autocheckpoint, restored when checkpoints cannot run in the background. */
export const SQLITE_AUTOCHECKPOINT_PAGES = 1000;

export interface WalCheckpointerOptions {
  /** How often the worker looks at the WAL. */
  tickMs?: number;
  /** WAL size past which the worker checkpoints even while writes go on. */
  capBytes?: number;
  /** Told once when the worker fails and SQLite's own checkpoints take over again. */
  log?: (message: string) => void;
  /** Starts the worker thread; tests pass one that keeps a handle to it. */
  startWorker?: (source: string, options: WorkerOptions) => Worker;
}

/**
 * Long enough for the worker to finish the checkpoint passes in progress (a WAL at the cap
 * takes about a second per 256 MB on a slow disk). Past it close() goes on without waiting:
 * the worker closes its connection once its passes end, and SQLite is safe either way (the
 * WAL stays and is checkpointed by whichever connection closes last, or at the next open).
 */
const STOP_WAIT_MS = 5_000;

/**
 * Runs the store's WAL checkpoints on a worker thread with its own connection, so the main
 * connection can run with wal_autocheckpoint = 0. With SQLite's default, the commit that
 * takes the WAL past 1000 pages copies the WAL into the database file and fsyncs both on the
 * thread that answers the rep's clicks: about a second of it per 250 MB of first sync. The
 * worker's policy is in wal-checkpoint-worker.ts.
 *
 * If the worker cannot start or dies, the main connection goes back to SQLite's own
 * checkpoints. Nothing is lost either way: committed frames in the WAL are durable; a
 * checkpoint only moves them into the database file.
 */
export class WalCheckpointer {
  private readonly state = new Int32Array(new SharedArrayBuffer(Int32Array.BYTES_PER_ELEMENT));
  private readonly worker: Worker | null = null;
  private stopped = false;
  private failed = false;

  constructor(
    private readonly db: Database.Database,
    options: WalCheckpointerOptions = {},
  ) {
    const { tickMs = 250, capBytes = 256 * 1024 * 1024, log = console.warn, startWorker = (source, workerOptions) => new Worker(source, workerOptions) } = options;
    db.pragma('wal_autocheckpoint = 0');
    const fallBack = (reason: string) => {
      if (this.stopped || this.failed) return;
      this.failed = true;
      // A worker that is still alive must not go on checkpointing beside SQLite.
      this.worker?.postMessage('stop');
      if (db.open) db.pragma(`wal_autocheckpoint = ${SQLITE_AUTOCHECKPOINT_PAGES}`);
      log(`Background WAL checkpoints of ${db.name} stopped (${reason}); SQLite checkpoints on the main thread again.`);
    };
    const workerData = {
      path: db.name,
      driver: createRequire(import.meta.url).resolve('better-sqlite3'),
      tickMs,
      capBytes,
      state: this.state.buffer,
    };
    try {
      this.worker = startWorker(WAL_CHECKPOINT_WORKER_SOURCE, { eval: true, workerData });
    } catch (error) {
      fallBack(String(error));
      return;
    }
    // A store someone forgot to close must not keep the process alive.
    this.worker.unref();
    this.worker.on('message', (message: { failed?: string; restart?: boolean }) => {
      if (message.failed) fallBack(message.failed);
      else if (message.restart && this.running) {
        try {
          restartWal(db);
        } catch (error) {
          fallBack(String(error));
        }
      }
    });
    this.worker.on('error', (error) => fallBack(String(error)));
    this.worker.on('exit', (code) => fallBack(`worker exited with code ${code}`));
  }

  private get running(): boolean {
    return !this.stopped && !this.failed && this.db.open;
  }

  /**
   * Synchronous, so callers can close the main connection right after: blocks until the
   * worker has closed its connection (it finishes a checkpoint in progress first), or cancels
   * a worker that has not opened the file yet.
   */
  stop(): void {
    if (this.stopped) return;
    this.stopped = true;
    if (this.worker && !this.failed) {
      const previous = Atomics.compareExchange(this.state, 0, WORKER_STATE.starting, WORKER_STATE.cancelled);
      if (previous === WORKER_STATE.running) {
        this.worker.postMessage('stop');
        // Node and Electron's main process both allow Atomics.wait on the main thread.
        Atomics.wait(this.state, 0, WORKER_STATE.running, STOP_WAIT_MS);
      }
    }
    if (this.db.open) this.db.pragma(`wal_autocheckpoint = ${SQLITE_AUTOCHECKPOINT_PAGES}`);
  }
}

/**
 * Asked for by the worker once the WAL is past the cap and it has copied the bulk of it (see
 * wal-checkpoint-worker.ts): run here, between two of the writer's transactions, RESTART only
 * copies what was committed since and lets the next transaction start the file over. Without
 * waiting: a reader elsewhere that still needs the WAL makes it give up until the worker asks
 * again, rather than hold the event loop for the busy timeout.
 */
function restartWal(db: Database.Database): void {
  if (db.inTransaction) return;
  const busyTimeout = db.pragma('busy_timeout', { simple: true }) as number;
  db.pragma('busy_timeout = 0');
  try {
    db.pragma('wal_checkpoint(RESTART)');
  } finally {
    db.pragma(`busy_timeout = ${busyTimeout}`);
  }
}
