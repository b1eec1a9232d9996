import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Database } from 'better-sqlite3';

/**
 * The numbered-migration runner shared by the workstation's store and the server's store.
 * A migration is a file NNN-name.sql; its number is the schema level kept in user_version.
 */
export interface Migration {
  version: number;
  name: string;
  sql: string;
}

const MIGRATION_FILE = /^(\d{3})-([a-z0-9-]+)\.sql$/;

/** Numbering must run 001, 002, ... without gaps, so a level means one thing everywhere. */
export function readMigrations(dir: string): Migration[] {
  const migrations = readdirSync(dir)
    .flatMap((file) => {
      const match = MIGRATION_FILE.exec(file);
      return match ? [{ version: Number(match[1]), name: match[2]!, sql: readFileSync(join(dir, file), 'utf8') }] : [];
    })
    .sort((a, b) => a.version - b.version);
  migrations.forEach((migration, index) => {
    if (migration.version !== index + 1) {
      const file = `${String(migration.version).padStart(3, '0')}-${migration.name}.sql`;
      throw new Error(`migrations in ${dir} must be numbered 001, 002, ... without gaps; found ${file} at position ${index + 1}`);
    }
  });
  return migrations;
}

export function userVersion(db: Database): number {
  return db.pragma('user_version', { simple: true }) as number;
}

/** Each pending migration runs in its own write transaction together with its level bump. */
export function applyMigrations(db: Database, migrations: readonly Migration[]): { from: number; to: number } {
  const from = userVersion(db);
  for (const migration of migrations) {
    if (migration.version <= userVersion(db)) continue;
    db.transaction(() => {
      db.exec(migration.sql);
      db.pragma(`user_version = ${migration.version}`);
    }).immediate();
  }
  return { from, to: userVersion(db) };
}
