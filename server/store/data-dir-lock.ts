import { closeSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs';
import { join } from 'node:path';

export const LOCK_FILE = 'server.lock';

/**
 * One server per data directory. Two would share the database happily (SQLite allows it)
 * but each would run the scheduler: every offer time-out, email and partner delivery twice.
 * The lock is a file holding the owner's process id, created exclusively; one left behind by
 * a process that is gone (a crash, a power cut) is taken over.
 */
export function lockDataDir(dataDir: string): { path: string; release(): void } | { heldBy: number; path: string } {
  const path = join(dataDir, LOCK_FILE);
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(path, 'wx');
      writeSync(fd, String(process.pid));
      closeSync(fd);
      return { path, release: () => releaseIfOurs(path) };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const holder = Number(readFileSafely(path));
    if (Number.isInteger(holder) && holder > 0 && isRunning(holder)) return { heldBy: holder, path };
    unlinkQuietly(path);
  }
  return { heldBy: Number(readFileSafely(path)) || 0, path };
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function readFileSafely(path: string): string {
  try {
    return readFileSync(path, 'utf8').trim();
  } catch {
    return '';
  }
}

function unlinkQuietly(path: string): void {
  try {
    unlinkSync(path);
  } catch {
    // Gone already: another starter took it over first, and the next attempt will say so.
  }
}

function releaseIfOurs(path: string): void {
  if (readFileSafely(path) === String(process.pid)) unlinkQuietly(path);
}
