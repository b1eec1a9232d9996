import type { Database, Statement } from 'better-sqlite3';
import type { Lead } from '../../../core/lead/lead.ts';
import { ROW, rowText, type LeadRow } from '../../../core/sync/lead-row.ts';

/**
 * The most matches one search looks at. FTS5 hands them over newest first (rowid order, no
 * ranking), so a search for a common word costs the same as a rare one; past the cap the
 * page covers only the newest matches and says so with `capped` (see docs/local-store.md).
 */
export const SEARCH_CANDIDATE_CAP = 5_000;

const MAX_TOKENS = 12;

/**
 * Turns what a person typed into an FTS5 query: every word must match, the last one as a
 * prefix because they are still typing it. Punctuation separates words, as the tokenizer does,
 * so "anna.sch" finds anna.schmidt@... and no FTS5 syntax can be injected.
 */
export function toFtsQuery(search: string): string | null {
  const tokens = search.split(/[^\p{L}\p{N}]+/u).filter(Boolean).slice(0, MAX_TOKENS);
  if (tokens.length === 0) return null;
  return tokens.map((token, i) => `"${token}"${i === tokens.length - 1 ? '*' : ''}`).join(' ');
}

function nameText(firstName: string | null, lastName: string | null): string {
  if (!firstName) return lastName ?? '';
  return lastName ? `${firstName} ${lastName}` : firstName;
}

export type SearchText = [name: string, company: string, email: string];

export function searchText(lead: Pick<Lead, 'contact'>): SearchText {
  const { firstName, lastName, company, email } = lead.contact;
  return [nameText(firstName, lastName), company ?? '', email ?? ''];
}

export function rowSearchText(row: LeadRow): SearchText {
  return [nameText(rowText(row, ROW['contact.firstName']), rowText(row, ROW['contact.lastName'])), rowText(row, ROW['contact.company']) ?? '', rowText(row, ROW['contact.email']) ?? ''];
}

/** Keeps lead_fts in step with leads and notes; every call runs inside the caller's transaction. */
export class LeadFts {
  private readonly insert: Statement<[number, string, string, string, string]>;
  private readonly replace: Statement<[number, string, string, string, string]>;
  private readonly notesOf: Statement<[string], string | null>;
  private readonly search: Statement<[string, number], number>;
  private readonly insertStored: Statement<[string]>;

  constructor(db: Database) {
    this.insert = db.prepare('INSERT INTO lead_fts (rowid, name, company, email, notes) VALUES (?, ?, ?, ?, ?)');
    this.replace = db.prepare('INSERT OR REPLACE INTO lead_fts (rowid, name, company, email, notes) VALUES (?, ?, ?, ?, ?)');
    this.notesOf = db.prepare<[string], string | null>("SELECT group_concat(text, ' ') FROM notes WHERE lead_id = ?").pluck();
    // The same text as add(): FTS5 tokens ignore the space concat_ws leaves beside an empty name.
    this.insertStored = db.prepare(`INSERT OR REPLACE INTO lead_fts (rowid, name, company, email, notes)
      SELECT l.rid, concat_ws(' ', l.first_name, l.last_name), coalesce(l.company, ''), coalesce(l.email, ''),
        coalesce((SELECT group_concat(n.text, ' ') FROM notes AS n WHERE n.lead_id = l.id), '')
      FROM leads AS l WHERE l.rid IN (SELECT value FROM json_each(?))`);
    this.search = db.prepare<[string, number], number>('SELECT rowid FROM lead_fts WHERE lead_fts MATCH ? ORDER BY rowid DESC LIMIT ?').pluck();
  }

  add(rid: number, [name, company, email]: SearchText, notes: string): void {
    this.insert.run(rid, name, company, email, notes);
  }

  /** Search rows for leads written without them (RemoteWriteOptions.searchLater), from what is stored. */
  addStored(rids: readonly number[]): void {
    if (rids.length > 0) this.insertStored.run(JSON.stringify(rids));
  }

  /** Rewrites one lead's row with its notes as stored now, e.g. after a note was added. */
  refresh(rid: number, leadId: string, [name, company, email]: SearchText): void {
    this.replace.run(rid, name, company, email, this.notesOf.get(leadId) ?? '');
  }

  /** Rowids of the newest matches, at most SEARCH_CANDIDATE_CAP of them. */
  candidates(query: string): { rids: number[]; capped: boolean } {
    const rids = this.search.all(query, SEARCH_CANDIDATE_CAP + 1);
    const capped = rids.length > SEARCH_CANDIDATE_CAP;
    if (capped) rids.pop();
    return { rids, capped };
  }
}
