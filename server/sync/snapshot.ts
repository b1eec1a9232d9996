import type { FastifyInstance } from 'fastify';
import { fromLeadRow, LEAD_ROW_FIELDS, toLeadRow, type LeadRow } from '../../core/sync/lead-row.ts';
import type { FeedHistoryEntry } from '../../core/sync/protocol.ts';
import { SNAPSHOT_FORMAT, type SnapshotHeader } from '../../core/sync/snapshot.ts';
import type { Principal } from '../org/auth.ts';
import { leadForRecipient, seesWithheld } from '../routing/recipient-view.ts';
import { LEAD_ROW_SQL } from './snapshot-columns.ts';
import { syncRows } from './sync-rows.ts';
import { viewerOf, visibleHistoryText, type Viewer } from './viewer.ts';

type UserPrincipal = Extract<Principal, { kind: 'user' }>;
/** Row and history come as BLOBs so their UTF-8 goes into the body without becoming JS strings. */
type PageRow = [row: Buffer, history: Buffer, rowid: number, withholds: 0 | 1, id: string];
interface PageParams {
  after: number;
  limit: number;
  people?: string;
}

const NEWLINE = Buffer.from('\n');
const NO_NOTES = Buffer.from('[]');

// A note's entry carries its text (routing/actions.ts); the line lists them oldest first.
const NOTES_SQL = `SELECT lead_id, json_group_array(json_array(id, at, actor, data ->> '$.text') ORDER BY at, id)
  FROM lead_history WHERE lead_id IN (SELECT value FROM json_each(?)) AND kind = 'note' AND typeof(data ->> '$.text') = 'text'
  GROUP BY lead_id`;

// Pages must come from a walk of leads in rowid order that stops at the limit. The `+` keeps
// leads_owner out of the plan: with it usable, an equivalent form of the offer test
// (`l.id IN (SELECT lead_id FROM offers ...)`) is planned as a MULTI-INDEX OR that sorts every
// visible lead's built row in a temp B-tree first, measured three times slower. The plan is
// checked in tests/integration/server/sync-snapshot.test.ts.
const MAY_SEE = `AND (+l.owner_id IN (SELECT value FROM json_each(@people))
  OR EXISTS (SELECT 1 FROM offers AS o WHERE o.lead_id = l.id AND o.status = 'open' AND o.user_id IN (SELECT value FROM json_each(@people))))`;

/** A page's query: every lead (an administrator), or those `@people` (a JSON array of user ids) may see. */
export function snapshotSql(leads: 'all' | 'visible'): string {
  return `SELECT CAST(${LEAD_ROW_SQL} AS BLOB), CAST(coalesce(t.entries, '[]') AS BLOB), l.rowid, json_array_length(l.withheld) > 0, l.id
    FROM leads AS l LEFT JOIN lead_timelines AS t ON t.lead_id = l.id
    WHERE l.rowid > @after ${leads === 'visible' ? MAY_SEE : ''}
    ORDER BY l.rowid LIMIT @limit`;
}

/**
 * One page of a first sync's snapshot (core/sync/snapshot.ts) for one user: a header line,
 * then per lead its row, its history and its notes, for the leads the user may see now (the rule of
 * server/routing/access.ts, in SQL) in `leads.rowid` order after `after`. SQLite builds each
 * row; the stored history goes out as it is. Only a lead with withheld fields is read into
 * JS, to blank what this user may not see yet, exactly as the pull feed does.
 */
export function createSnapshot(app: FastifyInstance): (principal: UserPrincipal, after: number, limit: number) => Buffer {
  const { db } = app.store;
  const select = (leads: 'all' | 'visible') => db.prepare<[PageParams], PageRow>(snapshotSql(leads)).raw();
  const everyLead = select('all');
  const visibleLeads = select('visible');
  const rows = syncRows(db);
  const notesOf = db.prepare<[string], [string, string]>(NOTES_SQL).raw();

  return (principal, after, limit) =>
    db.transaction(() => {
      const viewer = viewerOf(app, principal);
      const page = viewer.seesAll ? everyLead.all({ after, limit }) : visibleLeads.all({ after, limit, people: JSON.stringify([...viewer.people]) });
      const header: SnapshotHeader = {
        format: SNAPSHOT_FORMAT,
        fields: [...LEAD_ROW_FIELDS],
        cursor: rows.headSeq(),
        next: page.length === limit ? page.at(-1)![2] : null,
        count: page.length,
      };
      const notes = new Map(notesOf.all(JSON.stringify(page.map((lead) => lead[4]))));
      const parts: Buffer[] = [Buffer.from(`${JSON.stringify(header)}\n`)];
      for (const [row, history, , withholds, id] of page) {
        const noteText = notes.get(id);
        const lines = withholds ? asSeenBy(viewer, principal, row, history, noteText) : [row, history, noteText === undefined ? NO_NOTES : Buffer.from(noteText)];
        for (const line of lines) parts.push(line, NEWLINE);
      }
      return Buffer.concat(parts);
    })();
}

/**
 * A lead with withheld fields, as `principal` may see it: values blanked in the row and
 * scrubbed from the history, and so from its notes, until they may see them.
 */
function asSeenBy(viewer: Viewer, principal: UserPrincipal, row: Buffer, history: Buffer, notes: string | undefined): Buffer[] {
  const lead = fromLeadRow(JSON.parse(row.toString('utf8')) as LeadRow);
  if (seesWithheld(lead, principal, viewer.context)) return [row, history, notes === undefined ? NO_NOTES : Buffer.from(notes)];
  const visible = visibleHistoryText(viewer, principal, lead, history.toString('utf8'));
  const noteLine = (JSON.parse(visible) as FeedHistoryEntry[])
    .filter((entry) => entry.kind === 'note' && typeof entry.data.text === 'string')
    .map((entry) => [entry.id, entry.at, entry.actor, entry.data.text]);
  return [Buffer.from(JSON.stringify(toLeadRow(leadForRecipient(lead, principal, viewer.context)))), Buffer.from(visible), Buffer.from(JSON.stringify(noteLine))];
}
