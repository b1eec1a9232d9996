import type { Lead } from '../lead/lead.ts';
import type { FeedHistoryEntry, FeedItem, Mutation, Rejection, RejectionCode } from './protocol.ts';

/**
 * The decisions of sync that need no I/O: how a queued change becomes a mutation, how a
 * server failure becomes a rejection, what a pulled page does to the local store, and how
 * long to wait before trying again.
 */

/** A queued local change, as the outbox holds it. */
export interface QueuedChange {
  seq: number;
  id: string;
  kind: string;
  action: object;
}

export function toMutation(change: QueuedChange, clientId: string): Mutation {
  return { clientId, seq: change.seq, mutationId: change.id, kind: change.kind, payload: { ...change.action } };
}

const CODE_BY_STATUS: Record<number, RejectionCode> = { 400: 'invalid', 403: 'forbidden', 404: 'not_found', 409: 'conflict' };

/** A refusal by the server's lifecycle (an HTTP-style error) as the rejection the rep will read. */
export function rejectionOf(error: { statusCode: number; message: string; field?: string | undefined }): Rejection {
  return { code: CODE_BY_STATUS[error.statusCode] ?? 'invalid', message: error.message, field: error.field ?? null };
}

export interface FeedPlan {
  /** Leads to write as the server has them (replacing their local history and notes). */
  upsert: Array<{ lead: Lead; history: FeedHistoryEntry[] }>;
  /** Leads no longer this user's: removed from the local box. */
  remove: Array<{ leadId: string; reason: string }>;
  /**
   * Leads with local changes still waiting to be pushed: left as they are. Their push
   * either changes the lead on the server (so it comes round again in the feed) or is
   * rejected (and the rejection carries the server's copy), so nothing is lost by waiting.
   */
  deferred: string[];
}

/** Later items win: a page may carry one lead twice when it changed twice. */
export function planFeed(items: readonly FeedItem[], pendingLeadIds: ReadonlySet<string>): FeedPlan {
  const last = new Map<string, FeedItem>();
  for (const item of items) {
    const id = item.type === 'lead' ? item.lead.id : item.leadId;
    last.delete(id);
    last.set(id, item);
  }
  const plan: FeedPlan = { upsert: [], remove: [], deferred: [] };
  for (const [id, item] of last) {
    if (pendingLeadIds.has(id)) plan.deferred.push(id);
    else if (item.type === 'lead') plan.upsert.push({ lead: item.lead, history: item.history });
    else plan.remove.push({ leadId: id, reason: item.reason });
  }
  return plan;
}

export interface BackoffPolicy {
  baseMs: number;
  maxMs: number;
}

export const DEFAULT_BACKOFF: BackoffPolicy = { baseMs: 500, maxMs: 60_000 };

/** "Full jitter" exponential backoff: a random wait up to base·2^attempt, capped; `random` in [0, 1). */
export function backoffDelay(attempt: number, random: number, policy: BackoffPolicy = DEFAULT_BACKOFF): number {
  const ceiling = Math.min(policy.maxMs, policy.baseMs * 2 ** Math.min(Math.max(attempt, 0), 30));
  return Math.round(policy.baseMs / 2 + random * Math.max(0, ceiling - policy.baseMs / 2));
}
