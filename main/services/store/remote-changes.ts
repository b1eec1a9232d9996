import type { Database, Statement } from 'better-sqlite3';
import type { HistoryEntry, Lead } from '../../../core/lead/lead.ts';
import { historyValues, INSERT_LEAD_SQL, leadValues, UPDATE_LEAD_SQL, updateValues } from './lead-rows.ts';
import type { LeadFts } from './lead-search.ts';

/** A lead as the server has it, with its whole history; the server's copy replaces ours. */
export interface RemoteLead {
  lead: Lead;
  history: HistoryEntry[];
}

export interface RemoteWrite {
  /** Local row ids of leads that existed and were replaced. */
  updated: Array<{ rid: number; lead: Lead }>;
  inserted: number;
  removed: number;
}

/**
 * Writes what sync pulled, inside the caller's transaction: each lead row, its history and
 * its notes are replaced by the server's (notes are the server's 'note' history entries),
 * and the search index follows. Leads no longer ours are deleted with their history.
 */
export class RemoteChanges {
  private readonly insertLead: Statement<unknown[]>;
  private readonly updateLead: Statement<unknown[], number>;
  private readonly ridOf: Statement<[string], number>;
  private readonly clearHistory: Statement<[string]>;
  private readonly clearNotes: Statement<[string]>;
  private readonly insertHistory: Statement<unknown[]>;
  private readonly insertNote: Statement<unknown[]>;
  private readonly deleteLead: Statement<[string], number>;
  private readonly deleteFts: Statement<[number]>;

  constructor(db: Database, private readonly fts: LeadFts) {
    this.insertLead = db.prepare(INSERT_LEAD_SQL);
    this.updateLead = db.prepare<unknown[], number>(UPDATE_LEAD_SQL).pluck();
    this.ridOf = db.prepare<[string], number>('SELECT rid FROM leads WHERE id = ?').pluck();
    this.clearHistory = db.prepare('DELETE FROM lead_history WHERE lead_id = ?');
    this.clearNotes = db.prepare('DELETE FROM notes WHERE lead_id = ?');
    this.insertHistory = db.prepare('INSERT OR REPLACE INTO lead_history (id, lead_id, at, actor, kind, summary, reason, data) VALUES (?, ?, ?, ?, ?, ?, ?, ?)');
    this.insertNote = db.prepare('INSERT OR REPLACE INTO notes (id, lead_id, at, author, text) VALUES (?, ?, ?, ?, ?)');
    this.deleteLead = db.prepare<[string], number>('DELETE FROM leads WHERE id = ? RETURNING rid').pluck();
    this.deleteFts = db.prepare('DELETE FROM lead_fts WHERE rowid = ?');
  }

  write(upserts: readonly RemoteLead[], removals: readonly string[]): RemoteWrite {
    const result: RemoteWrite = { updated: [], inserted: 0, removed: 0 };
    for (const { lead, history } of upserts) {
      const existing = this.ridOf.get(lead.id);
      let rid: number;
      if (existing === undefined) {
        rid = Number(this.insertLead.run(...leadValues(lead)).lastInsertRowid);
        result.inserted += 1;
      } else {
        this.updateLead.get(...updateValues(lead));
        this.clearHistory.run(lead.id);
        this.clearNotes.run(lead.id);
        rid = existing;
        result.updated.push({ rid, lead });
      }
      for (const entry of history) {
        this.insertHistory.run(...historyValues(entry));
        if (entry.kind === 'note' && typeof entry.data.text === 'string') this.insertNote.run(entry.id, lead.id, entry.at, entry.actor, entry.data.text);
      }
      this.fts.refresh(rid, lead);
    }
    for (const leadId of removals) {
      this.clearHistory.run(leadId);
      this.clearNotes.run(leadId);
      const rid = this.deleteLead.get(leadId);
      if (rid === undefined) continue;
      this.deleteFts.run(rid);
      result.removed += 1;
    }
    return result;
  }
}
