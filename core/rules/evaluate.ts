import type { Lead } from '../lead/lead.ts';
import type { CompiledRuleSet, PlanIndex } from './compile.ts';
import { createSession, finish, type EvaluationResult, type Session, type SessionOptions } from './session.ts';

export type { EvaluationResult, FieldChange, Hop, RoutingDecision, RuleError, TraceEntry, ActionRecord } from './session.ts';
export type { MatchedCondition } from './predicate.ts';
export { RoundRobinState, type RoundRobinSnapshot } from './round-robin.ts';

export interface EvaluationContext extends SessionOptions {
  /** The boxes the lead passes, from the system root down; their rules run in this order. */
  boxPath?: readonly string[];
}

/** Runs the rules of one scope (global, or a box's) for the session's current event. */
export function runScope(s: Session, plans: PlanIndex | undefined): void {
  plans?.get(s.event)?.run(s);
}

/** Runs the rules of one box for the session's current event. */
export function runBox(s: Session, compiled: CompiledRuleSet, boxId: string): void {
  compiled.plan.boxes.get(s.event)?.get(boxId)?.run(s);
}

/**
 * One pass: global rules, then the rules of each box on `boxPath`, top down. A routeToBox
 * decision is reported, not followed; `routeLead` (route.ts) follows it down the tree.
 * Pure: the lead and the context are not mutated, and the same inputs give the same result.
 */
export function evaluate(compiled: CompiledRuleSet, lead: Lead, context: EvaluationContext): EvaluationResult {
  const s = createSession(lead, context, compiled.layout);
  runScope(s, compiled.plan.global);
  const visited = [...(context.boxPath ?? [])];
  for (const boxId of visited) runBox(s, compiled, boxId);
  return finish(s, compiled.layout, visited);
}
