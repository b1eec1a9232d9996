import { fileURLToPath } from 'node:url';
import { readMigrations as readFrom, type Migration } from '../../lib/sqlite/migrations.ts';

export const SERVER_MIGRATIONS_DIR = fileURLToPath(new URL('./migrations/', import.meta.url));

export function readMigrations(dir: string = SERVER_MIGRATIONS_DIR): Migration[] {
  return readFrom(dir);
}
