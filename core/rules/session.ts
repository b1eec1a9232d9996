import type { Lead, WithholdableField } from '../lead/lead.ts';
import type { Accessor, Derived } from './fields.ts';
import type { Calculation, Rule, RuleAction, RuleEvent, Scalar } from './model.ts';
import type { Step } from './plan.ts';
import { explainForm, Matches, type ExplainForm, type MatchedCondition, type Pred, type SingleField } from './predicate.ts';
import type { ChangeRecorder, DerivedRecord } from './records.ts';
import { RoundRobinState } from './round-robin.ts';

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

export interface Hop {
  from: string;
  to: string;
  ruleId: string;
  ruleName: string;
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
  /** Rules that fired, in order. Empty when tracing is off. */
  trace: TraceEntry[];
  errors: RuleError[];
  /** The box the lead ends up in: set by routeLead (route.ts), which follows box routing; null from a single pass. */
  boxId: string | null;
  /** Boxes whose rules ran, in order. */
  visited: string[];
  /** Box-to-box moves routeLead followed. */
  hops: Hop[];
  loop: { boxId: string; reason: 'revisit' | 'maxHops' } | null;
}

/** Thrown by a compiled rule when the lead's data makes an action impossible. */
export class RuleRuntimeError extends Error {
  override name = 'RuleRuntimeError';
}

export interface Target {
  path: string;
  /** The change-log slot of a lead field (fields.ts changeSlot); -1 for a derived value, which is not a change. */
  slot: number;
  /** Stores this field's entry in a result's `changes` (records.ts). */
  record: ChangeRecorder;
  get: (lead: Lead, derived: Derived) => unknown;
  set: (s: Session, value: unknown) => void;
  /** Checks (and normalises) a value computed at run time; throws RuleRuntimeError. */
  coerce: (value: unknown) => unknown;
}

export interface CompiledCalculation {
  source: Calculation;
  run: (s: Session) => unknown;
  /** What `run` does, as data, so plan-code.ts can emit it inline with the same effect. */
  form: CalculationForm;
}

export type CalculationForm =
  | { kind: 'lookup'; get: Accessor; map: ReadonlyMap<unknown, Scalar>; caseSensitive: boolean; fallback: Scalar | undefined; target: Target }
  | {
      kind: 'weightedSum';
      terms: ReadonlyArray<{ get: Accessor; weight: number; default: number | undefined }>;
      base: number;
      min: number;
      max: number;
      fallback: number | undefined;
      target: Target;
      /** Throws the calculation's error for a sum that is not a finite number. */
      notFinite: () => never;
    };

export interface CompiledAction {
  source: RuleAction;
  /** May throw; has no side effects. Absent when the action needs nothing from the lead. */
  resolve: ((s: Session) => unknown) | null;
  /** Never throws; answers a skip reason when an idempotent action was already performed. */
  apply: (s: Session, resolved: unknown) => 'alreadyPerformed' | undefined;
  /** The trace record of the action done without a value: the same frozen object for every lead. */
  done: ActionRecord;
  /** Set when `resolve` always answers this value and never throws (a literal to set). */
  literal: { value: unknown } | null;
  /** The trace record of the action done, when it is the same for every lead (`done`, or the literal's): frozen and shared. */
  record: ActionRecord | null;
  /** Whether `apply` may answer a skip (idempotent actions). */
  skips: boolean;
  /**
   * Set when `apply` is exactly `write(s, target, resolved)` (returns nothing) or
   * `setRouting(s, intent)`: plan-code.ts then emits it inline.
   */
  form: { kind: 'write'; target: Target } | { kind: 'route'; intent: RoutingIntent } | null;
}

export interface CompiledRule extends RuleRef {
  source: Rule;
  test: Pred;
  /** The condition's structure, from which its matched conditions are recorded (predicate.ts explainForm, explain-code.ts). */
  form: ExplainForm;
  /** Set when the condition tests one field's value alone (plan.ts may share it in a table). */
  single: SingleField | null;
  /** Set when the condition tests one field's value alone, by any operator but relative dates. */
  byValue: SingleField | null;
  calculations: CompiledCalculation[];
  actions: CompiledAction[];
  /** Set when the rule could not compile: it never runs and is reported instead. */
  broken: RuleError | null;
}

export interface SessionOptions {
  event: RuleEvent;
  now: number;
  /**
   * The caller's rotation, advanced in place when the standing decision is a round robin
   * (`routing.classId` says which class). Absent: the rotation starts afresh and is dropped.
   */
  roundRobin?: RoundRobinState;
  userClasses?: Readonly<Record<string, readonly string[]>>;
  alreadyPerformed?: readonly string[];
  /** Record which rules fired and why (default true). */
  trace?: boolean;
}

export const OWN_TOP = 1;
export const OWN_GROUP = { contact: 2, interest: 4, custom: 8 } as const;

export interface Session {
  lead: Lead;
  /** Bits (OWN_*) for the parts of `lead` that are already private copies (copy-on-write). */
  owned: number;
  /** Derived values by slot (the shared DERIVED); the layout's `derivedRecord` names them. */
  derived: Derived;
  now: number;
  event: RuleEvent;
  rule: CompiledRule;
  /** Entries in the change log (CHANGED), which `finish` builds the result's `changes` from. */
  changedCount: number;
  routing: RoutingIntent | null;
  routingRule: CompiledRule | null;
  routingSeq: number;
  collateral: EvaluationResult['collateral'];
  notifications: EvaluationResult['notifications'];
  withheld: WithholdableField[];
  offerTimeout: EvaluationResult['offerTimeout'];
  incubateUntil: EvaluationResult['incubateUntil'];
  overflow: EvaluationResult['overflow'];
  alreadyPerformed: readonly string[];
  newKeys: string[];
  roundRobin: RoundRobinState | null;
  userClasses: Readonly<Record<string, readonly string[]>>;
  /** The class `membersOf` answered last in this evaluation, and its members. */
  classId: string | null;
  members: readonly string[] | undefined;
  trace: TraceEntry[] | null;
  errors: RuleError[];
  /** The running rule's entries in the undo log (UNDO). */
  undoTop: number;
}

const NO_RULE = null as unknown as CompiledRule;
// Defaults for options the engine only reads: shared, so a call that omits them allocates nothing.
const NO_KEYS: readonly string[] = Object.freeze([]);
const NO_CLASSES: Readonly<Record<string, readonly string[]>> = Object.freeze({});
/**
 * The list every result list starts as: most leads add to few of them. Frozen, so a caller
 * holding one result cannot fill it for everyone; `added` gives a list its own array on first use.
 */
const NONE = Object.freeze([]) as unknown as never[];

/** The shared empty list that `added` replaces on first use. */
export const empty = <T>(): T[] => NONE;

export function added<T>(list: T[], item: T): T[] {
  if (list === NONE) return [item];
  list.push(item);
  return list;
}

// Scratch space of the evaluation and of the rule that is running. Evaluation is synchronous and
// never re-entered, so every session shares them (no lead pays for allocating them, nor for a
// field per array in its session), and generated plans take them as constants.
/** Flat undo log of the running rule: target, previous value, previous change, up to `undoTop`. */
export const UNDO: unknown[] = [];
const RESOLVED: unknown[] = [];
/** Derived values by slot: the result gets them as a record, so the slots can be shared too. */
const DERIVED: Derived = [];
/**
 * The change log: the fields set so far in first-set order (`CHANGED[0..changedCount)`), and the
 * rule that last set each, by slot (null when unset). Their current values are the lead's.
 */
export const CHANGED: Target[] = [];
export const WINNER: Array<CompiledRule | null> = [];
export const MATCHED = new Matches();

function rotation(state: RoundRobinState | undefined): RoundRobinState | null {
  if (state === undefined) return null;
  if (!(state instanceof RoundRobinState)) throw new Error('roundRobin: must be a RoundRobinState (new RoundRobinState(snapshot))');
  return state;
}

/** Members of a class; only the caller's own keys count (a class id is user text). */
export function membersOf(s: Session, classId: string): readonly string[] | undefined {
  // A round robin asks twice (when its rule runs, and in `decide`): the last answer is kept.
  if (classId === s.classId) return s.members;
  const members = Object.hasOwn(s.userClasses, classId) ? s.userClasses[classId] : undefined;
  s.classId = classId;
  s.members = members;
  return members;
}

/** What a session needs to know of its compiled set. */
export interface SessionLayout {
  /** Derived value slots. */
  derivedSlots: number;
  derivedRecord: DerivedRecord;
  /** Change-log slots (fields.ts changeSlot). */
  changeSlots: number;
}

/** The previous evaluation's session: the next clears the slots its change log set in WINNER, however it ended. */
let previous: Session | null = null;

/**
 * A session per evaluation, in new space: the engine writes fresh objects (the changed lead,
 * trace entries, decisions) into it all the time, and stores of new objects into a long-lived
 * object each go through V8's write barrier, which measured slower than allocating the session.
 * The scratch arrays above stay shared; they mostly hold compiled, long-lived objects.
 */
export function createSession(lead: Lead, options: SessionOptions, layout: SessionLayout): Session {
  if (previous !== null) for (let i = 0; i < previous.changedCount; i++) WINNER[CHANGED[i]!.slot] = null;
  while (WINNER.length < layout.changeSlots) WINNER.push(null);
  for (let i = 0; i < layout.derivedSlots; i++) DERIVED[i] = undefined;
  previous = {
    lead,
    owned: 0,
    derived: DERIVED,
    now: options.now,
    event: options.event,
    rule: NO_RULE,
    changedCount: 0,
    routing: null,
    routingRule: null,
    routingSeq: 0,
    collateral: NONE,
    notifications: NONE,
    withheld: NONE,
    offerTimeout: null,
    incubateUntil: null,
    overflow: null,
    alreadyPerformed: options.alreadyPerformed ?? NO_KEYS,
    newKeys: NONE,
    roundRobin: rotation(options.roundRobin),
    userClasses: options.userClasses ?? NO_CLASSES,
    classId: null,
    members: undefined,
    trace: options.trace === false ? null : [],
    errors: NONE,
    undoTop: 0,
  };
  return previous;
}

/** Writes a field or derived value; logs the previous state so a failing rule can be undone. */
export function write(s: Session, target: Target, value: unknown): void {
  const undo = UNDO;
  const top = s.undoTop;
  undo[top] = target;
  undo[top + 1] = target.get(s.lead, s.derived);
  s.undoTop = top + 3;
  target.set(s, value);
  const slot = target.slot;
  if (slot < 0) return;
  const previous = WINNER[slot]!;
  undo[top + 2] = previous;
  if (previous === null) CHANGED[s.changedCount++] = target;
  WINNER[slot] = s.rule;
}

/** Undoes the running rule's writes, newest first. */
function rollback(s: Session): void {
  for (let i = s.undoTop - 3; i >= 0; i -= 3) {
    const target = UNDO[i] as Target;
    target.set(s, UNDO[i + 1]);
    if (target.slot < 0) continue;
    const previous = UNDO[i + 2] as CompiledRule | null;
    WINNER[target.slot] = previous;
    // Newest first: a field this rule set first is the log's last entry by now.
    if (previous === null) s.changedCount--;
  }
}

/** The result's `changes`: each field's value (the lead's, now) and the rule that set it last, in first-set order. */
function changesRecord(s: Session): Record<string, FieldChange> {
  const changes: Record<string, FieldChange> = {};
  for (let i = 0; i < s.changedCount; i++) {
    const target = CHANGED[i]!;
    const r = WINNER[target.slot]!;
    target.record(changes, { value: target.get(s.lead, s.derived) as Scalar, ruleId: r.ruleId, ruleName: r.ruleName, scope: r.scope });
  }
  return changes;
}

/** An action that must happen at most once per lead: the key is remembered by the caller. */
export function once(s: Session, key: string): boolean {
  if (s.alreadyPerformed.includes(key) || s.newKeys.includes(key)) return false;
  s.newKeys = added(s.newKeys, key);
  return true;
}

// Trace arrays are made at their final length: growing a pushed array allocates ~17 slots.
const sized = <T>(n: number): T[] => (n === 0 ? NONE : new Array<T>(n));

function openEntry(s: Session, r: CompiledRule, matched: MatchedCondition[]): TraceEntry {
  return { ruleId: r.ruleId, ruleName: r.ruleName, scope: r.scope, event: s.event, matched, calculations: sized(r.calculations.length), actions: sized(r.actions.length) };
}

/** The matched conditions of a rule a dispatch table fired (tracing only). */
export function explained(s: Session, r: CompiledRule): MatchedCondition[] {
  explainForm(r.form, s.lead, s.derived, s, MATCHED);
  return MATCHED.take();
}

/** Undoes a rule that threw and reports it; evaluation goes on with the next rule. */
export function ruleFailed(s: Session, r: CompiledRule, error: unknown): string {
  rollback(s);
  const message = error instanceof Error ? error.message : String(error);
  s.errors = added(s.errors, { ruleId: r.ruleId, ruleName: r.ruleName, scope: r.scope, phase: 'run', message });
  return message;
}

/** A failed rule's trace entry keeps the error only: its effects were rolled back. */
export function entryFailed(entry: TraceEntry, message: string): void {
  entry.error = message;
  entry.calculations = NONE;
  entry.actions = NONE;
}

/** `matched` is the rule's matched conditions when tracing, null otherwise. */
export function runRule(s: Session, r: CompiledRule, matched: MatchedCondition[] | null): void {
  s.rule = r;
  s.undoTop = 0;
  const entry = matched ? openEntry(s, r, matched) : null;
  try {
    const calculations = r.calculations;
    for (let i = 0; i < calculations.length; i++) {
      const value = calculations[i]!.run(s);
      if (entry) entry.calculations[i] = { calculation: calculations[i]!.source, value };
    }
    const actions = r.actions;
    for (let i = 0; i < actions.length; i++) RESOLVED[i] = actions[i]!.resolve?.(s);
    for (let i = 0; i < actions.length; i++) {
      const value = RESOLVED[i];
      const skipped = actions[i]!.apply(s, value);
      if (entry) entry.actions[i] = skipped ? { action: actions[i]!.source, value, skipped } : (actions[i]!.record ?? (value === undefined ? actions[i]!.done : { action: actions[i]!.source, value }));
    }
  } catch (error) {
    const message = ruleFailed(s, r, error);
    if (entry) entryFailed(entry, message);
  }
  if (entry) s.trace!.push(entry);
}

/** Runs one scope's rules for the session's event, in their compiled order (plan-code.ts generates the same as code). */
export function interpretSteps(s: Session, steps: readonly Step[]): void {
  for (let i = 0; i < steps.length; i++) {
    const step = steps[i]!;
    const table = step.dispatch;
    if (table !== null) {
      const fired = table.fired(table.get(s.lead, s.derived));
      for (let k = 0; k < fired.length; k++) {
        const r = table.rules[fired[k]!]!;
        runRule(s, r, s.trace ? explained(s, r) : null);
      }
      continue;
    }
    const r = step.rule!;
    if (r.broken) s.errors = added(s.errors, r.broken);
    else if (!s.trace) {
      if (r.test(s.lead, s.derived, s)) runRule(s, r, null);
    } else if (explainForm(r.form, s.lead, s.derived, s, MATCHED)) runRule(s, r, MATCHED.take());
    else MATCHED.size = 0;
  }
}

export function setRouting(s: Session, intent: RoutingIntent): void {
  s.routing = intent;
  s.routingRule = s.rule;
  s.routingSeq++;
}

/** The routing decision that stands; a round robin picks its user only now, so overridden rotations stay fair. */
export function decide(s: Session): RoutingDecision | null {
  const intent = s.routing;
  const rule = s.routingRule;
  if (!intent || !rule) return null;
  const { ruleId, ruleName, scope } = rule;
  switch (intent.kind) {
    case 'box':
      return { kind: 'box', boxId: intent.boxId, ruleId, ruleName, scope };
    case 'user':
      return { kind: 'user', userId: intent.userId, ruleId, ruleName, scope };
    case 'upForGrabs':
      return { kind: 'upForGrabs', users: intent.users, servers: intent.servers, ruleId, ruleName, scope };
    case 'partner':
      return { kind: 'partner', partnerId: intent.partnerId, ruleId, ruleName, scope };
    case 'roundRobin': {
      const state = (s.roundRobin ??= new RoundRobinState());
      const userId = state.take(intent.classId, membersOf(s, intent.classId) ?? []);
      if (userId === null) {
        s.errors = added(s.errors, { ruleId, ruleName, scope, phase: 'run', message: `user class "${intent.classId}" has no members` });
        return null;
      }
      return { kind: 'user', userId, classId: intent.classId, ruleId, ruleName, scope };
    }
  }
}

export const traceOf = (s: Session): TraceEntry[] => s.trace ?? NONE;

/** The result of a single pass; routeLead fills in the walk fields (same shape, so no copy per lead). */
export function finish(s: Session, layout: SessionLayout, visited: string[]): EvaluationResult {
  const derived = layout.derivedRecord(s.derived);
  const routing = decide(s);
  return {
    lead: s.lead,
    changes: changesRecord(s),
    derived,
    routing,
    collateral: s.collateral,
    notifications: s.notifications,
    withheld: s.withheld,
    offerTimeout: s.offerTimeout,
    incubateUntil: s.incubateUntil,
    overflow: s.overflow,
    performed: s.newKeys,
    trace: traceOf(s),
    errors: s.errors,
    boxId: null,
    visited,
    hops: NONE,
    loop: null,
  };
}
