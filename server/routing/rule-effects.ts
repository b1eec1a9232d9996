import { lookup } from 'mime-types';
import type { Attachment, Lead } from '../../core/lead/lead.ts';
import type { EvaluationResult } from '../../core/rules/index.ts';
import { record, type LifecycleContext } from './context.ts';

/**
 * What rules ask for besides routing: collateral attached to the lead, and notices. The
 * engine already skips an action performed on the lead before (the same collateral, the same
 * notice for the same event); everything here runs in the routing transaction and is written
 * to the lead's history, delivered or not.
 */

/** Collateral is attached by reference: the file lives in the collateral library, so its size is not known here (0). */
function referenced(ref: string): Attachment {
  const name = ref.split('/').filter(Boolean).pop() ?? ref;
  return { name, mimeType: lookup(name) || 'application/octet-stream', size: 0, ref };
}

export function attachCollateral(ctx: LifecycleContext, lead: Lead, collateral: EvaluationResult['collateral']): Lead {
  const known = new Set(lead.attachments.map((attachment) => attachment.ref));
  const added: Attachment[] = [];
  for (const item of collateral) {
    if (known.has(item.ref)) continue;
    known.add(item.ref);
    const attachment = referenced(item.ref);
    added.push(attachment);
    record(ctx, lead, 'rule', `Attached ${attachment.name}`, `rule "${item.ruleName}"`, { ruleId: item.ruleId, ref: item.ref });
  }
  return added.length === 0 ? lead : { ...lead, attachments: [...lead.attachments, ...added] };
}

/**
 * Each notice goes to its `to` user, else to whoever the lead was just offered to. Email is
 * queued with the routing; desktop notices go live to the user's workstation after the commit
 * (a workstation offline then misses the pop-up, not the history entry); sms and webhook have
 * no gateway on this server, so they are recorded as not sent.
 */
export function deliverNotices(ctx: LifecycleContext, lead: Lead, notices: EvaluationResult['notifications'], offeredTo: readonly string[]): void {
  for (const notice of notices) {
    const because = `rule "${notice.ruleName}"`;
    const data = { ruleId: notice.ruleId, channel: notice.channel, template: notice.template };
    const userIds = notice.to ? [notice.to] : offeredTo;
    if (userIds.length === 0) {
      record(ctx, lead, 'rule', `Notice "${notice.template}" not sent: no one was offered the lead and the rule names no one`, because, { ...data, sent: false });
      continue;
    }
    for (const userId of userIds) {
      const why = whyNotSent(ctx, lead, notice, userId);
      const name = ctx.org.users.nameOf(userId);
      const summary = why === null ? `Notified ${name} by ${notice.channel}: ${notice.template}` : `Notice "${notice.template}" to ${name} by ${notice.channel} not sent: ${why}`;
      record(ctx, lead, 'rule', summary, because, { ...data, userId, sent: why === null });
    }
  }
}

function whyNotSent(ctx: LifecycleContext, lead: Lead, notice: EvaluationResult['notifications'][number], userId: string): string | null {
  switch (notice.channel) {
    case 'email':
      return ctx.notifier.ruleEmail({ lead, userId, template: notice.template, ruleName: notice.ruleName });
    case 'desktop':
      if (!ctx.org.users.get(userId)) return 'the user is unknown';
      ctx.events.push({ type: 'notice', leadId: lead.id, userId, at: ctx.now, title: notice.template });
      return null;
    default:
      return `no ${notice.channel} gateway is set up on this server`;
  }
}
