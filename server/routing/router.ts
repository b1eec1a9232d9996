import { EventEmitter } from 'node:events';
import type { HistoryEntry, Lead } from '../../core/lead/lead.ts';
import type { LeadAction } from '../../core/lead/lifecycle.ts';
import { HttpError } from '../http/errors.ts';
import { createOrg, type Org } from '../org/org.ts';
import { leadRows } from '../store/lead-rows.ts';
import type { ServerStore } from '../store/open-server-store.ts';
import { applyUserAction } from './actions.ts';
import { noPartners, record, type LifecycleContext, type Notifier, type OfferEvent, type PartnerHook } from './context.ts';
import { offerRows, type Offer } from './offer-rows.ts';
import { routeAndOffer } from './place.ts';
import { expireOffer, offerWaiting, reactivate } from './timers.ts';

export type { LifecycleContext, Notifier, OfferEvent, PartnerHook, RuleNotice } from './context.ts';

/**
 * The routing lifecycle of the server. Each step — a new lead, a person's action, a timer —
 * runs in one write transaction with the history it produces; offer events are emitted after
 * the commit (`router.events.on('offer', …)`) for live workstation updates.
 */
export interface RouterOptions {
  store: ServerStore;
  now: () => number;
  newId: () => string;
  notifier?: Notifier;
  /** Shared with the admin API so caches (box tree, compiled rules) stay in step. */
  org?: Org;
  /** How long an offer stays open when no rule sets a time-out (default 4 hours). */
  defaultOfferTimeoutMs?: number;
  /** Partner servers (the exchange); without it, rules routing to partners leave the lead in its box. */
  partners?: PartnerHook;
}

export interface Router {
  /** Routes a lead the intake just stored (status `new`). Idempotent for a lead already routed. */
  onLeadArrived(leadId: string): Lead;
  act(leadId: string, userId: string, action: LeadAction): Lead;
  /** Runs another module's step on a lead inside the lifecycle's transaction, with its history and events (the exchange applies partner messages this way). */
  withLead(leadId: string, step: (ctx: LifecycleContext, lead: Lead) => Lead): Lead;
  /** Re-routes leads whose offers lapsed by now; answers how many. */
  expireDueOffers(limit?: number): number;
  /** Routes again, as new, incubated leads whose time came; answers how many. */
  reactivateDue(limit?: number): number;
  /** Offers leads waiting in a box to its owner where they can take one now; answers how many were offered. */
  offerWaiting(limit?: number): number;
  openOffersFor(userId: string): Array<{ offer: Offer; lead: Lead }>;
  lead(leadId: string): Lead | null;
  offersOf(leadId: string): Offer[];
  history(leadId: string): HistoryEntry[];
  /** Emits 'offer' with an OfferEvent after each commit. */
  readonly events: EventEmitter<{ offer: [OfferEvent] }>;
}

export const DEFAULT_OFFER_TIMEOUT_MS = 4 * 3_600_000;
const noNotifier: Notifier = { offerMade: () => undefined, ruleEmail: () => 'email is not set up on this server (LEADRELAY_SMTP_URL)' };

export function createRouter(options: RouterOptions): Router {
  const { db } = options.store;
  const org = options.org ?? createOrg(db);
  const leads = leadRows(db);
  const offers = offerRows(db);
  const events = new EventEmitter<{ offer: [OfferEvent] }>();

  /** One transaction: load the lead, run `step`, write its history, then tell listeners. */
  function run(leadId: string, step: (ctx: LifecycleContext, lead: Lead) => Lead): Lead {
    const ctx: LifecycleContext = {
      db, org, leads, offers, notifier: options.notifier ?? noNotifier, partners: options.partners ?? noPartners, now: options.now(), newId: options.newId,
      defaultOfferTimeoutMs: options.defaultOfferTimeoutMs ?? DEFAULT_OFFER_TIMEOUT_MS, events: [], history: [],
    };
    const result = db.transaction(() => {
      const lead = leads.get(leadId);
      if (!lead) throw new HttpError(404, 'not_found', `no lead with id "${leadId}"`, 'leadId');
      const next = step(ctx, lead);
      leads.appendHistory(ctx.history);
      return next;
    }).immediate();
    for (const event of ctx.events) events.emit('offer', event);
    return result;
  }

  /** Runs `step` for each lead in its own transaction; answers how many it changed. */
  function drain(ids: string[], step: (ctx: LifecycleContext, lead: Lead) => Lead): number {
    let changed = 0;
    for (const id of ids) {
      run(id, (ctx, lead) => {
        const next = step(ctx, lead);
        if (next !== lead) changed++;
        return next;
      });
    }
    return changed;
  }

  return {
    onLeadArrived: (leadId) =>
      run(leadId, (ctx, lead) => {
        if (lead.status !== 'new') return lead;
        record(ctx, lead, 'routed', 'Routing the new lead', null);
        return routeAndOffer(ctx, lead, 'arrived');
      }),
    act: (leadId, userId, action) =>
      run(leadId, (ctx, lead) => {
        const next = applyUserAction(ctx, lead, userId, action);
        ctx.partners.acted(ctx, lead, next, userId, action);
        return next;
      }),
    withLead: run,
    expireDueOffers: (limit = 500) => drain(offers.dueOffers(options.now(), limit), expireOffer),
    reactivateDue: (limit = 500) => drain(offers.dueIncubations(options.now(), limit), reactivate),
    offerWaiting: (limit = 200) => drain(offers.waiting(limit), offerWaiting),
    openOffersFor: (userId) =>
      offers.openForUser(userId).flatMap((offer) => {
        const lead = leads.get(offer.leadId);
        return lead ? [{ offer, lead }] : [];
      }),
    lead: (leadId) => leads.get(leadId),
    offersOf: (leadId) => offers.forLead(leadId),
    history: (leadId) => leads.history(leadId),
    events,
  };
}
