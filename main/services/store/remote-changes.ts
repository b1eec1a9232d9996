import type { Database, Statement } from 'better-sqlite3';
import type { HistoryEntry, Lead } from '../../../core/lead/lead.ts';
import { INSERT_LEAD_SQL, leadValues, UPDATE_LEAD_SQL, updateValues } from './lead-rows.ts';
import type { LeadFts } from './lead-search.ts';
import type { LeadTimelines } from './lead-timelines.ts';

/** A lead as the server has it, with its whole history; the server's copy replaces ours. */
export interface RemoteLead {
  lead: Lead;
  history: HistoryEntry[];
}

export interface RemoteWrite {
  /** Leads that existed and were replaced, with their local row ids. */
  updated: Array<{ rid: number; lead: Lead }>;
  /** Leads that are new here, in the order their rows were made. */
  inserted: Array<{ rid: number; lead: Lead }>;
  /** Leads that were here and are now deleted; a removal of a lead never held here is not among them. */
  removed: string[];
}

/**
 * Writes what sync pulled, inside the caller's transaction: each lead row, its history (one
 * JSON value per lead) and its notes are replaced by the server's (notes are the server's
 * 'note' history entries), and the search index follows. Leads no longer ours are deleted,
 * their timelines with them. A page is written in bulk (one look-up of the leads we already
 * hold, search rows of new leads from memory), because a first sync writes a whole account
 * this way.
 */
export class RemoteChanges {
  private readonly insertLead: Statement<unknown[]>;
  private readonly updateLead: Statement<unknown[], number>;
  private readonly ridsOf: Statement<[string], [string, number]>;
  private readonly clearNotes: Statement<[string]>;
  private readonly insertNote: Statement<unknown[]>;
  private readonly deleteLead: Statement<[string], number>;
  private readonly deleteFts: Statement<[number]>;

  constructor(db: Database, private readonly fts: LeadFts, private readonly timelines: LeadTimelines) {
    this.insertLead = db.prepare(INSERT_LEAD_SQL);
    this.updateLead = db.prepare<unknown[], number>(UPDATE_LEAD_SQL).pluck();
    this.ridsOf = db.prepare<[string], [string, number]>('SELECT id, rid FROM leads WHERE id IN (SELECT value FROM json_each(?))').raw();
    this.clearNotes = db.prepare('DELETE FROM notes WHERE lead_id = ?');
    this.insertNote = db.prepare('INSERT OR REPLACE INTO notes (id, lead_id, at, author, text) VALUES (?, ?, ?, ?, ?)');
    // The lead's timeline goes with it (ON DELETE CASCADE).
    this.deleteLead = db.prepare<[string], number>('DELETE FROM leads WHERE id = ? RETURNING rid').pluck();
    this.deleteFts = db.prepare('DELETE FROM lead_fts WHERE rowid = ?');
  }

  write(upserts: readonly RemoteLead[], removals: readonly string[]): RemoteWrite {
    const result: RemoteWrite = { updated: [], inserted: [], removed: [] };
    const held = upserts.length === 0 ? new Map<string, number>() : new Map(this.ridsOf.all(JSON.stringify(upserts.map(({ lead }) => lead.id))));
    for (const { lead, history } of upserts) {
      const existing = held.get(lead.id);
      let rid: number;
      if (existing === undefined) {
        rid = Number(this.insertLead.run(...leadValues(lead)).lastInsertRowid);
        this.timelines.add(rid, history);
        result.inserted.push({ rid, lead });
      } else {
        this.updateLead.get(...updateValues(lead));
        this.clearNotes.run(lead.id);
        rid = existing;
        this.timelines.set(rid, history);
        result.updated.push({ rid, lead });
      }
      let notes = '';
      for (const entry of history) {
        const text = noteText(entry);
        if (text === null) continue;
        this.insertNote.run(entry.id, lead.id, entry.at, entry.actor, text);
        notes = notes ? `${notes} ${text}` : text;
      }
      if (existing === undefined) this.fts.add(rid, lead, notes);
      else this.fts.refresh(rid, lead);
    }
    for (const leadId of removals) {
      this.clearNotes.run(leadId);
      const rid = this.deleteLead.get(leadId);
      if (rid === undefined) continue;
      this.deleteFts.run(rid);
      result.removed.push(leadId);
    }
    return result;
  }
}

function noteText(entry: HistoryEntry): string | null {
  return entry.kind === 'note' && typeof entry.data.text === 'string' ? entry.data.text : null;
}
