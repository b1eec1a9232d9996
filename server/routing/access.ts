import type { Lead } from '../../core/lead/lead.ts';
import type { Principal } from '../org/auth.ts';
import type { Org } from '../org/org.ts';
import type { Offer } from './offer-rows.ts';

/**
 * Whether a principal may read a lead: administrators all; a user the leads offered to them
 * (open offers) or owned by them, and a manager also those of everyone below them.
 * Lead sources read nothing.
 */
export function maySeeLead(org: Org, principal: Principal, lead: Lead, offers: readonly Offer[]): boolean {
  if (principal.kind === 'admin') return true;
  if (principal.kind !== 'user') return false;
  if (principal.role === 'admin') return true;
  const people = new Set([principal.userId, ...org.users.reportsOf(principal.userId)]);
  if (lead.ownerId !== null && people.has(lead.ownerId)) return true;
  return offers.some((offer) => offer.status === 'open' && people.has(offer.userId));
}
