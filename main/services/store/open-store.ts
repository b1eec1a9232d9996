import { existsSync, mkdirSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { ColleagueStore } from './colleagues.ts';
import { LeadRepository } from './lead-repository.ts';
import { applyMigrations, userVersion } from '../../../lib/sqlite/migrations.ts';
import { loadMigrations } from './migrate.ts';
import { Outbox } from './outbox.ts';
import { RuleInsights } from './rule-insights.ts';
import { RuleRepository } from './rule-repository.ts';
import { Settings } from './settings.ts';
import { StoreOpenError, type StoreProblemKind } from './store-error.ts';
import { WalCheckpointer } from './wal-checkpointer.ts';

export const STORE_FILE = 'leadrelay.db';

/**
 * Page size of a store created now (SQLite's default is 4096). A lead's row and its history
 * (≈ 2 KB as JSON) fill pages of 8 KB better, and a first sync writes each page to the WAL
 * with a frame header and a write call of its own: 8 KB pages took ≈ 8% off its writing
 * (docs/local-store.md).
 */
export const NEW_STORE_PAGE_SIZE = 8192;

export interface OpenStoreOptions {
  dataDir: string;
  /**
   * What to do with a damaged file or one from a newer LeadRelay. Either way the file is
   * moved aside first, never deleted. 'throw' (default) lets the caller ask the person;
   * 'keep-aside-and-start-fresh' opens an empty store and reports the problem on `problem`.
   */
  onProblem?: 'throw' | 'keep-aside-and-start-fresh';
  /** Where the NNN-name.sql files are; defaults to ./migrations beside this module. */
  migrationsDir?: string;
  /**
   * Who copies the WAL into the database file. 'background' (default): a worker thread
   * (wal-checkpointer.ts), so a large sync does not stall the event loop with checkpoints;
   * 'sqlite': SQLite itself, on the writing thread, every 1000 pages.
   */
  checkpoints?: 'background' | 'sqlite';
}

export interface LocalStore {
  path: string;
  db: Database.Database;
  leads: LeadRepository;
  outbox: Outbox;
  rules: RuleRepository;
  ruleInsights: RuleInsights;
  settings: Settings;
  colleagues: ColleagueStore;
  /** Set when onProblem was 'keep-aside-and-start-fresh' and the old file had to be moved aside. */
  problem: StoreOpenError | null;
  close(): void;
}

export function openStore(options: OpenStoreOptions): LocalStore {
  const { dataDir, onProblem = 'throw', checkpoints = 'background' } = options;
  if (typeof dataDir !== 'string' || dataDir.trim() === '') throw new TypeError('dataDir: is required');
  mkdirSync(dataDir, { recursive: true });
  const path = join(dataDir, STORE_FILE);
  const migrations = loadMigrations(options.migrationsDir);
  try {
    return assemble(path, openChecked(path, migrations), null, checkpoints);
  } catch (error) {
    if (!(error instanceof StoreOpenError) || onProblem === 'throw') throw error;
    return assemble(path, openChecked(path, migrations), error, checkpoints);
  }
}

function openChecked(path: string, migrations: ReturnType<typeof loadMigrations>): Database.Database {
  const known = migrations.length;
  const db = new Database(path);
  let problem: { kind: StoreProblemKind; cause?: unknown; found?: number } | null = null;
  try {
    db.pragma('busy_timeout = 5000');
    // Checked before anything writes to the file: a file we keep aside stays as we found it.
    const check = db.pragma('quick_check', { simple: true });
    if (check !== 'ok') problem = { kind: 'corrupt', cause: new Error(`quick_check: ${String(check)}`) };
    else if (userVersion(db) > known) problem = { kind: 'newer-version', found: userVersion(db) };
    else {
      // Only a new, empty file takes a page size; an existing store keeps its own.
      if (userVersion(db) === 0) db.pragma(`page_size = ${NEW_STORE_PAGE_SIZE}`);
      db.pragma('journal_mode = WAL');
      db.pragma('synchronous = NORMAL');
      db.pragma('foreign_keys = ON');
      // 64 MiB of page cache (default 2 MiB): a 100k-lead store is a few hundred MB and bulk imports touch every index.
      db.pragma('cache_size = -65536');
      // With background checkpoints the WAL can grow to hundreds of MB during a first sync;
      // when SQLite starts it over from the beginning it truncates the file back to this.
      db.pragma(`journal_size_limit = ${64 * 1024 * 1024}`);
    }
  } catch (error) {
    if (!isCorruption(error)) {
      db.close();
      throw error;
    }
    problem = { kind: 'corrupt', cause: error };
  }
  if (problem) {
    db.close();
    const aside = keepAside(path, problem.kind);
    throw new StoreOpenError(problem.kind, explain(path, aside, problem.kind, problem.found, known), aside, { cause: problem.cause });
  }
  try {
    applyMigrations(db, migrations);
  } catch (error) {
    db.close();
    throw error;
  }
  return db;
}

function assemble(path: string, db: Database.Database, problem: StoreOpenError | null, checkpoints: OpenStoreOptions['checkpoints']): LocalStore {
  const checkpointer = checkpoints === 'background' ? new WalCheckpointer(db) : null;
  const outbox = new Outbox(db);
  return {
    path,
    db,
    leads: new LeadRepository(db, outbox),
    outbox,
    rules: new RuleRepository(db, outbox),
    ruleInsights: new RuleInsights(db),
    settings: new Settings(db),
    colleagues: new ColleagueStore(db),
    problem,
    close: () => {
      // First, so the worker's connection is closed before this one (stop() waits for it).
      checkpointer?.stop();
      if (db.open) db.close();
    },
  };
}

/** Only these mean the file itself is bad; a lock or permission error must never move data aside. */
function isCorruption(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && (code === 'SQLITE_NOTADB' || code.startsWith('SQLITE_CORRUPT'));
}

function keepAside(path: string, kind: StoreProblemKind): string {
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const aside = `${path}.${kind === 'corrupt' ? 'corrupt' : 'newer'}-${stamp}`;
  renameSync(path, aside);
  // The WAL and shared-memory files belong to the database: keep them beside it under its new name.
  for (const suffix of ['-wal', '-shm']) {
    if (existsSync(path + suffix)) renameSync(path + suffix, aside + suffix);
  }
  return aside;
}

function explain(path: string, aside: string, kind: StoreProblemKind, found: number | undefined, known: number): string {
  if (kind === 'corrupt') {
    return `The lead database ${path} is damaged and could not be opened. It was moved to ${aside} so nothing is deleted; LeadRelay can start with an empty store and fetch your leads from the server again.`;
  }
  return `The lead database ${path} was written by a newer version of LeadRelay (schema ${found}; this version understands up to ${known}). It was moved to ${aside}; install the newer LeadRelay to use it again, or start with an empty store.`;
}
