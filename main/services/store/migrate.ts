import { fileURLToPath } from 'node:url';
import { readMigrations, type Migration } from '../../../lib/sqlite/migrations.ts';

export const DEFAULT_MIGRATIONS_DIR = fileURLToPath(new URL('./migrations/', import.meta.url));

export function loadMigrations(dir: string = DEFAULT_MIGRATIONS_DIR): Migration[] {
  return readMigrations(dir);
}
