import { displayName, type Lead } from '../../core/lead/lead.ts';
import { leadTitle } from '../../core/lead/lifecycle.ts';
import type { Org } from '../org/org.ts';
import type { Notifier, RuleNotice } from '../routing/router.ts';
import { leadForRecipient } from '../routing/recipient-view.ts';
import type { Mailer, QueuedEmail } from './mailer.ts';

type Recipient = { name: string; email: string; id: string };

/** The lead as an email shows it: what the recipient may see. */
function leadLines(lead: Lead): string[] {
  const { contact, interest } = lead;
  return [
    `Name:      ${displayName(contact)}`,
    ...(contact.company ? [`Company:   ${contact.company}`] : []),
    ...(contact.city || contact.country ? [`Location:  ${[contact.city, contact.country].filter(Boolean).join(', ')}`] : []),
    ...(interest.product ? [`Interest:  ${interest.product}${interest.size ? ` (${interest.size})` : ''}`] : []),
    `Priority:  ${lead.priority}, score ${Math.round(lead.score)}`,
    ...(lead.withheld.length ? [`Hidden until you accept: ${lead.withheld.join(', ')}`] : []),
  ];
}

/**
 * Tells a user by email that a lead was offered to them, when their workstation is not
 * online to show it. The message is written from the recipient's view of the lead, so
 * withheld fields never leave the server before the lead is accepted.
 */
export function offerEmail(lead: Lead, to: Recipient, expiresAt: number | null): QueuedEmail {
  const lines = [
    `Hello ${to.name},`,
    '',
    `a new lead was offered to you: ${leadTitle(lead)}.`,
    '',
    ...leadLines(lead),
    ...(expiresAt ? [`Answer by: ${new Date(expiresAt).toISOString().replace('T', ' ').slice(0, 16)} UTC`] : []),
    '',
    'Open LeadRelay to accept or decline it.',
  ];
  return { to: to.email, subject: `New lead: ${leadTitle(lead)}`, body: lines.join('\n'), leadId: lead.id, userId: to.id };
}

/** A rule's `notify` by email: the template names the notice; the lead is the recipient's view of it. */
export function ruleNoticeEmail(lead: Lead, to: Recipient, notice: Pick<RuleNotice, 'template' | 'ruleName'>): QueuedEmail {
  const lines = [`Hello ${to.name},`, '', `the rule "${notice.ruleName}" asks for your attention (${notice.template}) on ${leadTitle(lead)}.`, '', ...leadLines(lead), '', 'Open LeadRelay to see the lead.'];
  return { to: to.email, subject: `${notice.template}: ${leadTitle(lead)}`, body: lines.join('\n'), leadId: lead.id, userId: to.id };
}

export function emailNotifier(org: Org, mailer: Mailer, isOnline: (userId: string) => boolean): Notifier {
  const viewFor = (lead: Lead, user: { id: string; role: 'admin' | 'manager' | 'rep' }) =>
    leadForRecipient(lead, { kind: 'user', userId: user.id, role: user.role, tokenId: '' }, { reportsOf: org.users.reportsOf });
  return {
    offerMade: ({ lead, userId, expiresAt }) => {
      if (!mailer.enabled || isOnline(userId)) return;
      const user = org.users.get(userId);
      if (!user || user.disabled) return;
      mailer.enqueue(offerEmail(viewFor(lead, user), user, expiresAt));
    },
    ruleEmail: (notice) => {
      if (!mailer.enabled) return 'email is not set up on this server (LEADRELAY_SMTP_URL)';
      const user = org.users.get(notice.userId);
      if (!user || user.disabled) return 'the user is unknown or disabled';
      mailer.enqueue(ruleNoticeEmail(viewFor(notice.lead, user), user, notice));
      return null;
    },
  };
}
