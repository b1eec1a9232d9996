import type Database from 'better-sqlite3';
import type { WithholdableField } from '../../core/lead/lead.ts';

/** Offers, exclusions (users not to offer a lead again) and performed rule-action keys. */
export type OfferKind = 'direct' | 'roundRobin' | 'upForGrabs' | 'boxOwner' | 'escalation' | 'forward';
export type OfferStatus = 'open' | 'accepted' | 'rejected' | 'withdrawn' | 'expired';
export type OnTimeout = 'reroute' | 'returnToBox' | 'escalate';

export interface Offer {
  id: string;
  leadId: string;
  userId: string;
  kind: OfferKind;
  status: OfferStatus;
  offeredAt: number;
  expiresAt: number | null;
  onTimeout: OnTimeout;
  ruleId: string | null;
  classId: string | null;
  withheld: WithholdableField[];
  closedAt: number | null;
}

export interface OfferRow {
  id: string;
  lead_id: string;
  user_id: string;
  kind: OfferKind;
  status: OfferStatus;
  offered_at: number;
  expires_at: number | null;
  on_timeout: OnTimeout;
  rule_id: string | null;
  class_id: string | null;
  withheld: string;
  closed_at: number | null;
}

export const toOffer = (row: OfferRow): Offer => ({
  id: row.id, leadId: row.lead_id, userId: row.user_id, kind: row.kind, status: row.status, offeredAt: row.offered_at,
  expiresAt: row.expires_at, onTimeout: row.on_timeout, ruleId: row.rule_id, classId: row.class_id,
  withheld: JSON.parse(row.withheld) as WithholdableField[], closedAt: row.closed_at,
});

export interface OfferRows {
  insert(offer: Offer): void;
  forLead(leadId: string): Offer[];
  open(leadId: string): Offer[];
  openForUser(userId: string): Offer[];
  close(offerId: string, status: Exclude<OfferStatus, 'open'>, at: number): void;
  exclude(leadId: string, userId: string, reason: string, at: number): void;
  excluded(leadId: string): Set<string>;
  clearExclusions(leadId: string): void;
  performed(leadId: string): string[];
  addPerformed(leadId: string, keys: readonly string[]): void;
  /** Leads with an open offer that lapsed by `now`, oldest first. */
  dueOffers(now: number, limit: number): string[];
  dueIncubations(now: number, limit: number): string[];
  /** Leads waiting unoffered in a box, longest-waiting first. */
  waiting(limit: number): string[];
}

export function offerRows(db: Database.Database): OfferRows {
  const insert = db.prepare(
    `INSERT INTO offers (id, lead_id, user_id, kind, status, offered_at, expires_at, on_timeout, rule_id, class_id, withheld, closed_at)
     VALUES (@id, @lead_id, @user_id, @kind, @status, @offered_at, @expires_at, @on_timeout, @rule_id, @class_id, @withheld, @closed_at)`,
  );
  const forLead = db.prepare<[string], OfferRow>('SELECT * FROM offers WHERE lead_id = ? ORDER BY offered_at, id');
  const open = db.prepare<[string], OfferRow>("SELECT * FROM offers WHERE lead_id = ? AND status = 'open' ORDER BY offered_at, id");
  const openForUser = db.prepare<[string], OfferRow>("SELECT * FROM offers WHERE user_id = ? AND status = 'open' ORDER BY offered_at, id");
  const close = db.prepare("UPDATE offers SET status = ?, closed_at = ? WHERE id = ? AND status = 'open'");
  const exclude = db.prepare('INSERT INTO lead_exclusions (lead_id, user_id, at, reason) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING');
  const excluded = db.prepare<[string], { user_id: string }>('SELECT user_id FROM lead_exclusions WHERE lead_id = ?');
  const clear = db.prepare('DELETE FROM lead_exclusions WHERE lead_id = ?');
  const performed = db.prepare<[string], { key: string }>('SELECT key FROM lead_performed WHERE lead_id = ?');
  const addPerformed = db.prepare('INSERT INTO lead_performed (lead_id, key) VALUES (?, ?) ON CONFLICT DO NOTHING');
  const dueOffers = db.prepare<[number, number], { id: string }>(
    "SELECT id FROM leads WHERE status = 'offered' AND offer_expires_at IS NOT NULL AND offer_expires_at <= ? ORDER BY offer_expires_at LIMIT ?",
  );
  const dueIncubations = db.prepare<[number, number], { id: string }>(
    "SELECT id FROM leads WHERE status = 'incubating' AND incubate_until IS NOT NULL AND incubate_until <= ? ORDER BY incubate_until LIMIT ?",
  );
  const waiting = db.prepare<[number], { id: string }>("SELECT id FROM leads WHERE status = 'routed' AND box_id IS NOT NULL ORDER BY updated_at, id LIMIT ?");

  return {
    insert: (offer) =>
      void insert.run({
        id: offer.id, lead_id: offer.leadId, user_id: offer.userId, kind: offer.kind, status: offer.status, offered_at: offer.offeredAt,
        expires_at: offer.expiresAt, on_timeout: offer.onTimeout, rule_id: offer.ruleId, class_id: offer.classId,
        withheld: JSON.stringify(offer.withheld), closed_at: offer.closedAt,
      }),
    forLead: (leadId) => forLead.all(leadId).map(toOffer),
    open: (leadId) => open.all(leadId).map(toOffer),
    openForUser: (userId) => openForUser.all(userId).map(toOffer),
    close: (offerId, status, at) => void close.run(status, at, offerId),
    exclude: (leadId, userId, reason, at) => void exclude.run(leadId, userId, at, reason),
    excluded: (leadId) => new Set(excluded.all(leadId).map((row) => row.user_id)),
    clearExclusions: (leadId) => void clear.run(leadId),
    performed: (leadId) => performed.all(leadId).map((row) => row.key),
    addPerformed: (leadId, keys) => {
      for (const key of keys) addPerformed.run(leadId, key);
    },
    dueOffers: (now, limit) => dueOffers.all(now, limit).map((row) => row.id),
    dueIncubations: (now, limit) => dueIncubations.all(now, limit).map((row) => row.id),
    waiting: (limit) => waiting.all(limit).map((row) => row.id),
  };
}
