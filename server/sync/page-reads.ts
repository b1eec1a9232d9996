import type Database from 'better-sqlite3';
import type { HistoryEntry, Lead } from '../../core/lead/lead.ts';
import { toOffer, type Offer, type OfferRow } from '../routing/offer-rows.ts';
import { fromRow, historyFromRow, type HistoryRow, type LeadRow } from '../store/lead-rows.ts';

/** What a feed page needs of its leads, read with one query per table rather than three per lead. */
export interface PageData {
  leads: Map<string, Lead>;
  offers: Map<string, Offer[]>;
  history: Map<string, HistoryEntry[]>;
}

// The ids go in as one JSON array, so a page of any size is one prepared statement.
const IDS = 'SELECT value FROM json_each(?)';

export function pageReads(db: Database.Database): (leadIds: readonly string[]) => PageData {
  const leads = db.prepare<[string], LeadRow>(`SELECT * FROM leads WHERE id IN (${IDS})`);
  // Same order as the per-lead reads of the routing lifecycle: offers by time offered, history by time then id.
  const offers = db.prepare<[string], OfferRow>(`SELECT * FROM offers WHERE lead_id IN (${IDS}) ORDER BY lead_id, offered_at, id`);
  const history = db.prepare<[string], HistoryRow>(`SELECT * FROM lead_history WHERE lead_id IN (${IDS}) ORDER BY lead_id, at, id`);

  return (leadIds) => {
    const ids = JSON.stringify(leadIds);
    const data: PageData = { leads: new Map(), offers: new Map(), history: new Map() };
    for (const row of leads.all(ids)) data.leads.set(String(row.id), fromRow(row));
    for (const row of offers.all(ids)) push(data.offers, row.lead_id, toOffer(row));
    for (const row of history.all(ids)) push(data.history, row.lead_id, historyFromRow(row));
    return data;
  };
}

function push<T>(groups: Map<string, T[]>, key: string, value: T): void {
  const group = groups.get(key);
  if (group) group.push(value);
  else groups.set(key, [value]);
}
