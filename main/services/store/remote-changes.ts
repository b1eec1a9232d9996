import type { Database, Statement } from 'better-sqlite3';
import type { HistoryEntry, Lead } from '../../../core/lead/lead.ts';
import { rowLeadId, toLeadRow, type LeadRow } from '../../../core/sync/lead-row.ts';
import { INSERT_LEAD_SQL, rowValues, UPDATE_LEAD_SQL, updateValues } from './lead-rows.ts';
import { rowSearchText, type LeadFts } from './lead-search.ts';
import type { LeadTimelines } from './lead-timelines.ts';

/** A lead as the server has it, with its whole history; the server's copy replaces ours. */
export interface RemoteLead {
  lead: Lead;
  history: HistoryEntry[];
}

export interface RemoteNote {
  id: string;
  at: number;
  author: string;
  text: string;
}

/**
 * The same in the form it is written: the lead's row (column order), its history as the
 * JSON array text it is stored as (bytes when it came straight off a snapshot page, never
 * decoded), and the notes among that history.
 */
export interface RemoteRow {
  row: LeadRow;
  history: string | Uint8Array;
  notes: readonly RemoteNote[];
}

export function remoteRow({ lead, history }: RemoteLead): RemoteRow {
  return { row: toLeadRow(lead), history: JSON.stringify(history), notes: notesOf(history) };
}

/** Notes are the history's 'note' entries. */
export function notesOf(history: readonly HistoryEntry[]): RemoteNote[] {
  const notes: RemoteNote[] = [];
  for (const entry of history) {
    if (entry.kind === 'note' && typeof entry.data.text === 'string') notes.push({ id: entry.id, at: entry.at, author: entry.actor, text: entry.data.text });
  }
  return notes;
}

/** History of a lead pulled from the server that is not a JSON array; nothing of its batch is written. */
export class RemoteHistoryError extends Error {
  override name = 'RemoteHistoryError';
}

export interface RemoteWriteOptions {
  /**
   * New leads get their search rows later, from `LeadFts.addStored` once a whole snapshot page
   * is in: FTS5 turns each transaction's new rows into a segment it must merge later, so one
   * segment per page instead of one per slice of 200 saves a third of a first sync's writing.
   */
  searchLater?: boolean;
  /** Histories that came as bytes were checked to be JSON arrays already (sync/history-check.ts). */
  historiesChecked?: boolean;
}

export interface RemoteWrite {
  /** Leads that existed and were replaced, with their local row ids. */
  updated: Array<{ rid: number; row: LeadRow }>;
  /** Leads that are new here, in the order their rows were made. */
  inserted: Array<{ rid: number; row: LeadRow }>;
  /** Leads that were here and are now deleted; a removal of a lead never held here is not among them. */
  removed: string[];
}

/**
 * Writes what sync pulled, inside the caller's transaction: each lead row, its history (one
 * JSON value per lead) and its notes are replaced by the server's, and the search index
 * follows. Leads no longer ours are deleted, their timelines with them. A page is written in
 * bulk (one look-up of the leads we already hold, search rows of new leads from memory),
 * because a first sync writes a whole account this way.
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

  write(upserts: readonly RemoteRow[], removals: readonly string[], options: RemoteWriteOptions = {}): RemoteWrite {
    const result: RemoteWrite = { updated: [], inserted: [], removed: [] };
    const held = upserts.length === 0 ? new Map<string, number>() : new Map(this.ridsOf.all(JSON.stringify(upserts.map(({ row }) => rowLeadId(row)))));
    // Histories that came as bytes, stored unread and not checked yet; the ones stringified here are arrays already.
    const unread: Array<{ rid: number; row: LeadRow }> = [];
    for (const { row, history, notes } of upserts) {
      const id = rowLeadId(row);
      const values = rowValues(row);
      const existing = held.get(id);
      let rid: number;
      if (existing === undefined) {
        rid = Number(this.insertLead.run(...values).lastInsertRowid);
        this.timelines.addText(rid, history);
        result.inserted.push({ rid, row });
      } else {
        this.updateLead.get(...updateValues(values));
        this.clearNotes.run(id);
        rid = existing;
        this.timelines.setText(rid, history);
        result.updated.push({ rid, row });
      }
      if (typeof history !== 'string' && !options.historiesChecked) unread.push({ rid, row });
      let noteText = '';
      for (const note of notes) {
        this.insertNote.run(note.id, id, note.at, note.author, note.text);
        noteText = noteText ? `${noteText} ${note.text}` : note.text;
      }
      if (existing !== undefined) this.fts.refresh(rid, id, rowSearchText(row));
      else if (!options.searchLater) this.fts.add(rid, rowSearchText(row), noteText);
    }
    const bad = this.timelines.firstNotAnArray(unread.map(({ rid }) => rid));
    if (bad !== undefined) {
      const leadId = rowLeadId(unread.find(({ rid }) => rid === bad)!.row);
      throw new RemoteHistoryError(`history of lead ${leadId}: must be a JSON array of history entries`);
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
