import type Database from 'better-sqlite3';

/**
 * The change feed keeps one row per write, but the feed only ever reads a lead's latest row
 * (feed.ts): a lead written again supersedes its earlier rows, whatever cursor a workstation
 * holds. Deleting superseded rows therefore changes no answer, and keeps the table (and the
 * first sync's scan) the size of the number of leads rather than of every write ever made.
 * AUTOINCREMENT never hands out a deleted seq again, so cursors stay valid.
 *
 * A row is superseded only by a later row of its lead, so each pass looks only at the rows
 * written since the last complete pass and, through the (lead_id, seq) index, at the older
 * rows of their leads: a pass costs what was written since, not the size of the table.
 */
export function createChangePruner(db: Database.Database, batch = 10_000): { prune(): number } {
  const superseded = db.prepare<[number, number]>(
    `DELETE FROM changes WHERE seq IN (
       SELECT DISTINCT older.seq FROM changes AS newer
       JOIN changes AS older ON older.lead_id = newer.lead_id AND older.seq < newer.seq
       WHERE newer.seq > ?
       LIMIT ?)`,
  );
  const head = db.prepare<[], number>('SELECT coalesce(max(seq), 0) FROM changes').pluck();
  let checkedUpTo = 0;
  return {
    /** Deletes up to one batch of superseded rows; answers how many. */
    prune: () => {
      const upTo = head.get()!;
      const deleted = superseded.run(checkedUpTo, batch).changes;
      // A full batch may have left some: the next pass looks at the same rows again.
      if (deleted < batch) checkedUpTo = upTo;
      return deleted;
    },
  };
}
