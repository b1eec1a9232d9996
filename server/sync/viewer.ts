import type { FastifyInstance } from 'fastify';
import type { Lead } from '../../core/lead/lead.ts';
import type { Principal } from '../org/auth.ts';
import type { Org } from '../org/org.ts';
import { maySeeLead } from '../routing/access.ts';
import { historyForRecipient, leadForRecipient, seesWithheld, type ViewerContext } from '../routing/recipient-view.ts';
import type { Offer } from '../routing/offer-rows.ts';
import type { FeedHistoryEntry } from '../../core/sync/protocol.ts';

/**
 * What sync sends a person goes through the routing engineer's access and recipient-view
 * functions (server/routing), so withheld fields stay on the server exactly as they do for
 * GET /api/v1/leads/:id. The hierarchy is read once per request, not once per lead.
 */
export interface Viewer {
  org: Org;
  context: ViewerContext;
  /** The caller and, for a manager, everyone below them. */
  people: ReadonlySet<string>;
  seesAll: boolean;
}

export function viewerOf(app: FastifyInstance, principal: Extract<Principal, { kind: 'user' }>): Viewer {
  const reports = app.org.users.reportsOf(principal.userId);
  const reportsOf = (userId: string) => (userId === principal.userId ? reports : app.org.users.reportsOf(userId));
  return {
    org: { ...app.org, users: { ...app.org.users, reportsOf } },
    context: { reportsOf },
    people: new Set([principal.userId, ...reports]),
    seesAll: principal.role === 'admin',
  };
}

export function visibleLead(viewer: Viewer, principal: Principal, lead: Lead, offers: readonly Offer[]): Lead | null {
  return maySeeLead(viewer.org, principal, lead, offers) ? leadForRecipient(lead, principal, viewer.context) : null;
}

export function visibleHistory(viewer: Viewer, principal: Principal, lead: Lead, history: readonly FeedHistoryEntry[]): FeedHistoryEntry[] {
  return historyForRecipient(history as Parameters<typeof historyForRecipient>[0], lead, principal, viewer.context);
}

/**
 * A lead's history as `principal` may see it, from its JSON snapshot to JSON text. When
 * nothing is withheld from them (the common case) the stored text goes out as it is, with
 * no parse and no stringify; otherwise the entries are scrubbed as for any other reader.
 */
export function visibleHistoryText(viewer: Viewer, principal: Principal, lead: Lead, history: string | undefined): string {
  if (history === undefined) return '[]';
  if (lead.withheld.length === 0 || seesWithheld(lead, principal, viewer.context)) return history;
  return JSON.stringify(visibleHistory(viewer, principal, lead, JSON.parse(history) as FeedHistoryEntry[]));
}

/** The lead as `principal` may see it now, or null when it is not theirs to see. */
export function viewFor(app: FastifyInstance, principal: Extract<Principal, { kind: 'user' }>, leadId: string): Lead | null {
  const lead = app.lifecycle.lead(leadId);
  return lead ? visibleLead(viewerOf(app, principal), principal, lead, app.lifecycle.offersOf(leadId)) : null;
}
