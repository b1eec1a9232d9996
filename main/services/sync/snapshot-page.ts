import type { HistoryEntry } from '../../../core/lead/lead.ts';
import { checkLeadRow } from '../../../core/sync/lead-row.ts';
import { checkHistoryEntry } from '../../../core/sync/page-check.ts';
import { knowsFields, SnapshotHeader } from '../../../core/sync/snapshot.ts';
import { notesOf, type RemoteNote, type RemoteRow } from '../store/remote-changes.ts';

export interface SnapshotPage {
  header: SnapshotHeader;
  leads: RemoteRow[];
}

/** A page that is not what core/sync/snapshot.ts describes; the message says where. */
export class SnapshotPageError extends Error {
  override name = 'SnapshotPageError';
}

const NEWLINE = 0x0a;
// A history can hold a note only if one of these is in its text: the kind written plainly, or
// any \u escape, behind which "note" could hide.
const NOTE_KIND = Buffer.from('"note"');
const ESCAPE = Buffer.from('\\u');

/**
 * Reads a snapshot page (core/sync/snapshot.ts) from the bytes the server sent. Each row is
 * parsed and checked field by field (a failure names the lead and the field); each history
 * line stays bytes for the store, which has SQLite check that it is a JSON array. Only a
 * history that may hold notes is parsed here, for its notes and with every entry checked.
 */
export function readSnapshotPage(body: Buffer): SnapshotPage {
  let start = 0;
  const nextLine = (what: () => string): Buffer => {
    const end = body.indexOf(NEWLINE, start);
    if (end < 0) throw new SnapshotPageError(`${what()}: the page ends before it`);
    const line = body.subarray(start, end);
    start = end + 1;
    return line;
  };

  const header = SnapshotHeader.safeParse(parseJson(nextLine(() => 'header'), 'header'));
  if (!header.success) {
    const issue = header.error.issues[0];
    throw new SnapshotPageError(`header.${issue?.path.join('.') ?? ''}: ${issue?.message ?? 'invalid'}`);
  }
  if (!knowsFields(header.data.fields)) {
    throw new SnapshotPageError(`header.fields: the server sends leads as (${header.data.fields.join(', ')}), which this version of LeadRelay does not read; update it`);
  }

  const leads: RemoteRow[] = [];
  for (let i = 0; i < header.data.count; i += 1) {
    const where = `lead ${i + 1} of ${header.data.count}`;
    const checked = checkLeadRow(parseJson(nextLine(() => where), where));
    if (!checked.success) throw new SnapshotPageError(`${where}: ${checked.field ? checked.message : `row ${checked.message}`}`);
    const history = nextLine(() => `${where} (${checked.row[0]}), its history`);
    leads.push({ row: checked.row, history, notes: mayHoldNotes(history) ? notesIn(history, `${where} (${checked.row[0]})`) : [] });
  }
  if (start !== body.length) throw new SnapshotPageError(`the page goes on after the ${header.data.count} leads its header counts`);
  return { header: header.data, leads };
}

function mayHoldNotes(history: Buffer): boolean {
  return history.indexOf(NOTE_KIND) >= 0 || history.indexOf(ESCAPE) >= 0;
}

function notesIn(history: Buffer, where: string): RemoteNote[] {
  const entries = parseJson(history, `${where}, its history`);
  if (!Array.isArray(entries)) throw new SnapshotPageError(`${where}, its history: must be a JSON array`);
  entries.forEach((entry, index) => {
    if (!checkHistoryEntry(entry)) throw new SnapshotPageError(`${where}, history entry ${index + 1}: is not a history entry (id, leadId, at, actor, kind, summary, reason, data)`);
  });
  return notesOf(entries as HistoryEntry[]);
}

function parseJson(line: Buffer, where: string): unknown {
  try {
    return JSON.parse(line.toString('utf8'));
  } catch {
    throw new SnapshotPageError(`${where}: is not JSON`);
  }
}
