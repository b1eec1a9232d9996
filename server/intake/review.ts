import type Database from 'better-sqlite3';
import type { HistoryEntry } from '../../core/lead/lead.ts';
import { mergeLead } from '../../core/quality/merge.ts';
import { HttpError } from '../http/errors.ts';
import type { IntakeService } from './intake-service.ts';
import { profileOfLead } from './lead-index.ts';

/**
 * Resolving a lead held for review as a possible duplicate (docs/intake.md). Until then the
 * lead is stored but not routed. Either it is a new lead after all — it is routed now — or it
 * is one of the candidates: it is merged into that lead exactly as intake merges a sure
 * duplicate (the kept lead wins conflicts, the held lead's values and history move over, its
 * intake records point at the kept lead) and the held lead is removed.
 */
export type ReviewDecision = { decision: 'new' } | { decision: 'merge'; into: string };

export type ReviewOutcome = { decision: 'new'; leadId: string } | { decision: 'merge'; leadId: string; mergedFrom: string };

export interface ReviewResolverOptions {
  db: Database.Database;
  service: IntakeService;
  now: () => number;
  newId: () => string;
  defaultCountry?: string | null;
  /** Routes a lead kept as new, after the commit. */
  onLeadStored: (leadId: string) => void;
}

export function createReviewResolver(options: ReviewResolverOptions) {
  const { db, service, now, newId } = options;
  const removeLead = db.prepare('DELETE FROM leads WHERE id = ?');

  const run = db.transaction((reviewId: string, decision: ReviewDecision, actor: string): ReviewOutcome => {
    const review = service.store.review(reviewId);
    if (!review) throw new HttpError(404, 'not_found', `no review with id "${reviewId}"`, 'id');
    if (review.resolvedAt !== null) throw new HttpError(409, 'conflict', `this review was already resolved (${review.resolution})`, 'id');
    const held = service.leads.get(review.leadId);
    if (!held) throw new HttpError(404, 'not_found', `the lead held for review ("${review.leadId}") no longer exists`, 'id');
    const at = now();

    if (decision.decision === 'new') {
      service.store.markResolved(reviewId, at, 'new');
      const note: HistoryEntry = {
        id: newId(), leadId: held.id, at, actor, kind: 'note',
        summary: 'Reviewed: not a duplicate, routed as a new lead', reason: `possible duplicate of ${review.candidates.map((c) => c.id).join(', ')}`,
        data: { event: 'reviewed', decision: 'new' },
      };
      service.leads.appendHistory([note]);
      return { decision: 'new', leadId: held.id };
    }

    const candidate = review.candidates.find((c) => c.id === decision.into);
    if (!candidate) throw new HttpError(400, 'invalid_input', `must be one of the review's candidates: ${review.candidates.map((c) => c.id).join(', ')}`, 'into');
    const kept = service.leads.get(candidate.id);
    if (!kept) throw new HttpError(409, 'conflict', `the candidate lead "${candidate.id}" no longer exists; resolve as new instead`, 'into');
    const history = service.leads.history(held.id);
    const merged = mergeLead(kept, held, {
      now: at, actor, newId: newId(), defaultCountry: options.defaultCountry, incomingHistory: history, matchedOn: candidate.reasons.map((r) => r.field),
    });
    service.store.moveLinks(held.id, kept.id);
    // The held lead goes with its history rows and its review row; its history is re-added under the kept lead.
    removeLead.run(held.id);
    service.leads.save(merged.lead);
    service.leads.appendHistory(merged.history);
    return { decision: 'merge', leadId: kept.id, mergedFrom: held.id };
  });

  return function resolve(reviewId: string, decision: ReviewDecision, actor: string): ReviewOutcome {
    const outcome = run(reviewId, decision, actor);
    if (outcome.decision === 'new') {
      options.onLeadStored(outcome.leadId);
    } else {
      service.index.remove(outcome.mergedFrom);
      service.index.addProfile(profileOfLead(service.leads.get(outcome.leadId)!));
    }
    return outcome;
  };
}
