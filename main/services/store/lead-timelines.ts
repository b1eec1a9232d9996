import type { Database, Statement } from 'better-sqlite3';
import type { HistoryEntry } from '../../../core/lead/lead.ts';
import { checkHistoryEntry } from '../../../core/sync/page-check.ts';

/**
 * Each lead's history as one JSON array (lead_timelines, migration 003), keyed by the lead's
 * rid. Entries are stored in the order they were written; `of` hands them back ordered by
 * time with a stable sort, as the old per-entry table's `ORDER BY at, rowid` did. Every call
 * runs inside the caller's transaction.
 */
export class LeadTimelines {
  private readonly insert: Statement<[number, string]>;
  private readonly insertText: Statement<[{ rid: number; entries: string | Uint8Array }]>;
  private readonly replaceText: Statement<[{ rid: number; entries: string | Uint8Array }]>;
  private readonly appendOne: Statement<{ rid: number; entry: string }>;
  private readonly read: Statement<[number], string>;

  constructor(db: Database) {
    this.insert = db.prepare('INSERT INTO lead_timelines (rid, entries) VALUES (?, ?)');
    // Text pulled from a server is stored as it came (bytes are cast, never decoded in JS), once
    // SQLite has found it to be a JSON array; a row that is not one is not written.
    const checked = "SELECT @rid, CAST(@entries AS TEXT) WHERE json_type(CAST(@entries AS TEXT)) = 'array'";
    this.insertText = db.prepare(`INSERT INTO lead_timelines (rid, entries) ${checked}`);
    this.replaceText = db.prepare(`INSERT OR REPLACE INTO lead_timelines (rid, entries) ${checked}`);
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

  /** A new lead's history as JSON array text from the server; nothing is stored for none. */
  addText(rid: number, leadId: string, entries: string | Uint8Array): void {
    if (isEmptyArray(entries)) return;
    if (this.insertText.run({ rid, entries }).changes === 0) throw notAnArray(leadId);
  }

  /** Replaces a lead's whole history with the server's, as JSON array text. */
  setText(rid: number, leadId: string, entries: string | Uint8Array): void {
    if (this.replaceText.run({ rid, entries }).changes === 0) throw notAnArray(leadId);
  }

  append(rid: number, entry: HistoryEntry): void {
    this.appendOne.run({ rid, entry: JSON.stringify(entry) });
  }

  /**
   * The timeline oldest first. A first sync stores the server's text without looking inside
   * it (docs/sync.md), so its entries are checked here, where they are read: one that is not
   * a history entry is left out rather than handed to the screen.
   */
  of(rid: number): HistoryEntry[] {
    const text = this.read.get(rid);
    if (text === undefined) return [];
    const entries: HistoryEntry[] = [];
    for (const entry of JSON.parse(text) as unknown[]) {
      const checked = checkHistoryEntry(entry);
      if (checked) entries.push(checked as HistoryEntry);
    }
    return entries.sort((a, b) => a.at - b.at);
  }
}

/** History of a lead pulled from the server that is not a JSON array. */
export class RemoteHistoryError extends Error {
  override name = 'RemoteHistoryError';
}

function notAnArray(leadId: string): RemoteHistoryError {
  return new RemoteHistoryError(`history of lead ${leadId}: must be a JSON array of history entries`);
}

function isEmptyArray(entries: string | Uint8Array): boolean {
  return typeof entries === 'string' ? entries === '[]' : entries.length === 2 && entries[0] === 0x5b && entries[1] === 0x5d;
}
