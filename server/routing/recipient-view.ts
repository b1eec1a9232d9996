import { isOwnedWork, type HistoryEntry, type Lead } from '../../core/lead/lead.ts';
import type { Principal } from '../org/auth.ts';

/**
 * The one place that decides what of a lead a caller may read. Withheld fields stay on the
 * server until someone accepts: only the owner, the owner's managers, and administrators see
 * their values. Everything that serialises a lead for a person goes through here.
 */
export interface ViewerContext {
  /** Everyone below a manager in the hierarchy. */
  reportsOf(userId: string): readonly string[];
}

export function seesWithheld(lead: Lead, principal: Principal, context: ViewerContext): boolean {
  if (principal.kind === 'admin' || (principal.kind === 'user' && principal.role === 'admin')) return true;
  if (principal.kind !== 'user' || lead.ownerId === null || !(isOwnedWork(lead.status) || lead.status === 'won' || lead.status === 'lost')) return false;
  return lead.ownerId === principal.userId || context.reportsOf(principal.userId).includes(lead.ownerId);
}

const WITHHELD_PATHS = { email: 'email', phone: 'phone', street: 'street', lastName: 'lastName' } as const;

export function leadForRecipient(lead: Lead, principal: Principal, context: ViewerContext): Lead {
  if (lead.withheld.length === 0 || seesWithheld(lead, principal, context)) return lead;
  const contact = { ...lead.contact };
  for (const field of lead.withheld) contact[WITHHELD_PATHS[field]] = null;
  return { ...lead, contact };
}

/**
 * History written by anyone (intake, rules, people) may quote a withheld value; for a caller
 * who may not see them, every occurrence in summaries, reasons and data is blanked.
 */
export function historyForRecipient(history: readonly HistoryEntry[], lead: Lead, principal: Principal, context: ViewerContext): HistoryEntry[] {
  if (lead.withheld.length === 0 || seesWithheld(lead, principal, context)) return [...history];
  const secrets = lead.withheld.map((field) => lead.contact[WITHHELD_PATHS[field]]).filter((value): value is string => typeof value === 'string' && value.length >= 2);
  if (secrets.length === 0) return [...history];
  const pattern = new RegExp(secrets.map((secret) => secret.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|'), 'gi');
  const scrub = (value: unknown): unknown => {
    if (typeof value === 'string') return value.replace(pattern, '[withheld]');
    if (Array.isArray(value)) return value.map(scrub);
    if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, scrub(inner)]));
    return value;
  };
  return history.map((entry) => ({ ...entry, summary: scrub(entry.summary) as string, reason: entry.reason === null ? null : (scrub(entry.reason) as string), data: scrub(entry.data) as Record<string, unknown> }));
}
