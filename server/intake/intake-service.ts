import type Database from 'better-sqlite3';
import type { HistoryEntry, Lead } from '../../core/lead/lead.ts';
import { displayName } from '../../core/lead/lead.ts';
import { readIncoming, prepareLead } from '../../core/exchange/lead-input.ts';
import { decide, DEFAULT_THRESHOLDS, type DedupeIndex, type MatchProfile, type Thresholds } from '../../core/quality/dedupe.ts';
import { enrichLead, type CompanyTable } from '../../core/quality/enrich.ts';
import { mergeLead } from '../../core/quality/merge.ts';
import { leadRows, type LeadRows } from '../store/lead-rows.ts';
import { intakeStore, type IntakeFormat, type IntakeStore } from './intake-store.ts';
import { loadDedupeIndex, profileOfLead } from './lead-index.ts';

/**
 * Intake as a service: decoded records in, per-record outcomes out. Each record is
 * normalised and validated (core/exchange/lead-input.ts), enriched, checked against every
 * stored lead for duplicates, and then created, merged or created-and-flagged for review.
 * A request is one transaction: its leads, its raw document and its idempotency record are
 * stored together or not at all.
 */
export type DecodedRecord =
  | { ok: true; value: unknown; strict: boolean; warnings?: string[] }
  | { ok: false; field: string; reason: string };

export type RecordStatus = 'created' | 'merged' | 'review' | 'rejected';

export interface RecordResult {
  index: number;
  status: RecordStatus;
  leadId?: string;
  /** For merged and review: the existing lead it matched. */
  matchedLeadId?: string;
  field?: string;
  reason?: string;
  warnings?: string[];
}

export interface IngestRequest {
  records: readonly DecodedRecord[];
  raw: { format: IntakeFormat; contentType: string; body: Buffer };
  actor: string;
  sourceId: string | null;
  sourceName: string | null;
  /** How records are named in messages: `leads[3]`, `rows[3]`, `prospects[0]`. */
  label: string;
  idempotency?: { principal: string; key: string; requestHash: string };
  /** Answer for the stored idempotent response, from the results. */
  respond?: (results: RecordResult[]) => { statusCode: number; body: unknown };
  /** Further writes that must commit with the leads (the mailbox ledger). */
  within?: (results: RecordResult[], rawId: string | null) => void;
}

export type IngestOutcome =
  | { kind: 'done'; results: RecordResult[]; rawId: string | null; statusCode: number; body: unknown }
  | { kind: 'replay'; statusCode: number; body: unknown }
  | { kind: 'key-reused' };

export interface IntakeServiceOptions {
  db: Database.Database;
  now: () => number;
  newId: () => string;
  thresholds?: Thresholds;
  companies?: CompanyTable | null;
  defaultCountry?: string | null;
  /** Called after commit for each lead created (not merged, not held for review). */
  onLeadStored?: (leadId: string) => void;
}

export interface IntakeService {
  readonly index: DedupeIndex;
  readonly store: IntakeStore;
  readonly leads: LeadRows;
  ingest(request: IngestRequest): IngestOutcome;
}

const defaultRespond = (results: RecordResult[]) => ({ statusCode: 200, body: { results } });

export function createIntakeService(options: IntakeServiceOptions): IntakeService {
  const { db, now, newId } = options;
  const thresholds = options.thresholds ?? DEFAULT_THRESHOLDS;
  const leads = leadRows(db);
  const store = intakeStore(db);
  let index = loadDedupeIndex(db, options.defaultCountry ?? null);
  let indexTouched = false;
  const indexProfile = (profile: MatchProfile) => {
    indexTouched = true;
    index.addProfile(profile);
  };

  const createdEntry = (lead: Lead, request: IngestRequest, note: string): HistoryEntry => ({
    id: newId(),
    leadId: lead.id,
    at: lead.createdAt,
    actor: request.actor,
    kind: 'created',
    summary: `Received ${displayName(lead.contact)} via ${request.raw.format.toUpperCase()}${lead.source ? ` from ${lead.source}` : ''}${note}`,
    reason: null,
    data: { format: request.raw.format, sourceId: request.sourceId },
  });

  function one(record: DecodedRecord, at: number, request: IngestRequest, rawId: string): RecordResult {
    const name = `${request.label}[${at}]`;
    const reject = (field: string, reason: string): RecordResult => {
      const path = field ? `${name}.${field}` : name;
      return { index: at, status: 'rejected', field: path, reason: `${path}: ${reason}` };
    };
    if (!record.ok) return reject(record.field, record.reason);
    const incoming = readIncoming(record.value);
    if (!incoming.ok) return reject(incoming.field, incoming.reason);
    const time = now();
    const prepared = prepareLead(incoming.input, { id: newId(), now: time, strict: record.strict, defaultCountry: options.defaultCountry, source: request.sourceName });
    if (!prepared.ok) return reject(prepared.field, prepared.reason);
    let lead = prepared.lead;
    if (options.companies) lead = enrichLead(lead, options.companies).lead;
    const warnings = [...(record.warnings ?? []), ...prepared.warnings];
    const extra = warnings.length > 0 ? { warnings } : {};

    const profile = profileOfLead(lead);
    // Candidates below the review bar cannot change the decision.
    const decision = decide(index.findCandidatesFor(profile, { minScore: thresholds.reviewThreshold }), thresholds);
    if (decision.action === 'merge') {
      const existing = leads.get(decision.into.id);
      if (existing) {
        const merged = mergeLead(existing, lead, { now: time, actor: request.actor, newId: newId(), defaultCountry: options.defaultCountry, matchedOn: decision.into.reasons.map((r) => r.field) });
        leads.save(merged.lead);
        leads.appendHistory(merged.history);
        store.linkLead(existing.id, rawId, at, 'merged');
        indexProfile(profileOfLead(merged.lead));
        return { index: at, status: 'merged', leadId: existing.id, matchedLeadId: existing.id, ...extra };
      }
    }
    const review = decision.action === 'review' ? decision.candidates : null;
    lead.custom['intake.rawId'] = rawId;
    leads.save(lead);
    leads.appendHistory([createdEntry(lead, request, review ? `; held for review as a possible duplicate of ${review[0]!.id}` : '')]);
    store.linkLead(lead.id, rawId, at, review ? 'review' : 'created');
    indexProfile(profile);
    if (review) {
      store.addReview({ id: newId(), leadId: lead.id, candidates: review, createdAt: time });
      return { index: at, status: 'review', leadId: lead.id, matchedLeadId: review[0]!.id, ...extra };
    }
    return { index: at, status: 'created', leadId: lead.id, ...extra };
  }

  /**
   * After the leads' commit, each created lead is handed on (to routing) inside one shared
   * transaction: a listener's own transaction then nests as a savepoint, so a batch commits
   * once instead of once per lead, and one lead's failed step still rolls back only its own.
   * A listener's error does not stop the others; the first is thrown after the commit.
   */
  const notifyStored = db.transaction((results: readonly RecordResult[], onLeadStored: (leadId: string) => void) => {
    let failure: { error: unknown } | null = null;
    for (const result of results) {
      if (result.status !== 'created') continue;
      try {
        onLeadStored(result.leadId!);
      } catch (error) {
        failure ??= { error };
      }
    }
    return failure;
  });

  const run = db.transaction((request: IngestRequest): IngestOutcome => {
    const key = request.idempotency;
    if (key) {
      const stored = store.findResponse(key.principal, key.key);
      if (stored) return stored.requestHash === key.requestHash ? { kind: 'replay', statusCode: stored.statusCode, body: stored.response } : { kind: 'key-reused' };
    }
    const rawId = newId();
    // Saved first for the links' foreign key; taken back out if every record was refused.
    store.saveRaw({ id: rawId, receivedAt: now(), format: request.raw.format, contentType: request.raw.contentType, sourceId: request.sourceId, actor: request.actor, body: request.raw.body });
    const results = request.records.map((record, at) => one(record, at, request, rawId));
    const kept = results.some((result) => result.status !== 'rejected');
    if (!kept) store.deleteRaw(rawId);
    request.within?.(results, kept ? rawId : null);
    const { statusCode, body } = (request.respond ?? defaultRespond)(results);
    if (key) store.saveResponse(key.principal, key.key, { requestHash: key.requestHash, statusCode, response: body }, now());
    return { kind: 'done', results, rawId: kept ? rawId : null, statusCode, body };
  });

  return {
    get index() {
      return index;
    },
    store,
    leads,
    ingest(request) {
      let outcome: IngestOutcome;
      indexTouched = false;
      try {
        outcome = run(request);
      } catch (error) {
        // The transaction rolled back but the index took the batch's profiles: rebuild it from the store.
        if (indexTouched) index = loadDedupeIndex(db, options.defaultCountry ?? null);
        throw error;
      }
      if (outcome.kind === 'done' && options.onLeadStored) {
        const failure = notifyStored(outcome.results, options.onLeadStored);
        if (failure) throw failure.error;
      }
      return outcome;
    },
  };
}
