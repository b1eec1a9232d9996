/**
 * The program of the store's checkpoint thread (started by wal-checkpointer.ts).
 *
 * It is a self-contained CommonJS string run with `new Worker(source, { eval: true })` rather
 * than a module file: the same text then runs under tsx and vitest (Node 20 cannot load a .ts
 * worker without a loader, and vitest's transform does not reach worker threads) and from the
 * esbuild bundle in Electron, where no file would sit beside the bundle. better-sqlite3 is
 * required by the absolute path the main thread resolved (`driver`), because an eval worker
 * resolves bare names from the working directory, which for a packaged app is not the app.
 *
 * workerData: { path, driver, tickMs, capBytes, state } where `state` is a SharedArrayBuffer
 * holding one Int32 (WORKER_STATE below) that the main thread blocks on while closing.
 */

/** Values of the shared state word. */
export const WORKER_STATE = {
  /** Loading; no connection yet. */
  starting: 0,
  /** The worker holds its own connection to the store file. */
  running: 1,
  /** Its connection is closed (stopped, cancelled or failed); it touches the file no more. */
  done: 2,
  /** The main thread stopped it before it opened the file: it must not open it. */
  cancelled: 3,
} as const;

export const WAL_CHECKPOINT_WORKER_SOURCE = `'use strict';
const { parentPort, workerData } = require('node:worker_threads');
const { statSync } = require('node:fs');
const { path, driver, tickMs, capBytes } = workerData;
const state = new Int32Array(workerData.state);
const [STARTING, RUNNING, DONE] = [${WORKER_STATE.starting}, ${WORKER_STATE.running}, ${WORKER_STATE.done}];

const MAX_CATCH_UP_PASSES = 8;
const SMALL_REMAINDER_FRAMES = 1000;

let db = null;
let timer = null;
let lastVersion;
// Frames may already wait in the WAL (migrations, a previous run): check on the first quiet tick.
let pending = true;

function finish() {
  if (timer) clearInterval(timer);
  try {
    if (db && db.open) db.close();
  } finally {
    Atomics.store(state, 0, DONE);
    Atomics.notify(state, 0);
    parentPort.close();
  }
}

function walBytes() {
  try {
    return statSync(path + '-wal').size;
  } catch (error) {
    if (error.code === 'ENOENT') return 0;
    throw error;
  }
}

function checkpoint() {
  const [result] = db.pragma('wal_checkpoint(PASSIVE)');
  return result;
}

// Checkpointing while the main thread is still writing a burst would copy pages it is about to
// change again and compete with it for the disk, so the worker waits for one quiet tick (the
// burst has ended). PASSIVE never waits for or blocks the writer or readers; what it could not
// copy (a reader still needs those frames) is retried on a later tick.
//
// Past capBytes it checkpoints while the writes go on, so an endless stream (a first sync
// writes slice after slice with only an event-loop turn between) cannot grow the WAL without
// bound. Copying alone does not shrink the file: SQLite starts the WAL over (and
// journal_size_limit truncates it) only when the writer begins a transaction after a
// checkpoint has caught up with every frame, which a writer that never pauses never lets a
// checkpoint on another thread do (and a blocking RESTART from here would starve waiting for
// the writer lock). So PASSIVE passes copy the bulk while the writer goes on, each only what
// was committed during the one before, until a pass had no more than SQLite's own
// auto-checkpoint size to copy; then the worker asks the writer's thread to run RESTART between
// two of its transactions: it copies that small remainder, costing the event loop about one
// default auto-checkpoint, and the next transaction starts the file over.
function tick() {
  const version = db.pragma('data_version', { simple: true });
  const active = version !== lastVersion;
  lastVersion = version;
  if (active) pending = true;
  if (!pending) return;
  if (!active) {
    const result = checkpoint();
    pending = result.busy !== 0 || result.checkpointed < result.log;
  } else if (walBytes() >= capBytes) {
    let backfilled = checkpoint().checkpointed;
    for (let pass = 1; pass < MAX_CATCH_UP_PASSES; pass++) {
      const copied = checkpoint().checkpointed - backfilled;
      backfilled += copied;
      if (copied <= SMALL_REMAINDER_FRAMES) break;
    }
    parentPort.postMessage({ restart: true });
  }
}

function fail(error) {
  parentPort.postMessage({ failed: String(error && error.stack ? error.stack : error) });
  finish();
}

try {
  const Database = require(driver);
  if (Atomics.compareExchange(state, 0, STARTING, RUNNING) !== STARTING) {
    parentPort.close();
  } else {
    db = new Database(path, { fileMustExist: true });
    lastVersion = db.pragma('data_version', { simple: true });
    parentPort.on('message', (message) => {
      if (message === 'stop') finish();
    });
    timer = setInterval(() => {
      try {
        tick();
      } catch (error) {
        fail(error);
      }
    }, tickMs);
  }
} catch (error) {
  fail(error);
}
`;
