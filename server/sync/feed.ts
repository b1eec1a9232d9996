import type { FastifyInstance } from 'fastify';
import type { FeedItem, PullPage } from '../../core/sync/protocol.ts';
import type { Principal } from '../org/auth.ts';
import type { Offer } from '../routing/offer-rows.ts';
import { viewerOf, visibleHistory, visibleLead, type Viewer } from './viewer.ts';

type UserPrincipal = Extract<Principal, { kind: 'user' }>;

/** Rows of the change table read per distinct lead in a page: a lead often changes several times in a row. */
const ROWS_PER_LEAD = 8;

const REVOKED_BECAUSE: Record<string, string> = {
  withdrawn: 'the offer was withdrawn: someone else took the lead, or it was re-routed',
  expired: 'the offer expired and the lead was re-routed',
  rejected: 'you rejected the lead',
  accepted: 'the lead was forwarded or re-routed',
  open: 'the lead was re-routed',
};

/**
 * One page of the change feed for one user: the leads changed after `cursor` that the user
 * may see now (current state and whole history, as they may see them), and word of leads
 * they had and may no longer see. The cursor returned is the last feed row the page read,
 * so it only grows; a lead changed again later simply comes again.
 */
export function createFeed(app: FastifyInstance) {
  const { db } = app.store;
  const scan = db.prepare<[number, number], { seq: number; lead_id: string }>('SELECT seq, lead_id FROM changes WHERE seq > ? ORDER BY seq LIMIT ?');
  const more = db.prepare<[number], number>('SELECT EXISTS (SELECT 1 FROM changes WHERE seq > ?)').pluck();

  function item(viewer: Viewer, principal: UserPrincipal, leadId: string): FeedItem | null {
    const lead = app.lifecycle.lead(leadId);
    if (!lead) return null;
    const offers = app.lifecycle.offersOf(leadId);
    const visible = visibleLead(viewer, principal, lead, offers);
    if (visible) return { type: 'lead', lead: visible, history: visibleHistory(viewer, principal, lead, app.lifecycle.history(leadId)) };
    const theirs = offers.filter((offer: Offer) => viewer.people.has(offer.userId)).at(-1);
    if (!theirs) return null;
    return { type: 'revoked', leadId, reason: REVOKED_BECAUSE[theirs.status] ?? 'the lead is no longer yours' };
  }

  return function pull(principal: UserPrincipal, cursor: number, limit: number): PullPage {
    return db.transaction(() => {
      const viewer = viewerOf(app, principal);
      const rows = scan.all(cursor, limit * ROWS_PER_LEAD);
      const leadIds: string[] = [];
      const seen = new Set<string>();
      let next = cursor;
      for (const row of rows) {
        if (!seen.has(row.lead_id)) {
          if (leadIds.length === limit) break;
          seen.add(row.lead_id);
          leadIds.push(row.lead_id);
        }
        next = row.seq;
      }
      const items = leadIds.flatMap((leadId) => item(viewer, principal, leadId) ?? []);
      return { items, cursor: next, hasMore: more.get(next) === 1 };
    })();
  };
}
