// npm run demo:data -- --count N [--seed S] [--data DIR] [--replace]
// Fills the local store with a deterministic demo workspace, as the first-run "demo" choice does.
import { userInfo } from 'node:os';
import { parseArgs } from 'node:util';
import { v7 as uuidv7 } from 'uuid';
import { generateDemoWorkspace } from '../core/demo/generate.ts';
import { openStore, resolveDataDir } from '../main/services/store/index.ts';

const USAGE = 'usage: npm run demo:data -- --count N [--seed S] [--data DIR] [--replace]';

function fail(message: string): never {
  console.error(`demo:data: ${message}\n${USAGE}`);
  process.exit(1);
}

function integerFlag(name: string, raw: string | undefined, fallback: number | undefined, min: number, max: number): number {
  if (raw === undefined) {
    if (fallback === undefined) fail(`--${name} is required`);
    return fallback;
  }
  const value = Number(raw);
  if (!/^\d+$/.test(raw.trim()) || !Number.isSafeInteger(value) || value < min || value > max) {
    fail(`--${name} must be a whole number from ${min} to ${max}, got "${raw}"`);
  }
  return value;
}

let flags;
try {
  flags = parseArgs({
    options: { count: { type: 'string' }, seed: { type: 'string' }, data: { type: 'string' }, replace: { type: 'boolean', default: false } },
    strict: true,
    allowPositionals: false,
  }).values;
} catch (error) {
  fail((error as Error).message);
}

const count = integerFlag('count', flags.count, undefined, 1, 1_000_000);
const seed = integerFlag('seed', flags.seed, 42, 0, 2 ** 31);
if (flags.data !== undefined && flags.data.trim() === '') fail('--data must name a folder');
const dataDir = flags.data ?? resolveDataDir();

const store = openStore({ dataDir });
try {
  const existing = store.leads.count();
  if (existing > 0 && !flags.replace) {
    fail(`the store at ${store.path} already has ${existing} leads; pass --replace to discard them and write the demo`);
  }
  // Same profile key and shape the workstation uses, so the demo's leads belong to whoever opens it.
  let profile = store.settings.get<{ id: string; name: string }>('profile');
  if (!profile) {
    const login = userInfo().username || 'rep';
    profile = { id: uuidv7(), name: login.charAt(0).toUpperCase() + login.slice(1) };
    store.settings.set('profile', profile);
  }
  const started = performance.now();
  const demo = generateDemoWorkspace({ count, seed, now: Date.now(), userId: profile.id, userName: profile.name });
  if (existing > 0) store.leads.clear();
  store.leads.insertMany(demo.leads, demo.history, demo.notes);
  store.colleagues.replaceAll(demo.colleagues);
  store.settings.set('workspace.mode', 'demo');
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  console.log(`wrote ${demo.leads.length} demo leads (${demo.history.length} history entries, ${demo.notes.length} notes, seed ${seed}) to ${store.path} in ${seconds} s`);
} finally {
  store.close();
}
