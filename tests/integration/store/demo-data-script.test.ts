import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStore } from '../../../main/services/store/index.ts';
import { tempDir } from './helpers.ts';

const script = fileURLToPath(new URL('../../../scripts/demo-data.ts', import.meta.url));
const run = (...args: string[]) => spawnSync(process.execPath, ['--import', 'tsx', script, ...args], { encoding: 'utf8', env: { ...process.env, LEADRELAY_DATA_DIR: '' } });

let dir: string;
let cleanup: () => void;
beforeEach(() => ({ dir, cleanup } = tempDir()));
afterEach(() => cleanup());

describe('npm run demo:data', () => {
  it('fills an empty store, refuses a full one, and replaces on request', () => {
    const first = run('--count', '120', '--seed', '5', '--data', dir);
    expect(first.status).toBe(0);
    expect(first.stdout).toContain(`wrote 120 demo leads`);
    expect(first.stdout).toContain(dir);

    const again = run('--count', '10', '--data', dir);
    expect(again.status).toBe(1);
    expect(again.stderr).toContain('already has 120 leads');
    expect(again.stderr).toContain('--replace');

    expect(run('--count', '30', '--data', dir, '--replace').status).toBe(0);
    const store = openStore({ dataDir: dir });
    expect(store.leads.count()).toBe(30);
    expect(store.leads.query({ search: 'zzzz' }).total).toBe(0);
    expect(store.leads.query({}).total).toBe(30);
    expect(store.colleagues.list().length).toBeGreaterThanOrEqual(6);
    expect(store.settings.get('workspace.mode')).toBe('demo');
    store.close();
  });

  it('names the flag at fault', () => {
    expect(run('--count', 'many', '--data', dir).stderr).toContain('--count must be a whole number');
    expect(run('--count', '5', '--seed', '-1', '--data', dir).stderr).toMatch(/--seed/);
    expect(run('--data', dir).stderr).toContain('--count is required');
    const unknown = run('--count', '5', '--colour', 'red');
    expect(unknown.status).toBe(1);
    expect(unknown.stderr).toContain("'--colour'");
  });
});
