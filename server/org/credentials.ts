import { z } from 'zod';
import type Database from 'better-sqlite3';
import { HttpError } from '../http/errors.ts';
import { newSecret, sha256 } from './secrets.ts';

/**
 * Workstation tokens (one per login) and lead-source API keys. The plain secret is shown
 * once, when it is made; the store keeps only its SHA-256.
 */
export const LeadSource = z.object({
  id: z.string(),
  name: z.string(),
  keyPrefix: z.string().describe('The first characters of the key, to tell keys apart.'),
  createdAt: z.number(),
  revokedAt: z.number().nullable(),
});
export type LeadSource = z.infer<typeof LeadSource>;

export interface TokenOwner {
  tokenId: string;
  userId: string;
}

/** Last-use times are written at most this often per token, not on every request. */
const LAST_USED_GRANULARITY_MS = 60_000;

export interface Credentials {
  issueToken(userId: string, label: string | null, id: string, now: number): { token: string; tokenId: string };
  resolveToken(token: string, now: number): TokenOwner | null;
  revokeToken(tokenId: string, now: number): void;
  revokeUserTokens(userId: string, now: number): number;
  createSource(name: string, id: string, now: number): { source: LeadSource; apiKey: string };
  resolveSource(apiKey: string): string | null;
  listSources(): LeadSource[];
  source(id: string): LeadSource | null;
  revokeSource(id: string, now: number): LeadSource;
}

export function credentials(db: Database.Database): Credentials {
  const insertToken = db.prepare('INSERT INTO auth_tokens (id, user_id, token_hash, label, created_at, last_used_at) VALUES (?, ?, ?, ?, ?, ?)');
  const tokenByHash = db.prepare<[string], { id: string; user_id: string; last_used_at: number | null }>(
    'SELECT t.id, t.user_id, t.last_used_at FROM auth_tokens t JOIN users u ON u.id = t.user_id WHERE t.token_hash = ? AND t.revoked_at IS NULL AND u.disabled = 0',
  );
  const touch = db.prepare('UPDATE auth_tokens SET last_used_at = ? WHERE id = ?');
  const revoke = db.prepare('UPDATE auth_tokens SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL');
  const revokeAll = db.prepare('UPDATE auth_tokens SET revoked_at = ? WHERE user_id = ? AND revoked_at IS NULL');
  const insertSource = db.prepare('INSERT INTO lead_sources (id, name, key_hash, key_prefix, created_at) VALUES (?, ?, ?, ?, ?)');
  const sourceByHash = db.prepare<[string], { id: string }>('SELECT id FROM lead_sources WHERE key_hash = ? AND revoked_at IS NULL');
  type SourceRow = { id: string; name: string; key_prefix: string; created_at: number; revoked_at: number | null };
  const sourceRows = db.prepare<[], SourceRow>('SELECT id, name, key_prefix, created_at, revoked_at FROM lead_sources ORDER BY created_at, id');
  const sourceById = db.prepare<[string], SourceRow>('SELECT id, name, key_prefix, created_at, revoked_at FROM lead_sources WHERE id = ?');
  const revokeSourceRow = db.prepare('UPDATE lead_sources SET revoked_at = coalesce(revoked_at, ?) WHERE id = ?');
  const toSource = (row: SourceRow): LeadSource => ({
    id: row.id, name: row.name, keyPrefix: row.key_prefix, createdAt: row.created_at, revokedAt: row.revoked_at,
  });

  return {
    issueToken: (userId, label, id, now) => {
      const token = newSecret('lrt');
      insertToken.run(id, userId, sha256(token), label, now, now);
      return { token, tokenId: id };
    },
    resolveToken: (token, now) => {
      const row = tokenByHash.get(sha256(token));
      if (!row) return null;
      if (row.last_used_at === null || now - row.last_used_at >= LAST_USED_GRANULARITY_MS) touch.run(now, row.id);
      return { tokenId: row.id, userId: row.user_id };
    },
    revokeToken: (tokenId, now) => void revoke.run(now, tokenId),
    revokeUserTokens: (userId, now) => revokeAll.run(now, userId).changes,
    createSource: (name, id, now) => {
      const apiKey = newSecret('lrs');
      const prefix = apiKey.slice(0, 10);
      insertSource.run(id, name, sha256(apiKey), prefix, now);
      return { source: { id, name, keyPrefix: prefix, createdAt: now, revokedAt: null }, apiKey };
    },
    resolveSource: (apiKey) => sourceByHash.get(sha256(apiKey))?.id ?? null,
    listSources: () => sourceRows.all().map(toSource),
    source: (id) => {
      const row = sourceById.get(id);
      return row ? toSource(row) : null;
    },
    revokeSource: (id, now) => {
      if (revokeSourceRow.run(now, id).changes === 0) throw new HttpError(404, 'not_found', `no lead source with id "${id}"`, 'id');
      return toSource(sourceById.get(id)!);
    },
  };
}
