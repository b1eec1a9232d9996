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

// Checkpointing while the main thread is still writing a burst would copy pages it is about to
// change again and compete with it for the disk, so the worker waits for one quiet tick (the
// burst has ended). Past capBytes it checkpoints anyway, so an endless stream of writes cannot
// grow the WAL without bound. PASSIVE never waits for or blocks the writer or readers; what it
// could not copy (a reader still needs those frames) is retried on a later tick.
function tick() {
  const version = db.pragma('data_version', { simple: true });
  const active = version !== lastVersion;
  lastVersion = version;
  if (active) pending = true;
  if (!pending || (active && walBytes() < capBytes)) return;
  const [result] = db.pragma('wal_checkpoint(PASSIVE)');
  pending = result.busy !== 0 || result.checkpointed < result.log;
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
