import { Worker } from 'node:worker_threads';
import { afterEach, describe, expect, it } from 'vitest';
import { HistoryCheck } from '../../../main/services/sync/history-check.ts';
import { runAsMainBundle } from '../../fixtures/main-bundle.ts';
import { tempDir } from '../store/helpers.ts';
import { snapshotPageText } from './fixtures/snapshot-page-text.ts';

// The first sync's histories are checked to be JSON arrays on a thread of their own, in the
// shared memory the page was downloaded into; whatever that thread cannot do goes back to the
// store unchecked, so the store checks it as it writes.
const stops: Array<() => void> = [];
afterEach(() => {
  for (const stop of stops.splice(0)) stop();
});

function check(options: ConstructorParameters<typeof HistoryCheck>[0] = {}): HistoryCheck {
  const histories = new HistoryCheck({ log: () => undefined, ...options });
  stops.push(() => histories.stop());
  return histories;
}

/** A page's text in a Buffer over shared memory, as http-download.ts hands it over. */
function shared(text: string): Buffer {
  const bytes = Buffer.from(text);
  const body = Buffer.from(new SharedArrayBuffer(bytes.length));
  bytes.copy(body);
  return body;
}

describe('HistoryCheck', () => {
  it('checks a page in shared memory, page after page, and leaves a page elsewhere to the store', async () => {
    const histories = check();
    const { text } = snapshotPageText(3);
    for (let round = 0; round < 3; round++) expect((await histories.read(shared(text))).historiesChecked).toBe(true);
    expect((await histories.read(Buffer.from(text))).historiesChecked).toBe(false);
  });

  it.each([
    ['text that is not JSON', '[{"id":"h-1"'],
    ['JSON that is not an array', '{"id":"h-1"}'],
    ['JSON5, which SQLite would otherwise read', "['h-1']"],
  ])('refuses %s, naming the lead, and goes on checking the next page', async (_what, history) => {
    const histories = check();
    const { text, ids, historyLines } = snapshotPageText(3);
    const spoiled = text.replace(historyLines[1]!, history);
    await expect(histories.read(shared(spoiled))).rejects.toThrow(`history of lead ${ids[1]}: must be a JSON array of history entries`);
    expect((await histories.read(shared(text))).historiesChecked).toBe(true);
  });

  it('finds the history lines itself, so the last lead of a page is checked as well as the first', async () => {
    const histories = check();
    const { text, ids, historyLines } = snapshotPageText(4);
    await expect(histories.read(shared(text.replace(historyLines[3]!, '"not an array"')))).rejects.toThrow(`history of lead ${ids[3]}: must be a JSON array of history entries`);
    await expect(histories.read(shared(text.replace(historyLines[0]!, '42')))).rejects.toThrow(`history of lead ${ids[0]}: must be a JSON array of history entries`);
  });

  it('leaves a page cut short to the reader, which names what is missing, and checks the next page as before', async () => {
    const histories = check();
    const { text, ids, historyLines } = snapshotPageText(3);
    const cut = text.slice(0, text.indexOf(historyLines[2]!) + 10);
    await expect(histories.read(shared(cut))).rejects.toThrow(`lead 3 of 3 (${ids[2]}), its history: the page ends before it`);
    expect((await histories.read(shared(text))).historiesChecked).toBe(true);
  });

  it('hands pages back unchecked, and says so once, when its thread cannot start or dies', async () => {
    const logged: string[] = [];
    const { text } = snapshotPageText(2);
    const unstartable = check({ log: (line) => logged.push(line), startWorker: () => { throw new Error('no threads here'); } });
    expect((await unstartable.read(shared(text))).historiesChecked).toBe(false);
    expect(logged).toEqual([expect.stringContaining('no threads here')]);

    logged.length = 0;
    const dying = check({ log: (line) => logged.push(line), startWorker: (_source, options) => new Worker("require('node:worker_threads').parentPort.once('message', () => process.exit(3))", options) });
    expect((await dying.read(shared(text))).historiesChecked).toBe(false);
    expect((await dying.read(shared(text))).historiesChecked).toBe(false);
    expect(logged).toEqual([expect.stringContaining('worker exited with code 3')]);
  });
});

describe('in an esbuild bundle', () => {
  it('the thread starts and checks from a CommonJS bundle with better-sqlite3 external, as Electron loads it', async () => {
    const { dir, cleanup } = tempDir();
    stops.push(cleanup);
    const stdout = await runAsMainBundle(new URL('./fixtures/bundled-history-check.ts', import.meta.url), dir);
    expect(JSON.parse(stdout)).toEqual({ good: true, bad: 'history of lead L-2: must be a JSON array of history entries', warnings: [] });
  });
});
