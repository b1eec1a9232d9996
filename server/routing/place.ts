import type { Lead, WithholdableField } from '../../core/lead/lead.ts';
import type { ActionRecord, RuleEvent, TraceEntry } from '../../core/rules/index.ts';
import { record, type LifecycleContext } from './context.ts';
import { decide, type Decision } from './decide.ts';
import { attachCollateral, deliverNotices } from './rule-effects.ts';
import type { OfferKind, OnTimeout } from './offer-rows.ts';

/**
 * Routes a lead and makes its offers: runs the rules, writes what they did to the history,
 * and offers the lead to whoever the decision names and can take it now — else to the
 * box's owner, else it waits in the box. Callers hold the transaction.
 */
export interface Recipients {
  userIds: string[];
  /** Partner servers offered the lead alongside (up for grabs) or instead of users. */
  partnerIds?: string[];
  kind: OfferKind;
  ruleId: string | null;
  classId: string | null;
  why: string;
}

export interface OfferTerms {
  expiresAt: number;
  onTimeout: OnTimeout;
  withheld: WithholdableField[];
}

const CONTACT_FIELDS = new Set(['contact.email', 'contact.phone', 'contact.street', 'contact.lastName']);

/** What an action did, without values copied out of contact fields that may be withheld. */
function actionSummary(action: ActionRecord): Record<string, unknown> {
  const field = 'field' in action.action ? String(action.action.field) : null;
  const quotesContact = field !== null && CONTACT_FIELDS.has(field);
  return { type: action.action.type, ...(quotesContact || action.value === undefined ? {} : { value: action.value }), ...(action.skipped ? { skipped: action.skipped } : {}) };
}

function recordRules(ctx: LifecycleContext, lead: Lead, trace: readonly TraceEntry[], decision: Decision): void {
  for (const entry of trace) {
    record(ctx, lead, 'rule', `Rule "${entry.ruleName}" fired`, `on ${entry.event} in ${entry.scope === 'global' ? 'the global rules' : `box ${entry.scope}`}`, {
      ruleId: entry.ruleId,
      ruleName: entry.ruleName,
      scope: entry.scope,
      event: entry.event,
      matched: entry.matched.map((m) => m.path),
      actions: entry.actions.map(actionSummary),
      ...(entry.error ? { error: entry.error } : {}),
    });
  }
  for (const error of decision.errors) {
    record(ctx, lead, 'rule', `Rule "${error.ruleName}" failed`, error.message, { ruleId: error.ruleId, phase: error.phase, path: error.path ?? null });
  }
  for (const hop of decision.hops) {
    record(ctx, lead, 'routed', `Routed from box ${hop.from} to box ${hop.to}`, `rule "${hop.ruleName}"`, { ruleId: hop.ruleId, from: hop.from, to: hop.to });
  }
  if (decision.overflow) {
    record(ctx, lead, 'routed', `Overflow: ${decision.overflow.reason}`, decision.overflow.ruleName ? `rule "${decision.overflow.ruleName}"` : null, {
      ruleId: decision.overflow.ruleId,
      fullBoxId: decision.overflow.boxId,
      boxId: decision.boxId,
    });
  }
}

export function makeEligibility(ctx: LifecycleContext, leadId: string): { isEligible: (userId: string) => boolean; whyNot: (userId: string) => string | null } {
  const excluded = ctx.offers.excluded(leadId);
  const reasons = new Map<string, string | null>();
  const whyNot = (userId: string): string | null => {
    if (!reasons.has(userId)) reasons.set(userId, excluded.has(userId) ? 'already turned this lead down' : ctx.org.users.unavailable(userId, ctx.now));
    return reasons.get(userId)!;
  };
  return { isEligible: (userId) => whyNot(userId) === null, whyNot };
}

/** Who the decision names, after dropping anyone who cannot take the lead now. */
function recipientsOf(ctx: LifecycleContext, lead: Lead, decision: Decision, whyNot: (userId: string) => string | null): Recipients | null {
  const routing = decision.routing;
  if (routing?.kind === 'user') {
    const reason = whyNot(routing.userId);
    const kind: OfferKind = routing.classId ? 'roundRobin' : 'direct';
    const why = routing.classId ? `round robin in class ${routing.classId}, rule "${routing.ruleName}"` : `rule "${routing.ruleName}"`;
    if (reason === null) return { userIds: [routing.userId], kind, ruleId: routing.ruleId, classId: routing.classId ?? null, why };
    record(ctx, lead, 'routed', `Not offered to ${ctx.org.users.nameOf(routing.userId)}: ${reason}`, `rule "${routing.ruleName}"`, { ruleId: routing.ruleId, userId: routing.userId });
  }
  if (routing?.kind === 'upForGrabs') {
    const userIds = routing.users.filter((userId) => {
      const reason = whyNot(userId);
      if (reason !== null) record(ctx, lead, 'routed', `Not offered to ${ctx.org.users.nameOf(userId)}: ${reason}`, `rule "${routing.ruleName}"`, { ruleId: routing.ruleId, userId });
      return reason === null;
    });
    const partnerIds = availablePartners(ctx, lead, routing.servers, routing.ruleName);
    if (userIds.length || partnerIds.length) return { userIds, partnerIds, kind: 'upForGrabs', ruleId: routing.ruleId, classId: null, why: `up for grabs, rule "${routing.ruleName}"` };
  }
  if (routing?.kind === 'partner') {
    const partnerIds = availablePartners(ctx, lead, [routing.partnerId], routing.ruleName);
    if (partnerIds.length) return { userIds: [], partnerIds, kind: 'direct', ruleId: routing.ruleId, classId: null, why: `rule "${routing.ruleName}"` };
  }
  return boxFallback(ctx, lead, decision.boxId, whyNot);
}

function availablePartners(ctx: LifecycleContext, lead: Lead, partnerIds: readonly string[], ruleName: string): string[] {
  return partnerIds.filter((partnerId) => {
    const reason = ctx.partners.whyNot(lead.id, partnerId);
    if (reason !== null) record(ctx, lead, 'routed', `Not offered to partner ${partnerId}: ${reason}`, `rule "${ruleName}"`, { partnerId });
    return reason === null;
  });
}

/** Nobody named (or nobody available): the owner of the lead's box, if they can take it. */
export function boxFallback(ctx: LifecycleContext, lead: Lead, boxId: string | null, whyNot: (userId: string) => string | null): Recipients | null {
  const box = boxId === null ? null : ctx.org.boxes.get(boxId);
  if (!box) return null;
  if (box.overflowPolicy === 'queue' && box.capacity !== null && (ctx.org.boxes.load()[box.id] ?? 0) >= box.capacity) {
    record(ctx, lead, 'routed', `Queued in box ${box.name}: the box is full`, `overflow policy "queue", capacity ${box.capacity}`, { boxId: box.id });
    return null;
  }
  if (box.ownerId === null) return null;
  const reason = whyNot(box.ownerId);
  if (reason === null) return { userIds: [box.ownerId], kind: 'boxOwner', ruleId: null, classId: null, why: `owner of box ${box.name}` };
  record(ctx, lead, 'routed', `Not offered to ${ctx.org.users.nameOf(box.ownerId)}, owner of box ${box.name}: ${reason}`, null, { boxId: box.id, userId: box.ownerId });
  return null;
}

/** Writes the offers and the lead's new state; or, with no recipient, leaves it waiting in its box. */
export function offerTo(ctx: LifecycleContext, lead: Lead, recipients: Recipients | null, terms: OfferTerms): Lead {
  if (!recipients) {
    const waiting: Lead = { ...lead, status: 'routed', ownerId: null, offerExpiresAt: null, updatedAt: ctx.now };
    record(ctx, waiting, 'routed', lead.boxId ? `Waiting in box ${ctx.org.boxes.get(lead.boxId)?.name ?? lead.boxId}: no one to offer it to now` : 'Waiting: no box and no one to offer it to', null, { boxId: lead.boxId });
    ctx.leads.save(waiting);
    return waiting;
  }
  const withheld = [...new Set([...lead.withheld, ...terms.withheld])];
  const offered: Lead = { ...lead, status: 'offered', ownerId: null, offerExpiresAt: terms.expiresAt, withheld, updatedAt: ctx.now };
  const partnerIds = recipients.partnerIds ?? [];
  if (partnerIds.length) {
    const { handedOver } = ctx.partners.offer(ctx, offered, partnerIds, { expiresAt: terms.expiresAt, withheld, upForGrabs: recipients.kind === 'upForGrabs', why: recipients.why });
    if (handedOver && recipients.userIds.length === 0) {
      const exported: Lead = { ...offered, status: 'accepted', offerExpiresAt: null };
      ctx.leads.save(exported);
      return exported;
    }
  }
  ctx.leads.save(offered);
  for (const userId of recipients.userIds) {
    ctx.offers.insert({
      id: ctx.newId(), leadId: lead.id, userId, kind: recipients.kind, status: 'open', offeredAt: ctx.now, expiresAt: terms.expiresAt,
      onTimeout: terms.onTimeout, ruleId: recipients.ruleId, classId: recipients.classId, withheld, closedAt: null,
    });
    record(ctx, offered, 'offered', `Offered to ${ctx.org.users.nameOf(userId)}`, recipients.why, {
      userId, kind: recipients.kind, ruleId: recipients.ruleId, classId: recipients.classId, expiresAt: terms.expiresAt, onTimeout: terms.onTimeout, withheld,
    });
    ctx.notifier.offerMade({ lead: offered, userId, expiresAt: terms.expiresAt });
    ctx.events.push({ type: 'offered', leadId: lead.id, userId, at: ctx.now });
  }
  return offered;
}

/** Routes the lead for `event` and offers it; answers the lead as saved. */
export function routeAndOffer(ctx: LifecycleContext, lead: Lead, event: RuleEvent): Lead {
  const { isEligible, whyNot } = makeEligibility(ctx, lead.id);
  const decision = decide({ org: ctx.org, lead, event, now: ctx.now, performed: ctx.offers.performed(lead.id), isEligible });
  const routed: Lead = { ...decision.lead, boxId: decision.boxId ?? lead.boxId, updatedAt: ctx.now };
  recordRules(ctx, routed, decision.trace, decision);
  ctx.offers.addPerformed(lead.id, decision.performed);
  ctx.org.classes.saveRotation(decision.roundRobinState);

  if (decision.incubateUntil) {
    const incubating: Lead = { ...attachCollateral(ctx, routed, decision.collateral), status: 'incubating', incubateUntil: decision.incubateUntil.at, ownerId: null, offerExpiresAt: null };
    const day = new Date(decision.incubateUntil.at).toISOString().slice(0, 10);
    record(ctx, incubating, 'incubated', `Incubated until ${day}`, `rule "${decision.incubateUntil.ruleName}"`, { ruleId: decision.incubateUntil.ruleId, until: decision.incubateUntil.at });
    ctx.leads.save(incubating);
    deliverNotices(ctx, incubating, decision.notifications, []);
    return incubating;
  }
  const timeout = decision.offerTimeout;
  const withCollateral = attachCollateral(ctx, routed, decision.collateral);
  const recipients = recipientsOf(ctx, withCollateral, decision, whyNot);
  const placed = offerTo(ctx, withCollateral, recipients, {
    expiresAt: ctx.now + (timeout?.ms ?? ctx.defaultOfferTimeoutMs),
    onTimeout: timeout?.onTimeout ?? 'reroute',
    withheld: decision.withheld,
  });
  deliverNotices(ctx, placed, decision.notifications, placed.status === 'offered' ? (recipients?.userIds ?? []) : []);
  return placed;
}
