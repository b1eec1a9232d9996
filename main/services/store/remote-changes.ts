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

/** History rows per multi-row insert: a first sync writes several per lead, and one statement per row costs about twice as much. */
const HISTORY_CHUNK = 50;
const HISTORY_SQL = 'INSERT OR REPLACE INTO lead_history (id, lead_id, at, actor, kind, summary, reason, data) VALUES ';
const HISTORY_ROW = '(?, ?, ?, ?, ?, ?, ?, ?)';

/**
 * Writes what sync pulled, inside the caller's transaction: each lead row, its history and
 * its notes are replaced by the server's (notes are the server's 'note' history entries),
 * and the search index follows. Leads no longer ours are deleted with their history.
 * A page is written in bulk (one look-up of the leads we already hold, history in
 * multi-row inserts, search rows of new leads from memory), because a first sync writes
 * a whole account this way.
 */
export class RemoteChanges {
  private readonly insertLead: Statement<unknown[]>;
  private readonly updateLead: Statement<unknown[], number>;
  private readonly ridsOf: Statement<[string], [string, number]>;
  private readonly clearHistory: Statement<[string]>;
  private readonly clearNotes: Statement<[string]>;
  private readonly insertHistory: Statement<unknown[]>;
  private readonly insertHistoryChunk: Statement<unknown[]>;
  private readonly insertNote: Statement<unknown[]>;
  private readonly deleteLead: Statement<[string], number>;
  private readonly deleteFts: Statement<[number]>;

  constructor(db: Database, private readonly fts: LeadFts) {
    this.insertLead = db.prepare(INSERT_LEAD_SQL);
    this.updateLead = db.prepare<unknown[], number>(UPDATE_LEAD_SQL).pluck();
    this.ridsOf = db.prepare<[string], [string, number]>('SELECT id, rid FROM leads WHERE id IN (SELECT value FROM json_each(?))').raw();
    this.clearHistory = db.prepare('DELETE FROM lead_history WHERE lead_id = ?');
    this.clearNotes = db.prepare('DELETE FROM notes WHERE lead_id = ?');
    this.insertHistory = db.prepare(HISTORY_SQL + HISTORY_ROW);
    this.insertHistoryChunk = db.prepare(HISTORY_SQL + Array<string>(HISTORY_CHUNK).fill(HISTORY_ROW).join(', '));
    this.insertNote = db.prepare('INSERT OR REPLACE INTO notes (id, lead_id, at, author, text) VALUES (?, ?, ?, ?, ?)');
    this.deleteLead = db.prepare<[string], number>('DELETE FROM leads WHERE id = ? RETURNING rid').pluck();
    this.deleteFts = db.prepare('DELETE FROM lead_fts WHERE rowid = ?');
  }

  write(upserts: readonly RemoteLead[], removals: readonly string[]): RemoteWrite {
    const result: RemoteWrite = { updated: [], inserted: 0, removed: 0 };
    const held = upserts.length === 0 ? new Map<string, number>() : new Map(this.ridsOf.all(JSON.stringify(upserts.map(({ lead }) => lead.id))));
    const history: HistoryEntry[] = [];
    for (const { lead, history: entries } of upserts) {
      const existing = held.get(lead.id);
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
      let notes = '';
      for (const entry of entries) {
        history.push(entry);
        const text = noteText(entry);
        if (text === null) continue;
        this.insertNote.run(entry.id, lead.id, entry.at, entry.actor, text);
        notes = notes ? `${notes} ${text}` : text;
      }
      if (existing === undefined) this.fts.add(rid, lead, notes);
      else this.fts.refresh(rid, lead);
    }
    this.writeHistory(history);
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

  private writeHistory(entries: readonly HistoryEntry[]): void {
    let i = 0;
    for (; i + HISTORY_CHUNK <= entries.length; i += HISTORY_CHUNK) {
      const values: unknown[] = [];
      for (let k = i; k < i + HISTORY_CHUNK; k += 1) values.push(...historyValues(entries[k]!));
      this.insertHistoryChunk.run(...values);
    }
    for (; i < entries.length; i += 1) this.insertHistory.run(...historyValues(entries[i]!));
  }
}

function noteText(entry: HistoryEntry): string | null {
  return entry.kind === 'note' && typeof entry.data.text === 'string' ? entry.data.text : null;
}
