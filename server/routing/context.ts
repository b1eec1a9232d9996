import type Database from 'better-sqlite3';
import type { HistoryEntry, Lead, WithholdableField } from '../../core/lead/lead.ts';
import type { LeadAction } from '../../core/lead/lifecycle.ts';
import type { Org } from '../org/org.ts';
import type { LeadRows } from '../store/lead-rows.ts';
import type { OfferRows } from './offer-rows.ts';

/** What a step tells a user's workstation live after its commit: an offer's fate, or a rule's desktop notice. */
export type OfferEvent =
  | { type: 'offered' | 'withdrawn' | 'accepted' | 'rejected' | 'expired' | 'forwarded'; leadId: string; userId: string; at: number }
  | { type: 'notice'; leadId: string; userId: string; at: number; title: string };

/** A rule's `notify` action for one user. */
export interface RuleNotice {
  lead: Lead;
  userId: string;
  template: string;
  ruleName: string;
}

/** Told about each new offer and rule notice inside its transaction, so a queued email commits with it. */
export interface Notifier {
  offerMade(offer: { lead: Lead; userId: string; expiresAt: number | null }): void;
  /** Queues a rule's email notice; answers why it cannot be sent, or null. */
  ruleEmail(notice: RuleNotice): string | null;
}

/**
 * Partner servers in routing (server/exchange implements it): offers to resellers, their
 * withdrawal when someone else takes the lead, and feedback on a reseller's own leads. Every
 * method runs inside the lifecycle's transaction, so queued messages commit with the step.
 */
export interface PartnerHook {
  /** Why a partner cannot be offered this lead now (unknown, disabled, declined it before), or null. */
  whyNot(leadId: string, partnerId: string): string | null;
  /** Offers the lead to partners; answers whether it was handed over outright (ADF export: no acceptance to wait for). */
  offer(ctx: LifecycleContext, lead: Lead, partnerIds: readonly string[], terms: { expiresAt: number; withheld: readonly WithholdableField[]; upForGrabs: boolean; why: string }): { handedOver: boolean };
  /** Someone else took the lead (or it went elsewhere): open partner offers are withdrawn. */
  withdrawAll(ctx: LifecycleContext, lead: Lead, reason: string): void;
  openCount(leadId: string): number;
  /** The lead's offer lapsed: open partner offers expire (and are withdrawn). */
  expire(ctx: LifecycleContext, lead: Lead): void;
  /** A person's action was applied (a reseller reports it to its vendor). */
  acted(ctx: LifecycleContext, before: Lead, after: Lead, userId: string, action: LeadAction): void;
}

export const noPartners: PartnerHook = {
  whyNot: () => 'no partner servers are configured',
  offer: () => ({ handedOver: false }),
  withdrawAll: () => undefined,
  openCount: () => 0,
  expire: () => undefined,
  acted: () => undefined,
};

/** What every step of the lifecycle works with inside one transaction. */
export interface LifecycleContext {
  db: Database.Database;
  org: Org;
  leads: LeadRows;
  offers: OfferRows;
  notifier: Notifier;
  partners: PartnerHook;
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
