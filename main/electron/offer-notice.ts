import { changeLabel } from '../../core/contract/change-labels.ts';
import type { EventPayload, NeedsAttentionItem } from '../../core/contract/index.ts';
import { displayName, type Lead } from '../../core/lead/lead.ts';
import type { NotifiedEventName } from '../services/notification-preferences.ts';

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

/** A lead left this box. It is gone from the local store by now, so the server's reason is all there is to say. */
export function leftBoxNotice(reason: string): Notice {
  const text = reason.trim().replace(/\.$/, '');
  return { title: 'A lead left your box', body: text ? `${text.charAt(0).toUpperCase()}${text.slice(1)}.` : 'It is no longer yours.' };
}

/** Changes the server refused in one push; each is waiting under "Needs attention" in the sync menu. */
export function refusedNotice(items: ReadonlyArray<Pick<NeedsAttentionItem, 'kind' | 'message'>>): Notice {
  const [only] = items;
  if (items.length === 1 && only) return { title: 'A change of yours was not applied', body: `${changeLabel(only.kind)}: ${only.message}` };
  return { title: `${items.length} changes of yours were not applied`, body: 'See "Needs attention" in the sync menu.' };
}

/** The live events that can raise a notification, each with its own payload. */
export type NotifiedEvent = { [E in NotifiedEventName]: { name: E; payload: EventPayload<E> } }[NotifiedEventName];

/** The lead whose name the text uses, to be looked up first; a lead that left the box is gone already. */
export function leadIdOf(event: NotifiedEvent): string | null {
  return event.name === 'lead.offered' || event.name === 'lead.notice' ? event.payload.leadId : null;
}

export function noticeFor(event: NotifiedEvent, lead: Pick<Lead, 'contact' | 'interest'> | null, now: number): Notice {
  switch (event.name) {
    case 'lead.offered':
      return offerNotice(lead, event.payload.expiresAt, now);
    case 'lead.notice':
      return ruleNotice(lead, event.payload.title);
    case 'lead.rerouted':
      return leftBoxNotice(event.payload.reason);
    case 'sync.rejected':
      return refusedNotice(event.payload.items);
  }
}

/**
 * One notification for the events of one kind that followed the first within a burst (a
 * reconnect after a day offline can bring dozens of leads that left the box): a single event
 * reads as usual, several are counted, and refused changes are counted as one push's are.
 */
export function burstNotice(events: readonly NotifiedEvent[], lead: Pick<Lead, 'contact' | 'interest'> | null, now: number): Notice {
  const [first] = events;
  if (!first) throw new RangeError('burstNotice: events must not be empty');
  if (events.length === 1) return noticeFor(first, lead, now);
  switch (first.name) {
    case 'lead.offered':
      return { title: `${events.length} more leads offered`, body: 'They are waiting for your answer in your lead box.' };
    case 'lead.notice':
      return { title: `${events.length} more notices from your rules`, body: `The first: ${first.payload.title}` };
    case 'lead.rerouted':
      return { title: `${events.length} more leads left your box`, body: 'Withdrawn, taken by someone else or re-routed.' };
    case 'sync.rejected':
      return refusedNotice(events.flatMap((event) => (event.name === 'sync.rejected' ? event.payload.items : [])));
  }
}
