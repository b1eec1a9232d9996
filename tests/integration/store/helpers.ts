import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { Lead } from '../../../core/lead/lead.ts';
import { applyMigrations } from '../../../lib/sqlite/migrations.ts';
import { STORE_FILE } from '../../../main/services/store/index.ts';
import { loadMigrations } from '../../../main/services/store/migrate.ts';

export const NOW = Date.UTC(2026, 10, 22, 9, 0, 0);

/** A fresh temp folder per test; removed by the returned cleanup. */
export function tempDir(): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'leadrelay-store-'));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/**
 * Leaves in `dataDir` the store an earlier release would have: migrations up to `level` only,
 * then `fill` writes what that release wrote. Answers what `fill` answers.
 */
export function writeStoreAtLevel<T>(dataDir: string, level: number, fill: (db: Database.Database) => T): T {
  const db = new Database(join(dataDir, STORE_FILE));
  try {
    applyMigrations(db, loadMigrations().slice(0, level));
    return fill(db);
  } finally {
    db.close();
  }
}

export function makeLead(id: string, overrides: Partial<Omit<Lead, 'contact'>> & { contact?: Partial<Lead['contact']> } = {}): Lead {
  const { contact, ...rest } = overrides;
  return {
    id,
    createdAt: NOW - 3_600_000,
    updatedAt: NOW - 3_600_000,
    status: 'offered',
    priority: 'normal',
    score: 50,
    contact: {
      firstName: 'Test', lastName: id, company: null, title: null, email: null, phone: null,
      street: null, city: null, region: null, postalCode: null, country: null, ...contact,
    },
    interest: { product: null, size: null, timeframe: null, budget: null },
    source: null,
    campaign: null,
    boxId: null,
    ownerId: null,
    offerExpiresAt: null,
    incubateUntil: null,
    withheld: [],
    custom: {},
    attachments: [],
    wonAmount: null,
    closeReason: null,
    ...rest,
  };
}

/** A context like the handler map passes: fixed clock, counting ids. */
export function actionContext(now = NOW, actor = 'u-me') {
  let n = 0;
  return {
    actor,
    actorName: 'Alex Rep',
    now,
    newId: () => `t-${actor}-${now}-${++n}`,
    nameOf: (id: string) => (id === 'u-sam' ? 'Sam Colleague' : id),
  };
}
