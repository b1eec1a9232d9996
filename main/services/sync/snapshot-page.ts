import { checkLeadRow, rowLeadId } from '../../../core/sync/lead-row.ts';
import { knowsFields, SnapshotHeader, SnapshotNotes } from '../../../core/sync/snapshot.ts';
import type { RemoteNote, RemoteRow } from '../store/remote-changes.ts';

export interface SnapshotPage {
  header: SnapshotHeader;
  leads: RemoteRow[];
  /** Every history is known to be a JSON array (history-check.ts); otherwise the store checks them as it writes. */
  historiesChecked: boolean;
  /** The bytes the page was read from; the histories are views into them. */
  body: Buffer;
}

/** A page that is not what core/sync/snapshot.ts describes; the message says where. */
export class SnapshotPageError extends Error {
  override name = 'SnapshotPageError';
}

const NEWLINE = 0x0a;

/**
 * Reads a snapshot page (core/sync/snapshot.ts) from the bytes the server sent. Each row is
 * parsed and checked field by field (a failure names the lead and the field); each history
 * line stays bytes for the store, and SQLite checks that it is a JSON array (history-check.ts
 * on a thread of its own, or the store as it writes); its entries
 * are checked where they are read (lead-timelines.ts). The notes line is checked here.
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
    const lead = `${where} (${rowLeadId(checked.row)})`;
    const history = nextLine(() => `${lead}, its history`);
    const notes = notesOf(nextLine(() => `${lead}, its notes`), `${lead}, its notes`);
    leads.push({ row: checked.row, history, notes });
  }
  if (start !== body.length) throw new SnapshotPageError(`the page goes on after the ${header.data.count} leads its header counts`);
  return { header: header.data, leads, historiesChecked: false, body };
}

function notesOf(line: Buffer, where: string): RemoteNote[] {
  if (line.length === 2 && line[0] === 0x5b && line[1] === 0x5d) return [];
  const notes = SnapshotNotes.safeParse(parseJson(line, where));
  if (!notes.success) {
    const issue = notes.error.issues[0];
    const path = issue?.path.join('.') ?? '';
    throw new SnapshotPageError(`${where}${path ? `.${path}` : ''}: ${issue?.message ?? 'invalid'}`);
  }
  return notes.data.map(([id, at, author, text]) => ({ id, at, author, text }));
}

function parseJson(line: Buffer, where: string): unknown {
  try {
    return JSON.parse(line.toString('utf8'));
  } catch {
    throw new SnapshotPageError(`${where}: is not JSON`);
  }
}
