import { existsSync, mkdirSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { applyMigrations, userVersion, type Migration } from '../../lib/sqlite/migrations.ts';
import { lockDataDir } from './data-dir-lock.ts';
import { readMigrations } from './migrate.ts';

export type ServerRole = 'central' | 'reseller';

export interface ServerInfo {
  id: string;
  role: ServerRole;
  createdAt: number;
}

export interface ServerStore {
  readonly db: Database.Database;
  readonly path: string;
  readonly info: ServerInfo;
  readonly schemaVersion: number;
  /** 'ok', or what is wrong: cheap enough for every health probe. */
  check(): string;
  close(): void;
}

export type ServerStoreProblem = 'corrupt' | 'newer-version' | 'role-mismatch' | 'in-use';

export class ServerStoreError extends Error {
  readonly kind: ServerStoreProblem;
  /** Where a corrupt file was moved; null when the file was left where it was. */
  readonly keptAsidePath: string | null;

  constructor(kind: ServerStoreProblem, message: string, keptAsidePath: string | null, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ServerStoreError';
    this.kind = kind;
    this.keptAsidePath = keptAsidePath;
  }
}

export interface OpenServerStoreOptions {
  dataDir: string;
  role: ServerRole;
  now: () => number;
  newId: () => string;
  migrations?: readonly Migration[];
}

export const SERVER_DB_FILE = 'server.db';

const stamp = (ms: number) => new Date(ms).toISOString().replace(/[:.]/g, '-');

/** The database and its WAL travel together, or the kept copy would miss its last commits. */
function moveAside(path: string, suffix: string): string {
  const aside = `${path}.${suffix}`;
  for (const extension of ['', '-wal', '-shm']) {
    if (existsSync(path + extension)) renameSync(path + extension, aside + extension);
  }
  return aside;
}

function openChecked(path: string, now: () => number): Database.Database {
  let db: Database.Database | null = null;
  let problem: string;
  try {
    db = new Database(path);
    db.pragma('journal_mode = WAL');
    const result = db.pragma('quick_check', { simple: true });
    if (result === 'ok') return db;
    problem = `quick_check reported: ${String(result)}`;
  } catch (error) {
    problem = error instanceof Error ? error.message : String(error);
  }
  db?.close();
  const aside = moveAside(path, `corrupt-${stamp(now())}`);
  throw new ServerStoreError(
    'corrupt',
    `the server database ${path} is damaged (${problem}). It was moved to ${aside}; restore a backup to ${path}, or start again to begin with an empty database.`,
    aside,
  );
}

/**
 * Opens <dataDir>/server.db: one server per directory (data-dir-lock.ts), integrity check,
 * WAL, migrations, and the server's identity.
 * A damaged file is moved aside (never deleted, never silently replaced in place). A file
 * from a newer server, or one created for the other role, is left untouched and refused:
 * the server is the authority for its leads, so starting empty would hide them.
 */
export function openServerStore(options: OpenServerStoreOptions): ServerStore {
  const migrations = options.migrations ?? readMigrations();
  const latest = migrations.at(-1)?.version ?? 0;
  mkdirSync(options.dataDir, { recursive: true });
  const lock = lockDataDir(options.dataDir);
  if ('heldBy' in lock) {
    throw new ServerStoreError(
      'in-use',
      `another LeadRelay server (process ${lock.heldBy}) is using ${options.dataDir}; stop it first, or use another --data directory (if no server is running, delete ${lock.path}).`,
      null,
    );
  }
  const path = join(options.dataDir, SERVER_DB_FILE);
  let db: Database.Database;
  try {
    db = openChecked(path, options.now);
  } catch (error) {
    lock.release();
    throw error;
  }
  try {
    const found = userVersion(db);
    if (found > latest) {
      throw new ServerStoreError(
        'newer-version',
        `the server database ${path} was written by a newer LeadRelay server (schema level ${found}; this one knows up to ${latest}). Upgrade the server; the file was not changed.`,
        null,
      );
    }
    db.pragma('foreign_keys = ON');
    db.pragma('synchronous = NORMAL');
    db.pragma('busy_timeout = 5000');
    applyMigrations(db, migrations);
    const info = ensureServerInfo(db, path, options);
    return {
      db,
      path,
      info,
      schemaVersion: userVersion(db),
      check: () => checkStore(db),
      close: () => {
        if (db.open) db.close();
        lock.release();
      },
    };
  } catch (error) {
    db.close();
    lock.release();
    throw error;
  }
}

function ensureServerInfo(db: Database.Database, path: string, options: OpenServerStoreOptions): ServerInfo {
  const row = db.prepare('SELECT id, role, created_at AS createdAt FROM server_info LIMIT 1').get() as ServerInfo | undefined;
  if (!row) {
    const info: ServerInfo = { id: options.newId(), role: options.role, createdAt: options.now() };
    db.prepare('INSERT INTO server_info (id, role, created_at) VALUES (?, ?, ?)').run(info.id, info.role, info.createdAt);
    return info;
  }
  if (row.role !== options.role) {
    throw new ServerStoreError(
      'role-mismatch',
      `the server database ${path} belongs to a ${row.role} server; start it with --role ${row.role}, or use another --data directory for a ${options.role} server.`,
      null,
    );
  }
  return row;
}

function checkStore(db: Database.Database): string {
  if (!db.open) return 'database is closed';
  try {
    db.prepare('SELECT count(*) FROM server_info').pluck().get();
    return 'ok';
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}
