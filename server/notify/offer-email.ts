import { displayName, type Lead } from '../../core/lead/lead.ts';
import { leadTitle } from '../../core/lead/lifecycle.ts';
import type { Org } from '../org/org.ts';
import type { Notifier } from '../routing/router.ts';
import { leadForRecipient } from '../routing/recipient-view.ts';
import type { Mailer, QueuedEmail } from './mailer.ts';

/**
 * Tells a user by email that a lead was offered to them, when their workstation is not
 * online to show it. The message is written from the recipient's view of the lead, so
 * withheld fields never leave the server before the lead is accepted.
 */
export function offerEmail(lead: Lead, to: { name: string; email: string; id: string }, expiresAt: number | null): QueuedEmail {
  const { contact, interest } = lead;
  const lines = [
    `Hello ${to.name},`,
    '',
    `a new lead was offered to you: ${leadTitle(lead)}.`,
    '',
    `Name:      ${displayName(contact)}`,
    ...(contact.company ? [`Company:   ${contact.company}`] : []),
    ...(contact.city || contact.country ? [`Location:  ${[contact.city, contact.country].filter(Boolean).join(', ')}`] : []),
    ...(interest.product ? [`Interest:  ${interest.product}${interest.size ? ` (${interest.size})` : ''}`] : []),
    `Priority:  ${lead.priority}, score ${Math.round(lead.score)}`,
    ...(lead.withheld.length ? [`Hidden until you accept: ${lead.withheld.join(', ')}`] : []),
    ...(expiresAt ? [`Answer by: ${new Date(expiresAt).toISOString().replace('T', ' ').slice(0, 16)} UTC`] : []),
    '',
    'Open LeadRelay to accept or decline it.',
  ];
  return { to: to.email, subject: `New lead: ${leadTitle(lead)}`, body: lines.join('\n'), leadId: lead.id, userId: to.id };
}

export function emailNotifier(org: Org, mailer: Mailer, isOnline: (userId: string) => boolean): Notifier {
  return {
    offerMade: ({ lead, userId, expiresAt }) => {
      if (!mailer.enabled || isOnline(userId)) return;
      const user = org.users.get(userId);
      if (!user || user.disabled) return;
      const view = leadForRecipient(lead, { kind: 'user', userId, role: user.role, tokenId: '' }, { reportsOf: org.users.reportsOf });
      mailer.enqueue(offerEmail(view, user, expiresAt));
    },
  };
}
