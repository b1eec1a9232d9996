import type { Lead, WithholdableField } from '../lead/lead.ts';
import type { Calculation, Rule, RuleAction, RuleEvent, Scalar } from './model.ts';
import type { Explain, MatchedCondition, Pred } from './predicate.ts';
import { nextInRotation, type RoundRobinState } from './round-robin.ts';

/**
 * The mutable state of one evaluation, and the loop that runs compiled rules against it.
 * Everything here is internal: callers see the plain EvaluationResult that `finish` builds.
 */

export type ScopeKey = string; // 'global' or a box id
export const GLOBAL: ScopeKey = 'global';

export interface RuleRef {
  ruleId: string;
  ruleName: string;
  scope: ScopeKey;
}

export type RoutingIntent =
  | { kind: 'box'; boxId: string }
  | { kind: 'user'; userId: string }
  | { kind: 'roundRobin'; classId: string }
  | { kind: 'upForGrabs'; users: string[]; servers: string[] }
  | { kind: 'partner'; partnerId: string };

export type RoutingDecision =
  | ({ kind: 'box'; boxId: string } & RuleRef)
  | ({ kind: 'user'; userId: string; classId?: string } & RuleRef)
  | ({ kind: 'upForGrabs'; users: string[]; servers: string[] } & RuleRef)
  | ({ kind: 'partner'; partnerId: string } & RuleRef);

export interface FieldChange extends RuleRef {
  value: Scalar;
}

export interface ActionRecord {
  action: RuleAction;
  /** The value the action resolved to at run time (e.g. the score after `add`). */
  value?: unknown;
  skipped?: 'alreadyPerformed';
}

export interface TraceEntry extends RuleRef {
  /** The event the rule answered (`arrived` for boxes entered by routing). */
  event: RuleEvent;
  matched: MatchedCondition[];
  calculations: Array<{ calculation: Calculation; value: unknown }>;
  actions: ActionRecord[];
  /** Set when the rule failed at run time; its effects were rolled back. */
  error?: string;
}

export interface RuleError extends RuleRef {
  phase: 'compile' | 'run' | 'route';
  /** Path inside the rule when known: `conditions.all[0].pattern`. */
  path?: string;
  message: string;
}

export interface EvaluationResult {
  /** The lead with the field changes applied (the input lead is never mutated). */
  lead: Lead;
  /** Final value of every field a rule set, with the rule that won. */
  changes: Record<string, FieldChange>;
  derived: Record<string, unknown>;
  routing: RoutingDecision | null;
  collateral: Array<{ ref: string } & RuleRef>;
  notifications: Array<{ channel: string; template: string; to: string | null; key: string } & RuleRef>;
  withheld: WithholdableField[];
  offerTimeout: ({ ms: number; onTimeout: 'reroute' | 'returnToBox' | 'escalate' } & RuleRef) | null;
  incubateUntil: ({ at: number } & RuleRef) | null;
  overflow: { reason: string; boxId: string | null; ruleId: string | null; ruleName: string | null } | null;
  /** Idempotency keys performed by this evaluation; store them with the lead. */
  performed: string[];
  roundRobinState: RoundRobinState;
  /** Rules that fired, in order. Empty when tracing is off. */
  trace: TraceEntry[];
  errors: RuleError[];
}

/** Thrown by a compiled rule when the lead's data makes an action impossible. */
export class RuleRuntimeError extends Error {
  override name = 'RuleRuntimeError';
}

export interface Target {
  path: string;
  derived: boolean;
  get: (lead: Lead, derived: Record<string, unknown>) => unknown;
  set: (s: Session, value: unknown) => void;
  /** Checks (and normalises) a value computed at run time; throws RuleRuntimeError. */
  coerce: (value: unknown) => unknown;
}

export interface CompiledCalculation {
  source: Calculation;
  run: (s: Session) => unknown;
}

export interface CompiledAction {
  source: RuleAction;
  /** May throw; has no side effects. Absent when the action needs nothing from the lead. */
  resolve: ((s: Session) => unknown) | null;
  /** Never throws; answers a skip reason when an idempotent action was already performed. */
  apply: (s: Session, resolved: unknown) => 'alreadyPerformed' | undefined;
}

export interface CompiledRule extends RuleRef {
  source: Rule;
  test: Pred;
  explain: Explain;
  calculations: CompiledCalculation[];
  actions: CompiledAction[];
  /** Set when the rule could not compile: it never runs and is reported instead. */
  broken: RuleError | null;
}

export interface SessionOptions {
  event: RuleEvent;
  now: number;
  roundRobinState?: RoundRobinState;
  userClasses?: Readonly<Record<string, readonly string[]>>;
  alreadyPerformed?: readonly string[];
  /** Record which rules fired and why (default true). */
  trace?: boolean;
}

export interface Session {
  lead: Lead;
  /** Which parts of `lead` are already private copies (copy-on-write). */
  owned: Set<string>;
  derived: Record<string, unknown>;
  now: number;
  event: RuleEvent;
  rule: CompiledRule;
  changeValues: Map<string, Scalar>;
  changeRules: Map<string, CompiledRule>;
  routing: RoutingIntent | null;
  routingRule: CompiledRule | null;
  routingSeq: number;
  collateral: EvaluationResult['collateral'];
  notifications: EvaluationResult['notifications'];
  withheld: Set<WithholdableField>;
  offerTimeout: EvaluationResult['offerTimeout'];
  incubateUntil: EvaluationResult['incubateUntil'];
  overflow: EvaluationResult['overflow'];
  performed: Set<string>;
  newKeys: string[];
  roundRobinState: RoundRobinState;
  userClasses: Readonly<Record<string, readonly string[]>>;
  trace: TraceEntry[] | null;
  errors: RuleError[];
  /** Flat undo log of the running rule: target, previous value, previous winner. */
  undo: unknown[];
  resolved: unknown[];
}

const NO_RULE = null as unknown as CompiledRule;

export function createSession(lead: Lead, options: SessionOptions): Session {
  return {
    lead,
    owned: new Set(),
    derived: {},
    now: options.now,
    event: options.event,
    rule: NO_RULE,
    changeValues: new Map(),
    changeRules: new Map(),
    routing: null,
    routingRule: null,
    routingSeq: 0,
    collateral: [],
    notifications: [],
    withheld: new Set(),
    offerTimeout: null,
    incubateUntil: null,
    overflow: null,
    performed: new Set(options.alreadyPerformed),
    newKeys: [],
    roundRobinState: options.roundRobinState ?? {},
    userClasses: options.userClasses ?? {},
    trace: options.trace === false ? null : [],
    errors: [],
    undo: [],
    resolved: [],
  };
}

export const refOf = (r: RuleRef): RuleRef => ({ ruleId: r.ruleId, ruleName: r.ruleName, scope: r.scope });

/** Writes a field or derived value; logs the previous state so a failing rule can be undone. */
export function write(s: Session, target: Target, value: unknown): void {
  s.undo.push(target, target.get(s.lead, s.derived), s.changeRules.get(target.path));
  target.set(s, value);
  if (target.derived) return;
  s.changeValues.set(target.path, value as Scalar);
  s.changeRules.set(target.path, s.rule);
}

function rollback(s: Session): void {
  for (let i = s.undo.length - 3; i >= 0; i -= 3) {
    const target = s.undo[i] as Target;
    target.set(s, s.undo[i + 1]);
    if (target.derived) continue;
    const previous = s.undo[i + 2] as CompiledRule | undefined;
    if (previous) {
      s.changeValues.set(target.path, s.undo[i + 1] as Scalar);
      s.changeRules.set(target.path, previous);
    } else {
      s.changeValues.delete(target.path);
      s.changeRules.delete(target.path);
    }
  }
}

function runRule(s: Session, r: CompiledRule): void {
  s.rule = r;
  s.undo.length = 0;
  let entry: TraceEntry | null = null;
  if (s.trace) {
    const matched: MatchedCondition[] = [];
    r.explain(s.lead, s.derived, s.now, matched);
    entry = { ...refOf(r), event: s.event, matched, calculations: [], actions: [] };
  }
  try {
    for (const calc of r.calculations) {
      const value = calc.run(s);
      entry?.calculations.push({ calculation: calc.source, value });
    }
    const actions = r.actions;
    for (let i = 0; i < actions.length; i++) s.resolved[i] = actions[i]!.resolve?.(s);
    for (let i = 0; i < actions.length; i++) {
      const value = s.resolved[i];
      const skipped = actions[i]!.apply(s, value);
      if (entry) entry.actions.push(skipped ? { action: actions[i]!.source, value, skipped } : { action: actions[i]!.source, value });
    }
  } catch (error) {
    rollback(s);
    const message = error instanceof Error ? error.message : String(error);
    s.errors.push({ ...refOf(r), phase: 'run', message });
    if (entry) {
      entry.error = message;
      entry.calculations.length = 0;
      entry.actions.length = 0;
    }
  }
  if (entry) s.trace!.push(entry);
}

/** Runs one scope's rules for the session's event, in their compiled order. */
export function runRules(s: Session, rules: readonly CompiledRule[] | undefined): void {
  if (!rules) return;
  for (let i = 0; i < rules.length; i++) {
    const r = rules[i]!;
    if (r.broken) s.errors.push(r.broken);
    else if (r.test(s.lead, s.derived, s.now)) runRule(s, r);
  }
}

export function setRouting(s: Session, intent: RoutingIntent): void {
  s.routing = intent;
  s.routingRule = s.rule;
  s.routingSeq++;
}

function decide(s: Session): Pick<EvaluationResult, 'routing' | 'roundRobinState' | 'errors'> {
  const intent = s.routing;
  const rule = s.routingRule;
  if (!intent || !rule) return { routing: null, roundRobinState: s.roundRobinState, errors: s.errors };
  const ref = refOf(rule);
  if (intent.kind !== 'roundRobin') return { routing: { ...intent, ...ref }, roundRobinState: s.roundRobinState, errors: s.errors };
  // The user is picked only for the decision that stands, so overridden rotations stay fair.
  const members = s.userClasses[intent.classId] ?? [];
  const userId = nextInRotation(members, s.roundRobinState[intent.classId] ?? null);
  if (userId === null) {
    return { routing: null, roundRobinState: s.roundRobinState, errors: [...s.errors, { ...ref, phase: 'run', message: `user class "${intent.classId}" has no members` }] };
  }
  return {
    routing: { kind: 'user', userId, classId: intent.classId, ...ref },
    roundRobinState: { ...s.roundRobinState, [intent.classId]: userId },
    errors: s.errors,
  };
}

export function finish(s: Session): EvaluationResult {
  const changes: Record<string, FieldChange> = {};
  for (const [path, value] of s.changeValues) changes[path] = { value, ...refOf(s.changeRules.get(path)!) };
  return {
    lead: s.lead,
    changes,
    derived: s.derived,
    ...decide(s),
    collateral: s.collateral,
    notifications: s.notifications,
    withheld: [...s.withheld],
    offerTimeout: s.offerTimeout,
    incubateUntil: s.incubateUntil,
    overflow: s.overflow,
    performed: s.newKeys,
    trace: s.trace ?? [],
  };
}
