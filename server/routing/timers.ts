import type { Lead } from '../../core/lead/lead.ts';
import { record, type LifecycleContext } from './context.ts';
import { boxFallback, makeEligibility, offerTo, routeAndOffer } from './place.ts';

/**
 * The two timers of the lifecycle, both stored on the lead (offer_expires_at,
 * incubate_until) so they survive a restart: the scheduler calls these for due leads.
 */
const hours = (ms: number) => (ms % 3_600_000 === 0 ? `${ms / 3_600_000}h` : `${Math.round(ms / 60_000)} min`);

export function expireOffer(ctx: LifecycleContext, lead: Lead): Lead {
  const lapsed = ctx.offers.open(lead.id);
  if (lead.status !== 'offered' || lead.offerExpiresAt === null || lead.offerExpiresAt > ctx.now) return lead;
  for (const offer of lapsed) {
    ctx.offers.close(offer.id, 'expired', ctx.now);
    ctx.offers.exclude(lead.id, offer.userId, 'let the offer time out', ctx.now);
    const after = offer.expiresAt === null ? '' : ` after ${hours(offer.expiresAt - offer.offeredAt)}`;
    record(ctx, lead, 'status', `Offer to ${ctx.org.users.nameOf(offer.userId)} timed out${after}`, `no answer by the deadline; on time-out: ${offer.onTimeout}`, {
      userId: offer.userId, offerId: offer.id, expiresAt: offer.expiresAt, onTimeout: offer.onTimeout, ruleId: offer.ruleId,
    });
    ctx.events.push({ type: 'expired', leadId: lead.id, userId: offer.userId, at: ctx.now });
  }
  ctx.partners.expire(ctx, lead);
  const timedOut: Lead = { ...lead, status: 'timed_out', offerExpiresAt: null, updatedAt: ctx.now };
  const onTimeout = lapsed[0]?.onTimeout ?? 'reroute';
  const terms = { expiresAt: ctx.now + ctx.defaultOfferTimeoutMs, onTimeout: 'reroute' as const, withheld: lead.withheld };
  const { whyNot } = makeEligibility(ctx, lead.id);
  if (onTimeout === 'escalate') {
    const managers = [...new Set(lapsed.map((offer) => ctx.org.users.get(offer.userId)?.managerId).filter((id): id is string => !!id))];
    const available = managers.filter((id) => whyNot(id) === null);
    if (available.length) return offerTo(ctx, timedOut, { userIds: available, kind: 'escalation', ruleId: lapsed[0]?.ruleId ?? null, classId: null, why: 'escalated to the manager after the offer timed out' }, terms);
    record(ctx, timedOut, 'routed', 'No manager available to escalate to; returning the lead to its box', null, { managers });
  }
  if (onTimeout !== 'reroute') return offerTo(ctx, timedOut, boxFallback(ctx, timedOut, timedOut.boxId, whyNot), terms);
  return routeAndOffer(ctx, timedOut, 'offerTimedOut');
}

export function reactivate(ctx: LifecycleContext, lead: Lead): Lead {
  if (lead.status !== 'incubating' || lead.incubateUntil === null || lead.incubateUntil > ctx.now) return lead;
  ctx.offers.clearExclusions(lead.id);
  const fresh: Lead = { ...lead, status: 'new', incubateUntil: null, ownerId: null, offerExpiresAt: null, updatedAt: ctx.now };
  record(ctx, fresh, 'reactivated', 'Incubation ended: routed again as new', null, { incubatedUntil: lead.incubateUntil, previousOwnerId: lead.ownerId });
  return routeAndOffer(ctx, fresh, 'incubationEnded');
}

/**
 * A lead waiting in its box (nobody was available, or the box was full and queues) is
 * offered to the box's owner once they can take it. Quiet while nothing changes: a tick
 * that finds the owner still away writes no history.
 */
export function offerWaiting(ctx: LifecycleContext, lead: Lead): Lead {
  if (lead.status !== 'routed' || lead.boxId === null) return lead;
  const box = ctx.org.boxes.get(lead.boxId);
  if (!box?.ownerId) return lead;
  if (box.overflowPolicy === 'queue' && box.capacity !== null && (ctx.org.boxes.load()[box.id] ?? 0) >= box.capacity) return lead;
  const { whyNot } = makeEligibility(ctx, lead.id);
  if (whyNot(box.ownerId) !== null) return lead;
  const terms = { expiresAt: ctx.now + ctx.defaultOfferTimeoutMs, onTimeout: 'reroute' as const, withheld: lead.withheld };
  return offerTo(ctx, lead, { userIds: [box.ownerId], kind: 'boxOwner', ruleId: null, classId: null, why: `owner of box ${box.name}; the lead was waiting` }, terms);
}
