// `npm test`: lint and types first, then every test runner; ends with one line the CI reads:
// "N passed, N failed, N skipped", summed over vitest and Playwright.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';

const results = 'test-results';
mkdirSync(results, { recursive: true });

const totals = { passed: 0, failed: 0, skipped: 0 };

function run(label, command, args) {
  console.log(`\n=== ${label}: ${command} ${args.join(' ')}`);
  const { status } = spawnSync(command, args, { stdio: 'inherit', env: { ...process.env, FORCE_COLOR: '0' } });
  return status === 0;
}

function readJson(path) {
  try {
    return JSON.parse(readFileSync(path, 'utf8'));
  } catch {
    return null;
  }
}

// Static checks count as one test each: a boundary violation must fail the build.
for (const [label, args] of [
  ['lint (layer boundaries)', ['eslint', '.', '--max-warnings', '0']],
  ['typecheck', ['tsc', '-p', 'tsconfig.json', '--noEmit']],
]) {
  if (run(label, 'npx', args)) totals.passed += 1;
  else totals.failed += 1;
}

const vitestJson = `${results}/vitest.json`;
rmSync(vitestJson, { force: true });
const vitestOk = run('unit and integration tests (vitest)', 'npx', ['vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${vitestJson}`]);
const vitest = readJson(vitestJson);
if (vitest) {
  totals.passed += vitest.numPassedTests;
  totals.failed += vitest.numFailedTests;
  totals.skipped += vitest.numPendingTests + vitest.numTodoTests;
  // A suite that fails to load has no tests to count, but it is still a failure.
  if (!vitestOk && vitest.numFailedTests === 0) totals.failed += Math.max(1, vitest.numFailedTestSuites ?? 0);
} else {
  totals.failed += 1;
}

if (existsSync('playwright.config.ts')) {
  const e2eJson = `${results}/e2e.json`;
  rmSync(e2eJson, { force: true });
  const e2eOk = run('end-to-end tests (Playwright, Chromium)', 'npx', ['playwright', 'test']);
  const e2e = readJson(e2eJson);
  if (e2e?.stats) {
    totals.passed += e2e.stats.expected + e2e.stats.flaky;
    totals.failed += e2e.stats.unexpected;
    totals.skipped += e2e.stats.skipped;
    if (!e2eOk && e2e.stats.unexpected === 0) totals.failed += 1;
  } else {
    totals.failed += 1;
  }
}

console.log(`\n${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
process.exit(totals.failed === 0 ? 0 : 1);
