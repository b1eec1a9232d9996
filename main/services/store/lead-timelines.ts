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
  private readonly insertText: Statement<[number, string | Uint8Array]>;
  private readonly replaceText: Statement<[number, string | Uint8Array]>;
  private readonly notAnArray: Statement<[string], number>;
  private readonly appendOne: Statement<{ rid: number; entry: string }>;
  private readonly read: Statement<[number], string>;

  constructor(db: Database) {
    this.insert = db.prepare('INSERT INTO lead_timelines (rid, entries) VALUES (?, ?)');
    // Text pulled from a server is stored as it came: bytes are cast, never decoded in JS.
    this.insertText = db.prepare('INSERT INTO lead_timelines (rid, entries) VALUES (?, CAST(? AS TEXT))');
    this.replaceText = db.prepare('INSERT OR REPLACE INTO lead_timelines (rid, entries) VALUES (?, CAST(? AS TEXT))');
    this.notAnArray = db.prepare<[string], number>(
      // json_type fails on text that is not JSON at all, so it is asked only of valid JSON.
      "SELECT rid FROM lead_timelines WHERE rid IN (SELECT value FROM json_each(?)) AND (CASE WHEN json_valid(entries) THEN json_type(entries) END) IS NOT 'array' LIMIT 1",
    ).pluck();
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

  /** A new lead's history as JSON array text from the server; nothing is stored for none. Check it with `firstNotAnArray`. */
  addText(rid: number, entries: string | Uint8Array): void {
    if (!isEmptyArray(entries)) this.insertText.run(rid, entries);
  }

  /** Replaces a lead's whole history with the server's, as JSON array text. Check it with `firstNotAnArray`. */
  setText(rid: number, entries: string | Uint8Array): void {
    this.replaceText.run(rid, entries);
  }

  /**
   * The first of these leads whose stored history is not a JSON array, or undefined. Asked once
   * per batch written from text, inside its transaction, so the caller can roll it back: one
   * query over the batch costs a fraction of a check in every insert (measured ≈ 0.25 s against
   * ≈ 2.1 s for a first sync of 100k leads).
   */
  firstNotAnArray(rids: readonly number[]): number | undefined {
    return rids.length === 0 ? undefined : this.notAnArray.get(JSON.stringify(rids));
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

function isEmptyArray(entries: string | Uint8Array): boolean {
  return typeof entries === 'string' ? entries === '[]' : entries.length === 2 && entries[0] === 0x5b && entries[1] === 0x5d;
}
