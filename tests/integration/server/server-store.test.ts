import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { readMigrations } from '../../../server/store/migrate.ts';
import { openServerStore, ServerStoreError, type OpenServerStoreOptions } from '../../../server/store/open-server-store.ts';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});
const tempDir = () => {
  const dir = mkdtempSync(join(tmpdir(), 'leadrelay-server-store-'));
  dirs.push(dir);
  return dir;
};

let ids = 0;
const options = (dataDir: string, extra: Partial<OpenServerStoreOptions> = {}): OpenServerStoreOptions => ({
  dataDir,
  role: 'central',
  now: () => Date.UTC(2026, 0, 2, 3, 4, 5),
  newId: () => `server-${++ids}`,
  ...extra,
});

describe('openServerStore', () => {
  it('creates server.db in WAL mode at the latest schema level with every table', () => {
    const dataDir = join(tempDir(), 'nested', 'data');
    const store = openServerStore(options(dataDir));
    try {
      expect(store.path).toBe(join(dataDir, 'server.db'));
      expect(store.schemaVersion).toBe(readMigrations().length);
      expect(store.db.pragma('journal_mode', { simple: true })).toBe('wal');
      expect(store.db.pragma('foreign_keys', { simple: true })).toBe(1);
      const tables = store.db.prepare("SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name").pluck().all();
      expect(tables).toEqual(expect.arrayContaining(['boxes', 'lead_history', 'leads', 'server_info', 'users']));
      expect(store.info).toEqual({ id: expect.stringMatching(/^server-/), role: 'central', createdAt: Date.UTC(2026, 0, 2, 3, 4, 5) });
      expect(store.check()).toBe('ok');
    } finally {
      store.close();
    }
  });

  it('keeps its identity across restarts', () => {
    const dataDir = tempDir();
    const first = openServerStore(options(dataDir));
    first.close();
    const second = openServerStore(options(dataDir));
    expect(second.info).toEqual(first.info);
    second.close();
  });

  it('enforces the box tree and lead constraints', () => {
    const store = openServerStore(options(tempDir()));
    try {
      const insertBox = store.db.prepare('INSERT INTO boxes (id, parent_id, name, created_at, updated_at) VALUES (?, ?, ?, 0, 0)');
      insertBox.run('system', null, 'System');
      insertBox.run('emea', 'system', 'EMEA');
      expect(() => insertBox.run('orphan', 'missing', 'Orphan')).toThrow(/FOREIGN KEY/);
      expect(() => store.db.prepare('DELETE FROM boxes WHERE id = ?').run('system')).toThrow(/FOREIGN KEY/);
      const insertLead = store.db.prepare("INSERT INTO leads (id, created_at, updated_at, status, priority, score, box_id) VALUES (?, 0, 0, ?, 'normal', 50, 'emea')");
      insertLead.run('lead-1', 'new');
      expect(() => insertLead.run('lead-2', 'unheard-of')).toThrow(/CHECK/);
      store.db.prepare("INSERT INTO lead_history (id, lead_id, at, actor, kind, summary) VALUES ('h1', 'lead-1', 0, 'system', 'created', 'Lead created')").run();
      store.db.prepare("DELETE FROM leads WHERE id = 'lead-1'").run();
      expect(store.db.prepare('SELECT count(*) FROM lead_history').pluck().get()).toBe(0);
    } finally {
      store.close();
    }
  });

  it('moves a damaged file aside and says where, leaving no stale WAL behind', () => {
    const dataDir = tempDir();
    const path = join(dataDir, 'server.db');
    writeFileSync(path, 'this is not a database, just some bytes that are long enough to look like a header '.repeat(20));
    writeFileSync(`${path}-wal`, 'stale wal');
    const error = captureError(() => openServerStore(options(dataDir)));
    expect(error.kind).toBe('corrupt');
    expect(error.message).toContain(path);
    expect(error.message).toContain(error.keptAsidePath!);
    expect(existsSync(path)).toBe(false);
    expect(readFileSync(error.keptAsidePath!, 'utf8')).toMatch(/^this is not a database/);
    expect(existsSync(`${path}-wal`)).toBe(false);
    expect(error.keptAsidePath).toBe(`${path}.corrupt-2026-01-02T03-04-05-000Z`);
  });

  it('refuses a file from a newer server and leaves it untouched', () => {
    const dataDir = tempDir();
    openServerStore(options(dataDir)).close();
    const path = join(dataDir, 'server.db');
    const db = new Database(path);
    db.pragma('user_version = 999');
    db.close();
    const before = readFileSync(path);
    const error = captureError(() => openServerStore(options(dataDir)));
    expect(error.kind).toBe('newer-version');
    expect(error.message).toMatch(/newer LeadRelay server \(schema level 999; this one knows up to \d+\)/);
    expect(error.keptAsidePath).toBeNull();
    expect(readFileSync(path).equals(before)).toBe(true);
  });

  it('refuses to open a central server database as a reseller', () => {
    const dataDir = tempDir();
    openServerStore(options(dataDir)).close();
    const error = captureError(() => openServerStore(options(dataDir, { role: 'reseller' })));
    expect(error.kind).toBe('role-mismatch');
    expect(error.message).toContain('--role central');
  });

  it('applies only pending migrations, each recorded in user_version', () => {
    const dataDir = tempDir();
    const migrations = [
      { version: 1, name: 'a', sql: 'CREATE TABLE server_info (id TEXT PRIMARY KEY, role TEXT, created_at INTEGER);' },
    ];
    openServerStore(options(dataDir, { migrations })).close();
    const extended = [...migrations, { version: 2, name: 'b', sql: 'CREATE TABLE extra (x INTEGER);' }];
    const store = openServerStore(options(dataDir, { migrations: extended }));
    expect(store.schemaVersion).toBe(2);
    expect(store.db.prepare("SELECT count(*) FROM sqlite_schema WHERE name = 'extra'").pluck().get()).toBe(1);
    store.close();
  });

  it('rolls back a failing migration entirely', () => {
    const dataDir = tempDir();
    const migrations = [
      { version: 1, name: 'a', sql: 'CREATE TABLE server_info (id TEXT PRIMARY KEY, role TEXT, created_at INTEGER);' },
      { version: 2, name: 'broken', sql: 'CREATE TABLE half (x INTEGER); INSERT INTO nowhere VALUES (1);' },
    ];
    expect(() => openServerStore(options(dataDir, { migrations }))).toThrow(/nowhere/);
    const db = new Database(join(dataDir, 'server.db'));
    expect(db.pragma('user_version', { simple: true })).toBe(1);
    expect(db.prepare("SELECT count(*) FROM sqlite_schema WHERE name = 'half'").pluck().get()).toBe(0);
    db.close();
  });
});

describe('readMigrations', () => {
  it('rejects a gap in the numbering', () => {
    const dir = tempDir();
    writeFileSync(join(dir, '001-first.sql'), 'SELECT 1;');
    writeFileSync(join(dir, '003-third.sql'), 'SELECT 1;');
    writeFileSync(join(dir, 'notes.txt'), 'ignored');
    expect(() => readMigrations(dir)).toThrow(/003-third\.sql at position 2/);
  });

  it('ships migrations named NNN-name.sql', () => {
    const names = readdirSync(new URL('../../../server/store/migrations/', import.meta.url));
    expect(names.every((name) => /^\d{3}-[a-z0-9-]+\.sql$/.test(name))).toBe(true);
  });
});

function captureError(run: () => unknown): ServerStoreError {
  try {
    run();
  } catch (error) {
    if (error instanceof ServerStoreError) return error;
    throw error;
  }
  throw new Error('expected a ServerStoreError');
}
