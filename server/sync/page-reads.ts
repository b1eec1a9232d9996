import type Database from 'better-sqlite3';
import type { Lead } from '../../core/lead/lead.ts';
import { toOffer, type Offer, type OfferRow } from '../routing/offer-rows.ts';
import { fromRow, type LeadRow } from '../store/lead-rows.ts';

/**
 * What a feed page needs of its leads, read with one query per table rather than three per
 * lead. History comes as each lead's JSON snapshot (lead_timelines, migration 006), as text:
 * the feed passes it through untouched unless the reader must not see a withheld value.
 */
export interface PageData {
  leads: Map<string, Lead>;
  offers: Map<string, Offer[]>;
  /** JSON array text, oldest first; absent for a lead with no history. */
  history: Map<string, string>;
}

// The ids go in as one JSON array, so a page of any size is one prepared statement.
const IDS = 'SELECT value FROM json_each(?)';

export function pageReads(db: Database.Database): (leadIds: readonly string[]) => PageData {
  const leads = db.prepare<[string], LeadRow>(`SELECT * FROM leads WHERE id IN (${IDS})`);
  // Same order as the per-lead reads of the routing lifecycle: offers by time offered.
  const offers = db.prepare<[string], OfferRow>(`SELECT * FROM offers WHERE lead_id IN (${IDS}) ORDER BY lead_id, offered_at, id`);
  const history = db.prepare<[string], [string, string]>(`SELECT lead_id, entries FROM lead_timelines WHERE lead_id IN (${IDS})`).raw();

  return (leadIds) => {
    const ids = JSON.stringify(leadIds);
    const data: PageData = { leads: new Map(), offers: new Map(), history: new Map(history.all(ids)) };
    for (const row of leads.all(ids)) data.leads.set(String(row.id), fromRow(row));
    for (const row of offers.all(ids)) {
      const group = data.offers.get(row.lead_id);
      if (group) group.push(toOffer(row));
      else data.offers.set(row.lead_id, [toOffer(row)]);
    }
    return data;
  };
}
