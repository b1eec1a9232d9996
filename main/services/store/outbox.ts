import type { Database, Statement } from 'better-sqlite3';
import type { OutboxStatus, RuleChange } from '../../../core/contract/index.ts';
import type { LeadAction } from '../../../core/lead/lifecycle.ts';

/** A queued lead action, as the sync client pushes it. */
export interface LeadOutboxEntry {
  seq: number;
  id: string;
  kind: LeadAction['type'];
  leadId: string | null;
  action: LeadAction;
  /** The lead's local version right after this action was applied. */
  leadVersion: number;
  createdAt: number;
}

/** A queued rule-editor write (rules and wizard templates); it belongs to no lead. */
export interface RuleOutboxEntry {
  seq: number;
  id: string;
  kind: RuleChange['type'];
  leadId: null;
  action: RuleChange;
  leadVersion: null;
  createdAt: number;
}

/** One queued mutation; `kind` tells lead actions from rule changes (their names never overlap). */
export type OutboxEntry = LeadOutboxEntry | RuleOutboxEntry;

interface OutboxRow {
  seq: number;
  id: string;
  kind: string;
  lead_id: string | null;
  payload: string;
  created_at: number;
}

export class Outbox {
  private readonly insert: Statement<[string, string, string | null, string, number]>;
  private readonly pendingRows: Statement<[number], OutboxRow>;
  private readonly summary: Statement<[], { pending: number; oldestAt: number | null }>;
  private readonly sent: Statement<[number, number]>;
  private readonly oldestPending: Statement<[], number | null>;
  private readonly lastUsed: Statement<[], number>;
  private readonly pendingLeads: Statement<[], string>;

  constructor(private readonly db: Database) {
    this.insert = db.prepare("INSERT INTO outbox (id, kind, lead_id, payload, created_at, state) VALUES (?, ?, ?, ?, ?, 'pending')");
    this.pendingRows = db.prepare("SELECT seq, id, kind, lead_id, payload, created_at FROM outbox WHERE state = 'pending' ORDER BY seq LIMIT ?");
    this.summary = db.prepare("SELECT count(*) AS pending, min(created_at) AS oldestAt FROM outbox WHERE state = 'pending'");
    this.sent = db.prepare("UPDATE outbox SET state = 'sent', sent_at = ? WHERE seq = ? AND state = 'pending'");
    this.oldestPending = db.prepare<[], number | null>("SELECT min(seq) FROM outbox WHERE state = 'pending'").pluck();
    // AUTOINCREMENT remembers the largest seq ever used, also of rows since deleted.
    this.lastUsed = db.prepare<[], number>("SELECT coalesce((SELECT seq FROM sqlite_sequence WHERE name = 'outbox'), 0)").pluck();
    this.pendingLeads = db.prepare<[], string>("SELECT DISTINCT lead_id FROM outbox WHERE state = 'pending' AND lead_id IS NOT NULL").pluck();
  }

  /** Leads with changes not pushed yet: sync leaves them as they are until their push is answered. */
  pendingLeadIds(): Set<string> {
    return new Set(this.pendingLeads.all());
  }

  /**
   * Where a new account's numbering starts (docs/sync.md): just before the oldest unsent
   * change, which the new account will send as its first; else after every seq used so far.
   */
  seqBaseForNewAccount(): number {
    const oldest = this.oldestPending.get();
    return oldest == null ? this.lastUsed.get()! : oldest - 1;
  }

  /** Called by the lead repository inside the transaction that made the change. */
  enqueue(entry: { id: string; action: LeadAction; leadVersion: number; createdAt: number }): number {
    const payload = JSON.stringify({ action: entry.action, leadVersion: entry.leadVersion });
    return Number(this.insert.run(entry.id, entry.action.type, entry.action.leadId, payload, entry.createdAt).lastInsertRowid);
  }

  /** Called by the rule repository inside the transaction that made the change. */
  enqueueRuleChange(entry: { id: string; change: RuleChange; createdAt: number }): number {
    const payload = JSON.stringify({ change: entry.change });
    return Number(this.insert.run(entry.id, entry.change.type, null, payload, entry.createdAt).lastInsertRowid);
  }

  status(): OutboxStatus {
    const row = this.summary.get();
    return { pending: row?.pending ?? 0, oldestAt: row?.oldestAt ?? null };
  }

  /** Oldest first: the server applies mutations in sequence order. */
  pending(limit = 100): OutboxEntry[] {
    if (!Number.isInteger(limit) || limit < 1) throw new RangeError('limit: must be a positive integer');
    return this.pendingRows.all(limit).map((row): OutboxEntry => {
      const base = { seq: row.seq, id: row.id, createdAt: row.created_at };
      const payload = JSON.parse(row.payload) as { action?: LeadAction; leadVersion?: number; change?: RuleChange };
      if (payload.change) return { ...base, kind: payload.change.type, leadId: null, action: payload.change, leadVersion: null };
      const action = payload.action!;
      return { ...base, kind: action.type, leadId: row.lead_id, action, leadVersion: payload.leadVersion! };
    });
  }

  /** Marks pushed mutations as sent; returns how many were still pending. */
  markSent(seqs: number[], sentAt: number = Date.now()): number {
    return this.db.transaction(() => seqs.reduce((changed, seq) => changed + this.sent.run(sentAt, seq).changes, 0))();
  }
}
