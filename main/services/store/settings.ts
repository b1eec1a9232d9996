import type { Database, Statement } from 'better-sqlite3';
import type { z } from 'zod';

/** Small JSON values by key: the local profile, preferences, sync cursors. */
export class Settings {
  private readonly read: Statement<[string], string>;
  private readonly write: Statement<[string, string]>;
  private readonly remove: Statement<[string]>;

  constructor(db: Database) {
    this.read = db.prepare<[string], string>('SELECT value FROM settings WHERE key = ?').pluck();
    this.write = db.prepare('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value');
    this.remove = db.prepare('DELETE FROM settings WHERE key = ?');
  }

  /**
   * The stored value, or undefined when there is none. With a schema, a stored value that no
   * longer fits (written by an older version) also reads as undefined, so callers fall back
   * to their default instead of crashing.
   */
  get<T = unknown>(key: string, schema?: z.ZodType<T>): T | undefined {
    const raw = this.read.get(key);
    if (raw === undefined) return undefined;
    const value: unknown = JSON.parse(raw);
    if (!schema) return value as T;
    const parsed = schema.safeParse(value);
    return parsed.success ? parsed.data : undefined;
  }

  set(key: string, value: unknown): void {
    if (key.trim() === '') throw new TypeError('key: is required');
    const json = JSON.stringify(value);
    if (json === undefined) throw new TypeError(`value: cannot store ${typeof value} for ${key}; use delete()`);
    this.write.run(key, json);
  }

  delete(key: string): void {
    this.remove.run(key);
  }
}
