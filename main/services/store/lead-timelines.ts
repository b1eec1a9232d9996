import type { Database, Statement } from 'better-sqlite3';
import type { HistoryEntry } from '../../../core/lead/lead.ts';

/**
 * Each lead's history as one JSON array (lead_timelines, migration 003), keyed by the lead's
 * rid. Entries are stored in the order they were written; `of` hands them back ordered by
 * time with a stable sort, as the old per-entry table's `ORDER BY at, rowid` did. Every call
 * runs inside the caller's transaction.
 */
export class LeadTimelines {
  private readonly insert: Statement<[number, string]>;
  private readonly replace: Statement<[number, string]>;
  private readonly appendOne: Statement<{ rid: number; entry: string }>;
  private readonly read: Statement<[number], string>;

  constructor(db: Database) {
    this.insert = db.prepare('INSERT INTO lead_timelines (rid, entries) VALUES (?, ?)');
    this.replace = db.prepare('INSERT OR REPLACE INTO lead_timelines (rid, entries) VALUES (?, ?)');
    this.appendOne = db.prepare(
      `INSERT INTO lead_timelines (rid, entries) VALUES (@rid, json_array(json(@entry)))
       ON CONFLICT (rid) DO UPDATE SET entries = json_insert(entries, '$[#]', json(@entry))`,
    );
    this.read = db.prepare<[number], string>('SELECT entries FROM lead_timelines WHERE rid = ?').pluck();
  }

  /** A new lead's history; nothing is stored for none. */
  add(rid: number, entries: readonly HistoryEntry[]): void {
    if (entries.length > 0) this.insert.run(rid, JSON.stringify(entries));
  }

  /** Replaces a lead's whole history, e.g. with the server's copy. */
  set(rid: number, entries: readonly HistoryEntry[]): void {
    this.replace.run(rid, JSON.stringify(entries));
  }

  append(rid: number, entry: HistoryEntry): void {
    this.appendOne.run({ rid, entry: JSON.stringify(entry) });
  }

  of(rid: number): HistoryEntry[] {
    const text = this.read.get(rid);
    if (text === undefined) return [];
    return (JSON.parse(text) as HistoryEntry[]).sort((a, b) => a.at - b.at);
  }
}
