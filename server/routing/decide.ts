import type { Lead } from '../../core/lead/lead.ts';
import { evaluate, RoundRobinState, routeLead, type RoundRobinSnapshot, type RuleEvent, type RouteResult } from '../../core/rules/index.ts';
import type { Org } from '../org/org.ts';

/**
 * One routing decision for a lead: the rules engine's walk down the box tree, with round
 * robin restricted to members who can take a lead now (not away, under capacity, not
 * excluded) while the rotation stays fair across restarts.
 */
export interface Decision extends Omit<RouteResult, 'boxId'> {
  /** The box the lead ends in; null while no box exists. */
  boxId: string | null;
  /** The rotation after this decision, to store (only the deciding pass's round robin counts). */
  roundRobinState: RoundRobinSnapshot;
}

export interface DecideInput {
  org: Org;
  lead: Lead;
  event: RuleEvent;
  now: number;
  performed: readonly string[];
  isEligible: (userId: string) => boolean;
}

/**
 * For each class, the member the rotation reaches first (after the previous recipient) who
 * can take a lead now. The engine, given no state, picks the first of the list, which is
 * then the fair next member even when the previous recipient is away or full. Only the
 * first eligible member is looked for, so a pass checks about one user per class.
 */
function eligibleRotation(org: Org, isEligible: (userId: string) => boolean): Record<string, string[]> {
  const last = org.classes.rotation();
  const out: Record<string, string[]> = {};
  for (const [classId, members] of Object.entries(org.classes.members())) {
    const start = members.indexOf(last[classId] ?? '') + 1;
    const next = [...members.slice(start), ...members.slice(0, start)].find(isEligible);
    out[classId] = next === undefined ? [] : [next];
  }
  return out;
}

function pass(input: DecideInput, lead: Lead, event: RuleEvent): Decision {
  const tree = input.org.boxes.tree();
  const roundRobin = new RoundRobinState();
  const context = {
    event,
    now: input.now,
    userClasses: eligibleRotation(input.org, input.isEligible),
    roundRobin,
    alreadyPerformed: input.performed,
  };
  if (!tree) return { ...evaluate(input.org.rules.compiled(), lead, context), roundRobinState: roundRobin.snapshot() };
  const routed = routeLead(tree, input.org.rules.compiled(), lead, { ...context, boxPath: [tree.rootId], boxLoad: input.org.boxes.load() });
  return { ...routed, roundRobinState: roundRobin.snapshot() };
}

/**
 * A new lead runs the `arrived` rules. A lead routed again (offer timed out, rejected,
 * incubation ended) first runs the rules for that event; when none of them decides where it
 * goes, the `arrived` rules pick the recipient again — only their routing counts then, not
 * their field changes or an incubation, so a score is not added twice and a reactivated
 * lead is not put straight back to sleep.
 */
export function decide(input: DecideInput): Decision {
  const first = pass(input, input.lead, input.event);
  if (input.event === 'arrived' || first.routing !== null || first.incubateUntil !== null) return first;
  const again = pass({ ...input, performed: [...input.performed, ...first.performed] }, first.lead, 'arrived');
  return {
    ...first,
    boxId: again.boxId,
    visited: again.visited,
    hops: again.hops,
    loop: again.loop,
    routing: again.routing,
    withheld: [...new Set([...first.withheld, ...again.withheld])],
    offerTimeout: again.offerTimeout ?? first.offerTimeout,
    overflow: again.overflow ?? first.overflow,
    performed: [...first.performed, ...again.performed],
    roundRobinState: again.roundRobinState,
    trace: [...first.trace, ...again.trace],
    errors: [...first.errors, ...again.errors],
    collateral: [...first.collateral, ...again.collateral],
    notifications: [...first.notifications, ...again.notifications],
  };
}
