import type { FastifyInstance } from 'fastify';
import type { Principal } from '../org/auth.ts';
import type { Offer } from '../routing/offer-rows.ts';
import { pageReads, type PageData } from './page-reads.ts';
import { viewerOf, visibleHistoryText, visibleLead, type Viewer } from './viewer.ts';

type UserPrincipal = Extract<Principal, { kind: 'user' }>;

const REVOKED_BECAUSE: Record<string, string> = {
  withdrawn: 'the offer was withdrawn: someone else took the lead, or it was re-routed',
  expired: 'the offer expired and the lead was re-routed',
  rejected: 'you rejected the lead',
  accepted: 'the lead was forwarded or re-routed',
  open: 'the lead was re-routed',
};

/**
 * One page of the change feed for one user, as the JSON text of a PullPage
 * (core/sync/protocol.ts): the leads changed after `cursor` that the user may see now
 * (current state and whole history, as they may see them), and word of leads they had and
 * may no longer see. The cursor returned is the last feed row the page read, so it only
 * grows; a lead changed again later simply comes again. The text is assembled here so each
 * lead's stored history JSON goes out without being parsed and serialised again.
 */
export function createFeed(app: FastifyInstance) {
  const { db } = app.store;
  // Only a lead's latest change row is read (a probe of changes_lead per row), so a lead that
  // changed many times since the cursor comes once, in the place of its last change, instead
  // of once per page its rows are spread over: a first sync sends each lead once.
  const scan = db.prepare<[number, number], { seq: number; lead_id: string }>(
    `SELECT seq, lead_id FROM changes AS c WHERE seq > ?
       AND NOT EXISTS (SELECT 1 FROM changes AS later WHERE later.lead_id = c.lead_id AND later.seq > c.seq)
     ORDER BY seq LIMIT ?`,
  );
  const more = db.prepare<[number], number>('SELECT EXISTS (SELECT 1 FROM changes WHERE seq > ?)').pluck();

  const read = pageReads(db);

  function item(viewer: Viewer, principal: UserPrincipal, leadId: string, page: PageData): string | null {
    const lead = page.leads.get(leadId);
    if (!lead) return null;
    const offers = page.offers.get(leadId) ?? [];
    const visible = visibleLead(viewer, principal, lead, offers);
    if (visible) return `{"type":"lead","lead":${JSON.stringify(visible)},"history":${visibleHistoryText(viewer, principal, lead, page.history.get(leadId))}}`;
    const theirs = offers.filter((offer: Offer) => viewer.people.has(offer.userId)).at(-1);
    if (!theirs) return null;
    return JSON.stringify({ type: 'revoked', leadId, reason: REVOKED_BECAUSE[theirs.status] ?? 'the lead is no longer yours' });
  }

  return function pull(principal: UserPrincipal, cursor: number, limit: number): string {
    return db.transaction(() => {
      const viewer = viewerOf(app, principal);
      const rows = scan.all(cursor, limit);
      const leadIds = rows.map((row) => row.lead_id);
      const next = rows.at(-1)?.seq ?? cursor;
      const page = read(leadIds);
      const items = leadIds.flatMap((leadId) => {
        const text = item(viewer, principal, leadId, page);
        return text === null ? [] : asciiOnly(text);
      });
      return `{"items":[${items.join(',')}],"cursor":${next},"hasMore":${more.get(next) === 1}}`;
    })();
  };
}

const NON_ASCII = /[\u0080-\uffff]/g;
const HAS_NON_ASCII = /[^\x00-\x7f]/;

/**
 * An item with every non-ASCII character as a JSON \u escape. A page is megabytes of JSON in
 * which a few names have accents; one such character makes the whole body a two-byte string
 * on the workstation, and decoding it takes several times as long as decoding plain ASCII, on
 * the side that is already the busier one during a first sync. Done per item, because most
 * items are plain ASCII and a test costs far less than a replace over the whole page.
 */
function asciiOnly(text: string): string {
  return HAS_NON_ASCII.test(text) ? text.replace(NON_ASCII, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`) : text;
}
