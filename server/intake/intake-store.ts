import type Database from 'better-sqlite3';
import type { DedupeCandidate } from '../../core/quality/dedupe.ts';

/** The intake tables of migration 003 (raw documents, idempotency keys, review queue, CSV mappings). */
export type IntakeFormat = 'json' | 'xml' | 'adf' | 'csv' | 'email';

export interface RawDocument {
  id: string;
  receivedAt: number;
  format: IntakeFormat;
  contentType: string;
  sourceId: string | null;
  actor: string;
  body: Buffer;
}

export interface StoredResponse {
  requestHash: string;
  statusCode: number;
  response: unknown;
}

export interface ReviewItem {
  id: string;
  leadId: string;
  candidates: DedupeCandidate[];
  createdAt: number;
}

export interface StoredReview extends ReviewItem {
  resolvedAt: number | null;
  resolution: string | null;
}

export interface IntakeStore {
  saveRaw(raw: RawDocument): void;
  deleteRaw(id: string): void;
  getRaw(id: string): RawDocument | null;
  linkLead(leadId: string, rawId: string, recordIndex: number, outcome: 'created' | 'merged' | 'review'): void;
  rawIdsOf(leadId: string): string[];
  findResponse(principal: string, key: string): StoredResponse | null;
  saveResponse(principal: string, key: string, stored: StoredResponse, at: number): void;
  addReview(item: ReviewItem): void;
  openReviews(limit: number, after: string | null): ReviewItem[];
  review(id: string): StoredReview | null;
  markResolved(id: string, at: number, resolution: string): void;
  /** Points a lead's intake records at another lead (the one it was merged into). */
  moveLinks(fromLeadId: string, toLeadId: string): void;
  getCsvMapping(sourceId: string): Record<string, string> | null;
  saveCsvMapping(sourceId: string, mapping: Record<string, string>, at: number): void;
}

interface RawRow { id: string; received_at: number; format: IntakeFormat; content_type: string; source_id: string | null; actor: string; body: Buffer }
interface ReviewRow { id: string; lead_id: string; candidates: string; created_at: number; resolved_at?: number | null; resolution?: string | null }

const toReview = (row: ReviewRow): ReviewItem => ({ id: row.id, leadId: row.lead_id, candidates: JSON.parse(row.candidates) as DedupeCandidate[], createdAt: row.created_at });

export function intakeStore(db: Database.Database): IntakeStore {
  const insertRaw = db.prepare('INSERT INTO intake_raw (id, received_at, format, content_type, source_id, actor, body) VALUES (?, ?, ?, ?, ?, ?, ?)');
  const rawById = db.prepare('SELECT * FROM intake_raw WHERE id = ?');
  const deleteRawById = db.prepare('DELETE FROM intake_raw WHERE id = ?');
  const insertLink = db.prepare('INSERT OR IGNORE INTO lead_intake (lead_id, raw_id, record_index, outcome) VALUES (?, ?, ?, ?)');
  const linksOf = db.prepare('SELECT raw_id FROM lead_intake WHERE lead_id = ? ORDER BY raw_id').pluck();
  const responseOf = db.prepare('SELECT request_hash AS requestHash, status_code AS statusCode, response FROM idempotency_keys WHERE principal = ? AND key = ?');
  const insertResponse = db.prepare('INSERT INTO idempotency_keys (principal, key, request_hash, status_code, response, created_at) VALUES (?, ?, ?, ?, ?, ?)');
  const insertReview = db.prepare('INSERT INTO review_queue (id, lead_id, candidates, created_at) VALUES (?, ?, ?, ?)');
  const reviews = db.prepare('SELECT id, lead_id, candidates, created_at FROM review_queue WHERE resolved_at IS NULL AND id > ? ORDER BY id LIMIT ?');
  const reviewById = db.prepare('SELECT id, lead_id, candidates, created_at, resolved_at, resolution FROM review_queue WHERE id = ?');
  const resolve = db.prepare('UPDATE review_queue SET resolved_at = ?, resolution = ? WHERE id = ?');
  // A record already linked to the target (two records of one request) keeps that link.
  const relink = db.prepare("UPDATE OR IGNORE lead_intake SET lead_id = ?, outcome = 'merged' WHERE lead_id = ?");
  const mappingOf = db.prepare('SELECT mapping FROM csv_mappings WHERE source_id = ?').pluck();
  const upsertMapping = db.prepare('INSERT INTO csv_mappings (source_id, mapping, updated_at) VALUES (?, ?, ?) ON CONFLICT (source_id) DO UPDATE SET mapping = excluded.mapping, updated_at = excluded.updated_at');

  return {
    saveRaw: (raw) => void insertRaw.run(raw.id, raw.receivedAt, raw.format, raw.contentType, raw.sourceId, raw.actor, raw.body),
    deleteRaw: (id) => void deleteRawById.run(id),
    getRaw: (id) => {
      const row = rawById.get(id) as RawRow | undefined;
      return row ? { id: row.id, receivedAt: row.received_at, format: row.format, contentType: row.content_type, sourceId: row.source_id, actor: row.actor, body: row.body } : null;
    },
    linkLead: (leadId, rawId, recordIndex, outcome) => void insertLink.run(leadId, rawId, recordIndex, outcome),
    rawIdsOf: (leadId) => linksOf.all(leadId) as string[],
    findResponse: (principal, key) => {
      const row = responseOf.get(principal, key) as { requestHash: string; statusCode: number; response: string } | undefined;
      return row ? { ...row, response: JSON.parse(row.response) as unknown } : null;
    },
    saveResponse: (principal, key, stored, at) => void insertResponse.run(principal, key, stored.requestHash, stored.statusCode, JSON.stringify(stored.response), at),
    addReview: (item) => void insertReview.run(item.id, item.leadId, JSON.stringify(item.candidates), item.createdAt),
    openReviews: (limit, after) => (reviews.all(after ?? '', limit) as ReviewRow[]).map(toReview),
    review: (id) => {
      const row = reviewById.get(id) as ReviewRow | undefined;
      return row ? { ...toReview(row), resolvedAt: row.resolved_at ?? null, resolution: row.resolution ?? null } : null;
    },
    markResolved: (id, at, resolution) => void resolve.run(at, resolution, id),
    moveLinks: (fromLeadId, toLeadId) => void relink.run(toLeadId, fromLeadId),
    getCsvMapping: (sourceId) => {
      const text = mappingOf.get(sourceId) as string | undefined;
      return text === undefined ? null : (JSON.parse(text) as Record<string, string>);
    },
    saveCsvMapping: (sourceId, mapping, at) => void upsertMapping.run(sourceId, JSON.stringify(mapping), at),
  };
}
