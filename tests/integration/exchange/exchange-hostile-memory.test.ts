import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { corpus } from './hostile-corpus.ts';

/**
 * "Hostile input … the server's memory stable": a reseller answers the hostile corpus over
 * 2,000 times in a child process started with --expose-gc (vitest's workers cannot collect
 * on demand), which reports the heap after full collections. Once warmed up the heap rises
 * 0.4–0.9 MiB over these requests (V8 and library caches; it levels off near 0.8 MiB after
 * 7,000) — a body or parsed tree kept per request (kilobytes each) would pass the bound.
 */
const WARM_ROUNDS = 10;
const ROUNDS = Math.ceil(2_000 / corpus.length);
const BOUND = 2 * 1024 * 1024;

interface Report {
  requests: number;
  warm: { heapUsed: number; external: number };
  after: number[];
  external: number;
  unchanged: boolean;
  wrong: string[];
}

describe('hostile input and memory', () => {
  it(`keeps the heap within ${BOUND / 1024 / 1024} MiB over ${ROUNDS} rounds of the hostile corpus, storing nothing`, async () => {
    const script = fileURLToPath(new URL('./hostile-memory-run.ts', import.meta.url));
    const root = fileURLToPath(new URL('../../../', import.meta.url));
    const { stdout } = await promisify(execFile)(process.execPath, ['--expose-gc', '--import', 'tsx', script, String(WARM_ROUNDS), String(ROUNDS)], { cwd: root, maxBuffer: 16 * 1024 * 1024 });
    const report = JSON.parse(stdout.trim().split('\n').pop()!) as Report;
    expect(report.requests).toBeGreaterThanOrEqual(2_000);
    expect(report.wrong).toEqual([]);
    expect(report.unchanged).toBe(true);
    expect(report.after).toHaveLength(ROUNDS);
    expect(Math.max(...report.after) - report.warm.heapUsed).toBeLessThan(BOUND);
    expect(report.external - report.warm.external).toBeLessThan(BOUND);
  }, 180_000);
});
