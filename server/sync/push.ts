import type { FastifyInstance } from 'fastify';
import { LeadAction } from '../../core/lead/lifecycle.ts';
import { rejectionOf } from '../../core/sync/merge.ts';
import type { Mutation, MutationResult, PushRequest, PushResponse, Rejection } from '../../core/sync/protocol.ts';
import { HttpError } from '../http/errors.ts';
import { leadRows } from '../store/lead-rows.ts';
import type { Principal } from '../org/auth.ts';
import { syncRows, type StoredMutation } from './sync-rows.ts';
import { viewFor } from './viewer.ts';

type UserPrincipal = Extract<Principal, { kind: 'user' }>;
type Step = { stored: StoredMutation; replayed: boolean } | { refused: NonNullable<PushResponse['refused']> };

const LEAD_ACTION_KINDS = new Set<string>(LeadAction.options.map((option) => option.shape.type.value));

/**
 * Applies a pushed batch in order, each mutation in its own write transaction together
 * with its bookkeeping (client_sequences, sync_mutations): a crash between two mutations
 * leaves the first applied and recorded, the second neither. A seq already applied is
 * answered from the record; a gap or a reused seq stops the batch there.
 */
export function createPushHandler(app: FastifyInstance, now: () => number) {
  const rows = syncRows(app.store.db);
  const leads = leadRows(app.store.db);

  /**
   * A change that lost a race (someone else accepted first, the offer went away, and what
   * the loser did to the lead after that) stays on record in the lead's history, not only on
   * the losing workstation: whoever holds the lead now sees what was tried and why it did
   * not count.
   */
  function recordLoss(principal: UserPrincipal, mutation: Mutation, leadId: string, rejection: Rejection): void {
    // Only on leads the person once had: a push naming any other lead leaves no trace on it.
    if (rejection.code === 'invalid' || !app.lifecycle.offersOf(leadId).some((offer) => offer.userId === principal.userId)) return;
    const who = app.org.users.nameOf(principal.userId);
    leads.appendHistory([{
      id: `sync-${mutation.clientId}-${mutation.seq}`, leadId, at: now(), actor: principal.userId, kind: 'sync',
      summary: `${who}'s ${mutation.kind} from a workstation was not applied`, reason: rejection.message,
      data: { mutationId: mutation.mutationId, kind: mutation.kind, code: rejection.code },
    }]);
  }

  function apply(principal: UserPrincipal, mutation: Mutation): { status: 'applied' | 'rejected'; rejection: Rejection | null; leadId: string | null } {
    if (!LEAD_ACTION_KINDS.has(mutation.kind)) {
      return { status: 'rejected', rejection: { code: 'unsupported', message: `the server does not take "${mutation.kind}" changes from workstations yet`, field: 'kind' }, leadId: null };
    }
    const parsed = LeadAction.safeParse({ ...mutation.payload, type: mutation.kind });
    const leadId = typeof mutation.payload.leadId === 'string' ? mutation.payload.leadId : null;
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const field = issue?.path.map(String).join('.') || 'payload';
      return { status: 'rejected', rejection: { code: 'invalid', message: `${field}: ${issue?.message ?? 'invalid value'}`, field }, leadId };
    }
    try {
      app.lifecycle.act(parsed.data.leadId, principal.userId, parsed.data);
      return { status: 'applied', rejection: null, leadId: parsed.data.leadId };
    } catch (error) {
      if (!(error instanceof HttpError) || error.statusCode >= 500) throw error;
      const rejection = rejectionOf(error);
      recordLoss(principal, mutation, parsed.data.leadId, rejection);
      return { status: 'rejected', rejection, leadId: parsed.data.leadId };
    }
  }

  function answer(principal: UserPrincipal, stored: StoredMutation, replayed: boolean): MutationResult {
    return {
      seq: stored.seq, mutationId: stored.mutationId, status: stored.status, replayed, rejection: stored.rejection,
      leadId: stored.leadId, lead: stored.leadId ? viewFor(app, principal, stored.leadId) : null,
    };
  }

  return function push(principal: UserPrincipal, request: PushRequest): PushResponse {
    const { db } = app.store;
    const results: MutationResult[] = [];
    for (const mutation of request.mutations) {
      const step = db.transaction((): Step => {
        const client = rows.client(request.clientId);
        if (client && client.userId !== principal.userId) {
          throw new HttpError(403, 'forbidden', 'this clientId is registered to another user; a workstation gets a new clientId when another person signs in', 'clientId');
        }
        const last = client?.lastSeq ?? 0;
        if (mutation.seq <= last) {
          const stored = rows.mutation(request.clientId, mutation.seq);
          if (!stored || stored.mutationId !== mutation.mutationId) {
            return { refused: { reason: 'mismatch', seq: mutation.seq, expectedSeq: last + 1, message: `seq ${mutation.seq} was already used by another mutation of this client` } };
          }
          return { stored, replayed: true };
        }
        if (mutation.seq > last + 1) {
          return { refused: { reason: 'gap', seq: mutation.seq, expectedSeq: last + 1, message: `expected seq ${last + 1}, got ${mutation.seq}: mutations must arrive without gaps` } };
        }
        const outcome = apply(principal, mutation);
        const stored: StoredMutation = { seq: mutation.seq, mutationId: mutation.mutationId, kind: mutation.kind, ...outcome };
        rows.record(request.clientId, principal.userId, stored, now());
        return { stored, replayed: false };
      }).immediate();
      if ('refused' in step) return { results, lastAppliedSeq: rows.client(request.clientId)?.lastSeq ?? 0, refused: step.refused };
      results.push(answer(principal, step.stored, step.replayed));
    }
    return { results, lastAppliedSeq: rows.client(request.clientId)?.lastSeq ?? 0, refused: null };
  };
}
