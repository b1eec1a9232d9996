import { applyLeadAction, type LeadAction } from '../../core/lead/lifecycle.ts';
import { isOwnedWork, type Lead } from '../../core/lead/lead.ts';
import { HttpError } from '../http/errors.ts';
import { record, type LifecycleContext } from './context.ts';
import { routeAndOffer } from './place.ts';
import type { Offer } from './offer-rows.ts';

/**
 * A person's action on a lead, through core's applyLeadAction (the transition the
 * workstation runs too), plus what the server does around it: closing offers, withdrawing
 * the other up-for-grabs offers, excluding a rejecter, routing a rejected lead on.
 */
function conflictForMissingOffer(ctx: LifecycleContext, lead: Lead, userId: string): HttpError {
  const mine = ctx.offers.forLead(lead.id).filter((offer) => offer.userId === userId).at(-1);
  if (!mine) return new HttpError(404, 'not_found', `no lead with id "${lead.id}" is offered to you`, 'leadId');
  if (mine.status === 'withdrawn' && lead.ownerId) return new HttpError(409, 'conflict', `the lead was already accepted by ${ctx.org.users.nameOf(lead.ownerId)}`, 'leadId');
  if (mine.status === 'withdrawn') return new HttpError(409, 'conflict', 'the offer was withdrawn', 'leadId');
  if (mine.status === 'expired') return new HttpError(409, 'conflict', 'the offer has expired', 'leadId');
  return new HttpError(409, 'conflict', `you already ${mine.status} this lead`, 'leadId');
}

function transition(ctx: LifecycleContext, lead: Lead, action: LeadAction, userId: string) {
  const outcome = applyLeadAction(lead, action, { actor: userId, actorName: ctx.org.users.nameOf(userId), now: ctx.now, newId: ctx.newId(), nameOf: ctx.org.users.nameOf });
  if (!outcome.ok) throw new HttpError(outcome.field === 'type' || outcome.message.includes('expired') ? 409 : 400, outcome.field === 'type' ? 'conflict' : 'invalid_input', `${outcome.field}: ${outcome.message}`, outcome.field);
  return outcome;
}

function accept(ctx: LifecycleContext, lead: Lead, offer: Offer, userId: string): Lead {
  const outcome = transition(ctx, lead, { type: 'accept', leadId: lead.id }, userId);
  ctx.history.push(outcome.history);
  ctx.offers.close(offer.id, 'accepted', ctx.now);
  ctx.events.push({ type: 'accepted', leadId: lead.id, userId, at: ctx.now });
  const who = ctx.org.users.nameOf(userId);
  for (const other of ctx.offers.open(lead.id)) {
    ctx.offers.close(other.id, 'withdrawn', ctx.now);
    record(ctx, lead, 'offered', `Offer to ${ctx.org.users.nameOf(other.userId)} withdrawn`, `${who} accepted first`, { userId: other.userId, acceptedBy: userId });
    ctx.events.push({ type: 'withdrawn', leadId: lead.id, userId: other.userId, at: ctx.now });
  }
  ctx.partners.withdrawAll(ctx, lead, `${who} accepted first`);
  ctx.leads.save(outcome.lead);
  return outcome.lead;
}

function reject(ctx: LifecycleContext, lead: Lead, offer: Offer, userId: string, action: Extract<LeadAction, { type: 'reject' }>): Lead {
  const outcome = transition(ctx, lead, action, userId);
  ctx.history.push(outcome.history);
  ctx.offers.close(offer.id, 'rejected', ctx.now);
  ctx.offers.exclude(lead.id, userId, action.reason, ctx.now);
  ctx.events.push({ type: 'rejected', leadId: lead.id, userId, at: ctx.now });
  // Up for grabs: the others may still take it.
  if (ctx.offers.open(lead.id).length > 0 || ctx.partners.openCount(lead.id) > 0) return lead;
  return routeAndOffer(ctx, outcome.lead, 'rejected');
}

function forward(ctx: LifecycleContext, lead: Lead, userId: string, action: Extract<LeadAction, { type: 'forward' }>): Lead {
  const target = ctx.org.users.get(action.toUserId);
  if (!target || target.disabled) throw new HttpError(400, 'invalid_input', `toUserId: no active user with id "${action.toUserId}"`, 'toUserId');
  const outcome = transition(ctx, lead, action, userId);
  ctx.history.push(outcome.history);
  for (const open of ctx.offers.open(lead.id)) ctx.offers.close(open.id, 'withdrawn', ctx.now);
  ctx.partners.withdrawAll(ctx, lead, `forwarded to ${target.name}`);
  ctx.events.push({ type: 'forwarded', leadId: lead.id, userId: action.toUserId, at: ctx.now });
  const expiresAt = ctx.now + ctx.defaultOfferTimeoutMs;
  const offered: Lead = { ...outcome.lead, status: 'offered', ownerId: null, offerExpiresAt: expiresAt };
  ctx.leads.save(offered);
  ctx.offers.insert({
    id: ctx.newId(), leadId: lead.id, userId: target.id, kind: 'forward', status: 'open', offeredAt: ctx.now, expiresAt,
    onTimeout: 'reroute', ruleId: null, classId: null, withheld: lead.withheld, closedAt: null,
  });
  record(ctx, offered, 'offered', `Offered to ${target.name}`, `forwarded by ${ctx.org.users.nameOf(userId)}`, { userId: target.id, kind: 'forward', expiresAt });
  ctx.notifier.offerMade({ lead: offered, userId: target.id, expiresAt });
  ctx.events.push({ type: 'offered', leadId: lead.id, userId: target.id, at: ctx.now });
  return offered;
}

/** Applies `action` by `userId`; throws HttpError (404 not theirs, 409 too late, 400 bad input). */
export function applyUserAction(ctx: LifecycleContext, lead: Lead, userId: string, action: LeadAction): Lead {
  const offer = ctx.offers.open(lead.id).find((open) => open.userId === userId) ?? null;
  const owns = lead.ownerId === userId && (isOwnedWork(lead.status) || lead.status === 'won' || lead.status === 'lost' || lead.status === 'incubating');
  switch (action.type) {
    case 'accept':
      if (!offer) throw conflictForMissingOffer(ctx, lead, userId);
      return accept(ctx, lead, offer, userId);
    case 'reject':
      if (!offer) throw conflictForMissingOffer(ctx, lead, userId);
      return reject(ctx, lead, offer, userId, action);
    case 'forward':
      if (!offer && !owns) throw conflictForMissingOffer(ctx, lead, userId);
      return forward(ctx, lead, userId, action);
    case 'setStatus':
    case 'incubate':
    case 'addNote': {
      if (!owns && !(action.type === 'addNote' && offer)) throw new HttpError(403, 'forbidden', 'only the lead\'s owner may do this; accept the lead first', 'leadId');
      const outcome = transition(ctx, lead, action, userId);
      if (outcome.note) outcome.history.data = { ...outcome.history.data, text: outcome.note.text };
      ctx.history.push(outcome.history);
      ctx.leads.save(outcome.lead);
      return outcome.lead;
    }
  }
}
