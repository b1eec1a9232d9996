import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { buildServer } from '../../../server/build-server.ts';
import { LOCK_FILE } from '../../../server/store/data-dir-lock.ts';

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function dataDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'leadrelay-lock-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

const start = (dir: string) => buildServer({ role: 'central', dataDir: dir, schedulerIntervalMs: 0 });

describe('one server per data directory', () => {
  it('refuses a second server on the same directory, naming the first, until the first has stopped', async () => {
    const dir = dataDir();
    const first = await start(dir);
    expect(readFileSync(join(dir, LOCK_FILE), 'utf8')).toBe(String(process.pid));
    await expect(start(dir)).rejects.toMatchObject({ name: 'ServerStoreError', kind: 'in-use', message: expect.stringContaining(`another LeadRelay server (process ${process.pid}) is using ${dir}`) });
    await first.close();
    expect(existsSync(join(dir, LOCK_FILE))).toBe(false);
    const second = await start(dir);
    await second.close();
  });

  it('takes over the lock a crashed server left behind', async () => {
    const dir = dataDir();
    const gone = spawnSync(process.execPath, ['-e', 'process.exit(0)']).pid!;
    writeFileSync(join(dir, LOCK_FILE), String(gone));
    const app = await start(dir);
    expect(readFileSync(join(dir, LOCK_FILE), 'utf8')).toBe(String(process.pid));
    await app.close();
  });
});
