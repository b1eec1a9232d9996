import { writeAdf } from '../../core/exchange/adf-write.ts';
import { offerContent, releasedFields } from '../../core/exchange/exchange-policy.ts';
import type { MessageOf } from '../../core/exchange/exchange-message.ts';
import type { Lead } from '../../core/lead/lead.ts';
import { record, type LifecycleContext, type PartnerHook } from '../routing/context.ts';
import { routeAndOffer } from '../routing/place.ts';
import type { Router } from '../routing/router.ts';
import type { ExchangeRows } from './exchange-rows.ts';
import type { Outbox } from './outbox.ts';
import type { Partner, Partners } from './partners.ts';
import type { Send } from './sender.ts';

/**
 * The vendor's side: offering leads to reseller servers inside routing (policy-filtered, so
 * withheld and private values never leave), withdrawing offers when someone else takes the
 * lead, and applying what resellers send back — acceptance, decline, status feedback.
 */
export interface Outcome {
  result: 'applied' | 'conflict';
  reason: string | null;
}

interface Deps {
  partners: Partners;
  rows: ExchangeRows;
  outbox: Outbox;
  send: Send;
  router: () => Router;
}

const actor = (partner: Partner) => `partner:${partner.id}`;

/** A lead as an ADF-only partner may see it: withheld and private fields blanked. */
function adfLead(lead: Lead, partner: Partner): Lead {
  const { lead: content } = offerContent(lead, partner.policy, lead.withheld);
  const blank = Object.fromEntries(Object.keys(lead.contact).map((key) => [key, null]));
  return { ...lead, contact: { ...lead.contact, ...blank, ...content.contact } as Lead['contact'], source: content.source ?? null, custom: content.custom ?? {} };
}

export function centralSide(deps: Deps) {
  const { partners, rows, send } = deps;

  function withdrawOpen(ctx: LifecycleContext, lead: Lead, status: 'withdrawn' | 'expired', reason: string, except?: string): void {
    for (const offer of rows.openOffers(lead.id)) {
      if (offer.partnerId === except) continue;
      const partner = partners.get(offer.partnerId);
      rows.closeOffer(offer.id, status, ctx.now);
      record(ctx, lead, 'offered', status === 'expired' ? `Offer to partner ${partner?.name ?? offer.partnerId} timed out` : `Offer to partner ${partner?.name ?? offer.partnerId} withdrawn`, reason, { partnerId: offer.partnerId });
      if (partner) send(partner, { kind: 'withdraw', id: ctx.newId(), sentAt: ctx.now, leadId: lead.id, reason });
    }
  }

  const hook: Omit<PartnerHook, 'acted'> = {
    whyNot: (leadId, partnerId) => {
      const partner = partners.get(partnerId);
      if (!partner || partner.kind !== 'reseller') return 'no such reseller partner';
      if (partner.disabled) return 'the partner is disabled';
      const before = rows.turnedDown(leadId, partnerId);
      return before === 'declined' ? 'already declined this lead' : before === 'expired' ? 'let an offer of this lead lapse' : null;
    },
    offer: (ctx, lead, partnerIds, terms) => {
      let exported = 0;
      for (const partnerId of partnerIds) {
        const partner = partners.get(partnerId)!;
        if (partner.format === 'adf') {
          if (terms.upForGrabs) {
            record(ctx, lead, 'routed', `Not offered to partner ${partner.name}: an ADF partner cannot accept, so it takes leads only by direct routing`, terms.why, { partnerId });
            continue;
          }
          rows.insertOffer({ id: ctx.newId(), leadId: lead.id, partnerId, status: 'exported', offeredAt: ctx.now, expiresAt: null, withheld: [] });
          deps.outbox.enqueue({ id: ctx.newId(), partnerId, leadId: lead.id, kind: 'offer', contentType: 'application/xml; charset=utf-8', body: writeAdf([adfLead(lead, partner)]) });
          deps.outbox.wake();
          record(ctx, lead, 'forwarded', `Exported as ADF to partner ${partner.name}`, terms.why, { partnerId });
          exported++;
          continue;
        }
        const content = offerContent(lead, partner.policy, terms.withheld);
        rows.insertOffer({ id: ctx.newId(), leadId: lead.id, partnerId, status: 'open', offeredAt: ctx.now, expiresAt: terms.expiresAt, withheld: content.withheld });
        record(ctx, lead, 'offered', `Offered to partner ${partner.name}`, terms.why, { partnerId, withheld: content.withheld, expiresAt: terms.expiresAt, upForGrabs: terms.upForGrabs });
        send(partner, { kind: 'offer', id: ctx.newId(), sentAt: ctx.now, leadId: lead.id, lead: content.lead, withheld: content.withheld, expiresAt: terms.expiresAt, upForGrabs: terms.upForGrabs });
      }
      return { handedOver: exported > 0 && exported === partnerIds.length };
    },
    withdrawAll: (ctx, lead, reason) => withdrawOpen(ctx, lead, 'withdrawn', reason),
    openCount: (leadId) => rows.openCount(leadId),
    expire: (ctx, lead) => withdrawOpen(ctx, lead, 'expired', 'the offer timed out'),
  };

  function accept(partner: Partner, message: MessageOf<'accept'>): Outcome {
    let outcome: Outcome = { result: 'applied', reason: null };
    deps.router().withLead(message.leadId, (ctx, lead) => {
      const offer = rows.openOffers(lead.id).find((open) => open.partnerId === partner.id);
      if (!offer) {
        if (rows.heldBy(lead.id, partner.id)) return lead;
        outcome = { result: 'conflict', reason: lead.status === 'offered' || lead.status === 'routed' ? 'the offer is no longer open' : `the lead is already ${lead.status}` };
        return lead;
      }
      rows.closeOffer(offer.id, 'accepted', ctx.now);
      for (const other of ctx.offers.open(lead.id)) {
        ctx.offers.close(other.id, 'withdrawn', ctx.now);
        record(ctx, lead, 'offered', `Offer to ${ctx.org.users.nameOf(other.userId)} withdrawn`, `partner ${partner.name} accepted first`, { userId: other.userId, acceptedBy: actor(partner) });
        ctx.events.push({ type: 'withdrawn', leadId: lead.id, userId: other.userId, at: ctx.now });
      }
      withdrawOpen(ctx, lead, 'withdrawn', `partner ${partner.name} accepted first`, partner.id);
      const accepted: Lead = { ...lead, status: 'accepted', ownerId: null, offerExpiresAt: null, updatedAt: ctx.now };
      ctx.leads.save(accepted);
      const who = message.assignee ? ` (assigned to ${message.assignee.name})` : '';
      record(ctx, accepted, 'accepted', `Partner ${partner.name} accepted the lead${who}`, null, { partnerId: partner.id, assignee: message.assignee }, actor(partner));
      if (offer.withheld.length) send(partner, { kind: 'release', id: ctx.newId(), sentAt: ctx.now, leadId: lead.id, fields: releasedFields(lead, offer.withheld) });
      return accepted;
    });
    return outcome;
  }

  function decline(partner: Partner, message: MessageOf<'decline'>): Outcome {
    let outcome: Outcome = { result: 'applied', reason: null };
    deps.router().withLead(message.leadId, (ctx, lead) => {
      const offer = rows.openOffers(lead.id).find((open) => open.partnerId === partner.id);
      if (!offer) {
        outcome = { result: 'conflict', reason: 'the offer is no longer open' };
        return lead;
      }
      rows.closeOffer(offer.id, 'declined', ctx.now);
      record(ctx, lead, 'rejected', `Partner ${partner.name} declined the lead`, message.reason || null, { partnerId: partner.id }, actor(partner));
      if (ctx.offers.open(lead.id).length > 0 || rows.openCount(lead.id) > 0) return lead;
      return routeAndOffer(ctx, { ...lead, status: 'rejected', offerExpiresAt: null, updatedAt: ctx.now }, 'rejected');
    });
    return outcome;
  }

  function status(partner: Partner, message: MessageOf<'status'>): Outcome {
    let outcome: Outcome = { result: 'applied', reason: null };
    deps.router().withLead(message.leadId, (ctx, lead) => {
      const held = rows.heldBy(lead.id, partner.id);
      if (!held) {
        outcome = { result: 'conflict', reason: 'the lead is not held by this partner' };
        return lead;
      }
      const data = { partnerId: partner.id, status: message.status, amount: message.amount, assignee: message.assignee };
      if (message.status === 'assigned') {
        record(ctx, lead, 'status', `Partner ${partner.name} assigned the lead to ${message.assignee?.name ?? 'one of its people'}`, null, data, actor(partner));
        return lead;
      }
      if (lead.status === 'won' || lead.status === 'lost') {
        outcome = { result: 'conflict', reason: `the lead is already ${lead.status}` };
        return lead;
      }
      const next: Lead = {
        ...lead, status: message.status, updatedAt: ctx.now,
        wonAmount: message.status === 'won' ? message.amount : lead.wonAmount,
        closeReason: message.status === 'lost' ? message.reason : lead.closeReason,
      };
      ctx.leads.save(next);
      rows.setFeedback(held.id, message.status, message.status === 'won' ? message.amount : null);
      const amount = message.status === 'won' && message.amount !== null ? ` (${message.amount})` : '';
      record(ctx, next, 'status', `Partner ${partner.name} marked the lead ${message.status}${amount}`, message.reason, data, actor(partner));
      return next;
    });
    return outcome;
  }

  return { hook, accept, decline, status };
}
