import { z } from 'zod';
import { LEAD_ROW_FIELDS } from './lead-row.ts';

/**
 * The first sync's snapshot (docs/sync.md, "First sync: the snapshot"): instead of replaying
 * the change feed from 0, a fresh workstation asks for the leads its user may see now, in
 * pages of rows, and then pulls the feed from the cursor the first page named.
 *
 * A page is newline-delimited JSON: this header, then per lead three lines: its row
 * (lead-row.ts), its history as one JSON array, and its notes (SnapshotNotes), all as the
 * user may see them. The history line is stored by the workstation as the text it is, which
 * is why it is a line of its own and not a value inside the row, and why the notes among it
 * come again on their own: a first sync never parses 600k history entries.
 */
export const SNAPSHOT_FORMAT = 1;
export const DEFAULT_SNAPSHOT_LIMIT = 5_000;
export const MAX_SNAPSHOT_LIMIT = 10_000;

export const SnapshotQuery = z.object({
  /** The `next` of the previous page; 0 for the first. */
  after: z.coerce.number().int().nonnegative().default(0),
  limit: z.coerce.number().int().min(1).max(MAX_SNAPSHOT_LIMIT).default(DEFAULT_SNAPSHOT_LIMIT),
});
export type SnapshotQuery = z.infer<typeof SnapshotQuery>;

export const SnapshotHeader = z.object({
  format: z.literal(SNAPSHOT_FORMAT),
  /** The row's fields in order; a workstation refuses rows of a shape it does not know. */
  fields: z.array(z.string()),
  /** The change feed's position when this page was read: the first page's is where the feed continues. */
  cursor: z.number().int().nonnegative(),
  /** `after` for the next page; null on the last. */
  next: z.number().int().nonnegative().nullable(),
  /** Leads on this page (each is three lines). */
  count: z.number().int().nonnegative(),
});
export type SnapshotHeader = z.infer<typeof SnapshotHeader>;

/** A lead's notes, oldest first: its 'note' history entries as [id, at, author, text]. */
export const SnapshotNotes = z.array(z.tuple([z.string().min(1), z.number().int(), z.string(), z.string()]));
export type SnapshotNotes = z.infer<typeof SnapshotNotes>;

export const SNAPSHOT_CONTENT_TYPE = 'application/x-ndjson; charset=utf-8';

/** Whether a workstation reads rows of these fields: exactly ours, in our order. */
export function knowsFields(fields: readonly string[]): boolean {
  return fields.length === LEAD_ROW_FIELDS.length && fields.every((field, index) => field === LEAD_ROW_FIELDS[index]);
}
