import { feedbackFor, sharedAssignee, withFields } from '../../core/exchange/exchange-policy.ts';
import type { FieldPath, MessageOf } from '../../core/exchange/exchange-message.ts';
import { Lead, type WithholdableField } from '../../core/lead/lead.ts';
import { HttpError } from '../http/errors.ts';
import { issueError } from '../http/schema.ts';
import type { Org } from '../org/org.ts';
import { record, SYSTEM, type LifecycleContext, type PartnerHook } from '../routing/context.ts';
import type { Router } from '../routing/router.ts';
import type { LeadRows } from '../store/lead-rows.ts';
import type { ExchangeRows } from './exchange-rows.ts';
import type { Outcome } from './central-side.ts';
import type { Partner, Partners } from './partners.ts';
import type { Send } from './sender.ts';

/**
 * The reseller's side: a vendor's offer becomes a local lead that the reseller's own rules
 * route to its own people; when one of them accepts, the acceptance goes to the vendor (who
 * then releases the withheld fields); status changes go back as the vendor policy allows —
 * with the assigned rep's identity only if it says so.
 */
interface Deps {
  org: Org;
  /** Callers hold the transaction in which a new vendor lead is stored. */
  leads: LeadRows;
  partners: Partners;
  rows: ExchangeRows;
  send: Send;
  router: () => Router;
  now: () => number;
  newId: () => string;
}

const RULE_FIELDS: Partial<Record<FieldPath, WithholdableField>> = { 'contact.email': 'email', 'contact.phone': 'phone', 'contact.street': 'street', 'contact.lastName': 'lastName' };

export function resellerSide(deps: Deps) {
  const { rows, partners, send } = deps;

  function localLead(partner: Partner, message: MessageOf<'offer'>): string {
    const linked = rows.linkByRemote(partner.id, message.leadId);
    if (linked) return linked;
    const now = deps.now();
    const { lead } = message;
    const parsed = Lead.safeParse({
      id: deps.newId(), createdAt: lead.createdAt, updatedAt: now, status: 'new', priority: lead.priority, score: lead.score ?? 50,
      contact: lead.contact, interest: lead.interest ?? {}, source: lead.source ?? null, campaign: lead.campaign ?? null, custom: lead.custom ?? {},
      withheld: message.withheld.flatMap((path) => RULE_FIELDS[path] ?? []),
    });
    if (!parsed.success) throw issueError(parsed.error, 'lead', 422);
    deps.leads.save(parsed.data);
    deps.leads.appendHistory([{
      id: deps.newId(), leadId: parsed.data.id, at: now, actor: SYSTEM, kind: 'created', summary: `Received from vendor ${partner.name}`,
      reason: message.upForGrabs ? 'offered to several partners: the first to accept gets it' : null,
      data: { partnerId: partner.id, remoteLeadId: message.leadId, withheld: message.withheld, expiresAt: message.expiresAt },
    }]);
    rows.insertLink({ leadId: parsed.data.id, partnerId: partner.id, remoteLeadId: message.leadId, state: 'offered', withheld: message.withheld });
    return parsed.data.id;
  }

  const linkedLead = (partner: Partner, remoteLeadId: string): string => {
    const leadId = rows.linkByRemote(partner.id, remoteLeadId);
    if (!leadId) throw new HttpError(404, 'not_found', `leadId: no lead "${remoteLeadId}" was offered by ${partner.name}`, 'leadId');
    return leadId;
  };

  /** Closes a vendor lead here: open local offers withdrawn, the lead lost with the reason. */
  function close(ctx: LifecycleContext, lead: Lead, reason: string, summary: string): Lead {
    for (const open of ctx.offers.open(lead.id)) {
      ctx.offers.close(open.id, 'withdrawn', ctx.now);
      ctx.events.push({ type: 'withdrawn', leadId: lead.id, userId: open.userId, at: ctx.now });
    }
    const closed: Lead = { ...lead, status: 'lost', closeReason: reason, offerExpiresAt: null, updatedAt: ctx.now };
    ctx.leads.save(closed);
    record(ctx, closed, 'status', summary, reason, {});
    return closed;
  }

  return {
    offer(partner: Partner, message: MessageOf<'offer'>): Outcome {
      const leadId = localLead(partner, message);
      deps.router().onLeadArrived(leadId);
      return { result: 'applied', reason: null };
    },
    release(partner: Partner, message: MessageOf<'release'>): Outcome {
      deps.router().withLead(linkedLead(partner, message.leadId), (ctx, lead) => {
        const released = Object.keys(message.fields) as FieldPath[];
        const next: Lead = { ...withFields(lead, message.fields), withheld: lead.withheld.filter((field) => !released.some((path) => RULE_FIELDS[path] === field)), updatedAt: ctx.now };
        const parsed = Lead.safeParse(next);
        if (!parsed.success) throw new HttpError(422, 'invalid_input', `fields: ${parsed.error.issues[0]!.path.join('.')}: ${parsed.error.issues[0]!.message}`, 'fields');
        ctx.leads.save(parsed.data);
        record(ctx, parsed.data, 'sync', `Vendor ${partner.name} released the withheld fields`, null, { fields: released });
        return parsed.data;
      });
      return { result: 'applied', reason: null };
    },
    withdraw(partner: Partner, message: MessageOf<'withdraw'>): Outcome {
      const leadId = linkedLead(partner, message.leadId);
      const link = rows.link(leadId)!;
      if (link.state === 'withdrawn' || link.state === 'declined') return { result: 'applied', reason: null };
      deps.router().withLead(leadId, (ctx, lead) => {
        rows.setState(leadId, 'withdrawn');
        return close(ctx, lead, `withdrawn by ${partner.name}: ${message.reason}`, `Vendor ${partner.name} withdrew the lead`);
      });
      return { result: 'applied', reason: null };
    },
    /** An administrator here turns a vendor's offer down. */
    decline(leadId: string, reason: string): Lead {
      return deps.router().withLead(leadId, (ctx, lead) => {
        const link = rows.link(leadId);
        if (!link) throw new HttpError(404, 'not_found', `no lead "${leadId}" came from a vendor`, 'id');
        if (link.state !== 'offered') throw new HttpError(409, 'conflict', `the vendor's offer is already ${link.state}`, 'id');
        const partner = partners.get(link.partnerId);
        if (!partner) throw new HttpError(409, 'conflict', 'the vendor is no longer registered', 'id');
        rows.setState(leadId, 'declined');
        send(partner, { kind: 'decline', id: ctx.newId(), sentAt: ctx.now, leadId: link.remoteLeadId, reason });
        return close(ctx, lead, `declined: ${reason}`, `Declined the offer of ${partner.name}`);
      });
    },
    acted: ((ctx, _before, after, userId, action) => {
      const link = rows.link(after.id);
      if (!link || (link.state !== 'offered' && link.state !== 'accepted')) return;
      const partner = partners.get(link.partnerId);
      if (!partner) return;
      const user = deps.org.users.get(userId);
      const assignee = user ? { name: user.name, email: user.email } : null;
      if (action.type === 'accept' && link.state === 'offered') {
        rows.setState(after.id, 'accepted');
        send(partner, { kind: 'accept', id: ctx.newId(), sentAt: ctx.now, leadId: link.remoteLeadId, assignee: assignee && sharedAssignee(partner.policy, assignee) });
        record(ctx, after, 'sync', `Acceptance sent to vendor ${partner.name}`, null, { partnerId: partner.id });
      } else if (action.type === 'setStatus' && link.state === 'accepted') {
        const feedback = feedbackFor(partner.policy, action.status, { amount: action.amount, reason: action.reason, assignee });
        if (feedback) send(partner, { kind: 'status', id: ctx.newId(), sentAt: ctx.now, leadId: link.remoteLeadId, ...feedback });
      }
    }) satisfies PartnerHook['acted'],
  };
}
