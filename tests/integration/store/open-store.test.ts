import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStore, STORE_FILE, StoreOpenError } from '../../../main/services/store/index.ts';
import { NEW_STORE_PAGE_SIZE } from '../../../main/services/store/open-store.ts';
import { loadMigrations } from '../../../main/services/store/migrate.ts';
import { makeLead, tempDir, writeStoreAtLevel } from './helpers.ts';

let dir: string;
let cleanup: () => void;
beforeEach(() => ({ dir, cleanup } = tempDir()));
afterEach(() => cleanup());

const latest = loadMigrations().length;

describe('openStore', () => {
  it('creates the file, applies every migration and sets the pragmas', () => {
    const store = openStore({ dataDir: join(dir, 'nested', 'data') });
    expect(store.path).toBe(join(dir, 'nested', 'data', STORE_FILE));
    expect(store.db.pragma('user_version', { simple: true })).toBe(latest);
    expect(store.db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(store.db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(store.db.pragma('synchronous', { simple: true })).toBe(1);
    const tables = store.db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").pluck().all();
    expect(tables).toEqual(expect.arrayContaining(['leads', 'lead_timelines', 'notes', 'outbox', 'settings', 'colleagues', 'lead_fts']));
    expect(store.problem).toBeNull();
    expect(store.db.pragma('page_size', { simple: true })).toBe(NEW_STORE_PAGE_SIZE);
    // Level 5: leads are found by id or rid only; the list index answers everything else.
    expect(store.db.prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'leads' AND sql IS NOT NULL").pluck().all()).toEqual([]);
    store.close();
  });

  it('keeps the page size of a store made before NEW_STORE_PAGE_SIZE, and its data', () => {
    const oldSize = writeStoreAtLevel(dir, 3, (old) => {
      old.prepare("INSERT INTO settings (key, value) VALUES ('profile', '{\"id\":\"u-me\"}')").run();
      return old.pragma('page_size', { simple: true });
    });
    expect(oldSize).not.toBe(NEW_STORE_PAGE_SIZE);
    const store = openStore({ dataDir: dir });
    expect(store.db.pragma('page_size', { simple: true })).toBe(oldSize);
    expect(store.settings.get('profile')).toEqual({ id: 'u-me' });
    store.close();
  });

  it('re-opens an up-to-date store without changing it, and keeps the data', () => {
    const first = openStore({ dataDir: dir });
    first.leads.insertMany([makeLead('a'), makeLead('b')], [], []);
    first.settings.set('profile', { id: 'u-me', name: 'Alex' });
    first.colleagues.replaceAll([{ id: 'u-sam', name: 'Sam', email: null }]);
    first.close();
    const second = openStore({ dataDir: dir });
    expect(second.db.pragma('user_version', { simple: true })).toBe(latest);
    expect(second.leads.count()).toBe(2);
    expect(second.leads.get('a')?.lead).toEqual(makeLead('a'));
    expect(second.settings.get('profile')).toEqual({ id: 'u-me', name: 'Alex' });
    expect(second.colleagues.list()).toEqual([{ id: 'u-sam', name: 'Sam', email: null }]);
    second.close();
  });

  it('keeps a file that is not a database aside and says so', () => {
    writeFileSync(join(dir, STORE_FILE), Buffer.from('this is not a database, just some garbage bytes '.repeat(200)));
    writeFileSync(join(dir, `${STORE_FILE}-wal`), 'stale wal');
    writeFileSync(join(dir, `${STORE_FILE}-shm`), '');
    const error = catchOpen(dir);
    expect(error.kind).toBe('corrupt');
    expect(error.keptAsidePath).toMatch(/leadrelay\.db\.corrupt-\d{4}-\d{2}-\d{2}T/);
    expect(error.message).toContain('damaged');
    expect(error.message).toContain(error.keptAsidePath);
    expect(readFileSync(error.keptAsidePath, 'utf8')).toContain('garbage bytes');
    // SQLite may discard an unusable WAL on close; whatever survives moves with the file.
    expect(readdirSync(dir).filter((f) => f.startsWith(`${STORE_FILE}`) && !f.includes('.corrupt-'))).toEqual([]);
  });

  it('keeps a damaged database aside when quick_check fails', () => {
    const store = openStore({ dataDir: dir });
    store.leads.insertMany(Array.from({ length: 2000 }, (_, i) => makeLead(`lead-${i}`, { contact: { company: `Company ${i}` } })), [], []);
    store.db.pragma('wal_checkpoint(TRUNCATE)');
    store.close();
    const path = join(dir, STORE_FILE);
    const bytes = readFileSync(path);
    // Overwrite the middle of the file (table and index pages), leaving the header intact.
    bytes.fill(0xa5, 8192, bytes.length - 8192);
    writeFileSync(path, bytes);
    const error = catchOpen(dir);
    expect(error.kind).toBe('corrupt');
    expect(readdirSync(dir).some((f) => f.startsWith(`${STORE_FILE}.corrupt-`))).toBe(true);
  });

  it('keeps a file from a newer version aside and never migrates it', () => {
    const db = new Database(join(dir, STORE_FILE));
    db.exec('CREATE TABLE future (x)');
    db.pragma(`user_version = ${latest + 5}`);
    db.close();
    const error = catchOpen(dir);
    expect(error.kind).toBe('newer-version');
    expect(error.keptAsidePath).toMatch(/leadrelay\.db\.newer-/);
    expect(error.message).toContain(`schema ${latest + 5}`);
    const kept = new Database(error.keptAsidePath, { readonly: true });
    expect(kept.pragma('user_version', { simple: true })).toBe(latest + 5);
    expect(kept.pragma('journal_mode', { simple: true })).toBe('delete');
    kept.close();
  });

  it('starts fresh when asked, reporting what it kept aside', () => {
    writeFileSync(join(dir, STORE_FILE), 'garbage'.repeat(1000));
    const store = openStore({ dataDir: dir, onProblem: 'keep-aside-and-start-fresh' });
    expect(store.problem?.kind).toBe('corrupt');
    expect(store.leads.count()).toBe(0);
    expect(readFileSync(store.problem!.keptAsidePath, 'utf8')).toContain('garbage');
    store.close();
  });

  it('rejects a missing data folder argument by name', () => {
    expect(() => openStore({ dataDir: ' ' })).toThrow('dataDir: is required');
  });
});

describe('settings', () => {
  it('stores JSON values and validates with a schema when given one', async () => {
    const { z } = await import('zod');
    const store = openStore({ dataDir: dir });
    store.settings.set('mode', 'demo');
    store.settings.set('limits', { offers: 3 });
    expect(store.settings.get('mode', z.enum(['demo', 'connected']))).toBe('demo');
    expect(store.settings.get('limits', z.object({ offers: z.string() }))).toBeUndefined();
    expect(store.settings.get('missing')).toBeUndefined();
    expect(() => store.settings.set('x', undefined)).toThrow(/value/);
    store.settings.delete('mode');
    expect(store.settings.get('mode')).toBeUndefined();
    store.close();
  });
});

function catchOpen(dataDir: string): StoreOpenError {
  try {
    openStore({ dataDir }).close();
  } catch (error) {
    if (error instanceof StoreOpenError) return error;
    throw error;
  }
  throw new Error('openStore succeeded on a bad file');
}
