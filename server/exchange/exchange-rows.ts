import type Database from 'better-sqlite3';
import type { z } from 'zod';
import type { FieldPath } from '../../core/exchange/exchange-message.ts';
import type { PartnerStats as PartnerStatsSchema } from './partner-stats.ts';

/**
 * The exchange's own rows: offers to partners (central side), leads received from a vendor
 * (reseller side), the inbox of applied message ids, and the replay window's signatures.
 */
export type PartnerOfferStatus = 'open' | 'accepted' | 'declined' | 'withdrawn' | 'expired' | 'exported';

export interface PartnerOffer {
  id: string;
  leadId: string;
  partnerId: string;
  status: PartnerOfferStatus;
  offeredAt: number;
  expiresAt: number | null;
  withheld: FieldPath[];
}

interface PartnerOfferRow {
  id: string;
  lead_id: string;
  partner_id: string;
  status: PartnerOfferStatus;
  offered_at: number;
  expires_at: number | null;
  withheld: string;
}

const toOffer = (row: PartnerOfferRow): PartnerOffer => ({
  id: row.id, leadId: row.lead_id, partnerId: row.partner_id, status: row.status, offeredAt: row.offered_at, expiresAt: row.expires_at,
  withheld: JSON.parse(row.withheld) as FieldPath[],
});

export interface ExchangeLeadLink {
  leadId: string;
  partnerId: string;
  remoteLeadId: string;
  state: 'offered' | 'accepted' | 'declined' | 'withdrawn';
  withheld: FieldPath[];
}

export type PartnerStats = z.infer<typeof PartnerStatsSchema>;

export function exchangeRows(db: Database.Database) {
  const insertOffer = db.prepare(
    "INSERT INTO partner_offers (id, lead_id, partner_id, status, offered_at, expires_at, withheld) VALUES (?, ?, ?, ?, ?, ?, ?)",
  );
  const offersOfLead = db.prepare<[string], PartnerOfferRow>('SELECT * FROM partner_offers WHERE lead_id = ? ORDER BY offered_at, id');
  const openOfLead = db.prepare<[string], PartnerOfferRow>("SELECT * FROM partner_offers WHERE lead_id = ? AND status = 'open' ORDER BY offered_at, id");
  const openCount = db.prepare<[string], { n: number }>("SELECT count(*) AS n FROM partner_offers WHERE lead_id = ? AND status = 'open'");
  const closeOffer = db.prepare("UPDATE partner_offers SET status = ?, closed_at = ? WHERE id = ? AND status = 'open'");
  const turnedDown = db.prepare<[string, string], { status: string }>(
    "SELECT status FROM partner_offers WHERE lead_id = ? AND partner_id = ? AND status IN ('declined', 'expired') LIMIT 1",
  );
  const held = db.prepare<[string, string], PartnerOfferRow>("SELECT * FROM partner_offers WHERE lead_id = ? AND partner_id = ? AND status = 'accepted'");
  const setFeedback = db.prepare('UPDATE partner_offers SET last_status = ?, won_amount = coalesce(?, won_amount) WHERE id = ?');
  const stats = db.prepare<[string], { status: string; last_status: string | null; n: number; amount: number | null }>(
    'SELECT status, last_status, count(*) AS n, sum(won_amount) AS amount FROM partner_offers WHERE partner_id = ? GROUP BY status, last_status',
  );

  const insertLink = db.prepare('INSERT INTO exchange_leads (lead_id, partner_id, remote_lead_id, state, withheld) VALUES (?, ?, ?, ?, ?)');
  const linkOf = db.prepare<[string], { lead_id: string; partner_id: string; remote_lead_id: string; state: ExchangeLeadLink['state']; withheld: string }>(
    'SELECT * FROM exchange_leads WHERE lead_id = ?',
  );
  const linkByRemote = db.prepare<[string, string], { lead_id: string }>('SELECT lead_id FROM exchange_leads WHERE partner_id = ? AND remote_lead_id = ?');
  const setState = db.prepare('UPDATE exchange_leads SET state = ? WHERE lead_id = ?');

  const seen = db.prepare<[string, string], { result: string; reason: string | null }>('SELECT result, reason FROM exchange_inbox WHERE partner_id = ? AND message_id = ?');
  const remember = db.prepare('INSERT INTO exchange_inbox (partner_id, message_id, kind, received_at, result, reason) VALUES (?, ?, ?, ?, ?, ?)');
  const nonceSeen = db.prepare<[string], { at: number }>('SELECT at FROM exchange_nonces WHERE signature = ?');
  const addNonce = db.prepare('INSERT INTO exchange_nonces (signature, at) VALUES (?, ?) ON CONFLICT DO NOTHING');
  const pruneNonces = db.prepare('DELETE FROM exchange_nonces WHERE at < ?');

  const link = (leadId: string): ExchangeLeadLink | null => {
    const row = linkOf.get(leadId);
    return row ? { leadId: row.lead_id, partnerId: row.partner_id, remoteLeadId: row.remote_lead_id, state: row.state, withheld: JSON.parse(row.withheld) as FieldPath[] } : null;
  };

  return {
    insertOffer: (offer: PartnerOffer) => void insertOffer.run(offer.id, offer.leadId, offer.partnerId, offer.status, offer.offeredAt, offer.expiresAt, JSON.stringify(offer.withheld)),
    offersOf: (leadId: string) => offersOfLead.all(leadId).map(toOffer),
    openOffers: (leadId: string) => openOfLead.all(leadId).map(toOffer),
    openCount: (leadId: string) => openCount.get(leadId)!.n,
    closeOffer: (offerId: string, status: Exclude<PartnerOfferStatus, 'open'>, at: number) => void closeOffer.run(status, at, offerId),
    turnedDown: (leadId: string, partnerId: string) => turnedDown.get(leadId, partnerId)?.status ?? null,
    heldBy: (leadId: string, partnerId: string) => {
      const row = held.get(leadId, partnerId);
      return row ? toOffer(row) : null;
    },
    setFeedback: (offerId: string, status: string, amount: number | null) => void setFeedback.run(status, amount, offerId),
    stats: (partnerId: string): PartnerStats => {
      const out: PartnerStats = { offered: 0, open: 0, accepted: 0, declined: 0, withdrawn: 0, expired: 0, exported: 0, contacted: 0, qualified: 0, won: 0, lost: 0, wonAmount: 0 };
      for (const row of stats.all(partnerId)) {
        out.offered += row.n;
        out[row.status as PartnerOfferStatus] += row.n;
        if (row.last_status === 'contacted' || row.last_status === 'qualified' || row.last_status === 'won' || row.last_status === 'lost') out[row.last_status] += row.n;
        out.wonAmount += row.amount ?? 0;
      }
      return out;
    },
    insertLink: (value: ExchangeLeadLink) => void insertLink.run(value.leadId, value.partnerId, value.remoteLeadId, value.state, JSON.stringify(value.withheld)),
    link,
    linkByRemote: (partnerId: string, remoteLeadId: string) => linkByRemote.get(partnerId, remoteLeadId)?.lead_id ?? null,
    setState: (leadId: string, state: ExchangeLeadLink['state']) => void setState.run(state, leadId),
    seen: (partnerId: string, messageId: string) => seen.get(partnerId, messageId) ?? null,
    remember: (partnerId: string, messageId: string, kind: string, at: number, result: string, reason: string | null) => void remember.run(partnerId, messageId, kind, at, result, reason),
    nonceSeen: (signature: string) => nonceSeen.get(signature) !== undefined,
    addNonce: (signature: string, at: number) => addNonce.run(signature, at).changes === 1,
    pruneNonces: (before: number) => pruneNonces.run(before).changes,
  };
}
export type ExchangeRows = ReturnType<typeof exchangeRows>;
