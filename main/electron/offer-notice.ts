import { displayName, type Lead } from '../../core/lead/lead.ts';

export interface Notice {
  title: string;
  body: string;
}

function timeLeft(expiresAt: number, now: number): string {
  const minutes = Math.max(0, Math.round((expiresAt - now) / 60_000));
  if (minutes === 0) return 'The offer is about to lapse.';
  if (minutes < 120) return `Answer within ${minutes} min.`;
  return `Answer within ${Math.round(minutes / 60)} h.`;
}

const whoOf = (lead: Pick<Lead, 'contact'>) => [displayName(lead.contact), lead.contact.company].filter((part) => part && part !== '(no name)').join(', ');

/**
 * The desktop notification for a new offer. The lead may not be in the local store yet (or
 * may be unreadable), so everything beyond "a lead is waiting" is best effort.
 */
export function offerNotice(lead: Pick<Lead, 'contact' | 'interest'> | null, expiresAt: number | null, now: number): Notice {
  const who = lead ? whoOf(lead) : '';
  const product = lead?.interest.product ? ` is interested in ${lead.interest.product}` : '';
  const first = who ? `${who}${product}.` : 'A new lead is waiting for you.';
  return {
    title: 'New lead offered',
    body: expiresAt === null ? first : `${first} ${timeLeft(expiresAt, now)}`,
  };
}

/** The desktop notification for a rule's notice: the rule's text, about which lead. */
export function ruleNotice(lead: Pick<Lead, 'contact'> | null, title: string): Notice {
  const who = lead ? whoOf(lead) : '';
  return { title, body: who ? `About ${who}.` : 'About a lead in your box.' };
}
