import type Database from 'better-sqlite3';

/**
 * The change feed keeps one row per write, but the feed only ever reads a lead's latest row
 * (feed.ts): a lead written again supersedes its earlier rows, whatever cursor a workstation
 * holds. Deleting superseded rows therefore changes no answer, and keeps the table (and the
 * first sync's scan) the size of the number of leads rather than of every write ever made.
 * AUTOINCREMENT never hands out a deleted seq again, so cursors stay valid.
 */
export function createChangePruner(db: Database.Database, batch = 10_000): { prune(): number } {
  const superseded = db.prepare<[number]>(
    `DELETE FROM changes WHERE seq IN (
       SELECT c.seq FROM changes AS c
       WHERE EXISTS (SELECT 1 FROM changes AS later WHERE later.lead_id = c.lead_id AND later.seq > c.seq)
       LIMIT ?)`,
  );
  return {
    /** Deletes up to one batch of superseded rows; answers how many. */
    prune: () => superseded.run(batch).changes,
  };
}
