import type Database from 'better-sqlite3';
import type { HistoryEntry, Lead } from '../../core/lead/lead.ts';
import type { Org } from '../org/org.ts';
import type { LeadRows } from '../store/lead-rows.ts';
import type { OfferRows } from './offer-rows.ts';

/** What every step of the lifecycle works with inside one transaction. */
export interface OfferEvent {
  type: 'offered' | 'withdrawn' | 'accepted' | 'rejected' | 'expired' | 'forwarded';
  leadId: string;
  userId: string;
  at: number;
}

/** Told about each new offer inside its transaction, so a queued email commits with it. */
export interface Notifier {
  offerMade(offer: { lead: Lead; userId: string; expiresAt: number | null }): void;
}

export interface LifecycleContext {
  db: Database.Database;
  org: Org;
  leads: LeadRows;
  offers: OfferRows;
  notifier: Notifier;
  now: number;
  newId: () => string;
  defaultOfferTimeoutMs: number;
  /** Events are held until the transaction commits. */
  events: OfferEvent[];
  history: HistoryEntry[];
}

export const SYSTEM = 'system';

export function record(
  ctx: LifecycleContext,
  lead: Lead,
  kind: HistoryEntry['kind'],
  summary: string,
  reason: string | null = null,
  data: Record<string, unknown> = {},
  actor = SYSTEM,
): void {
  ctx.history.push({ id: ctx.newId(), leadId: lead.id, at: ctx.now, actor, kind, summary, reason, data });
}
