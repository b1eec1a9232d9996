import { changeSlots, DERIVED_PREFIX, propertyKey, type DerivedLayout } from './fields.ts';
import type { Rule, RuleEvent, RuleSet } from './model.ts';
import { compileAction, compileCalculation, compileTable, type CompiledTable } from './effects.ts';
import { planSteps } from './plan.ts';
import { makePlan, type Plan } from './plan-code.ts';
import { CompileError, compileCondition, type ExplainForm } from './predicate.ts';
import { derivedRecordOf } from './records.ts';
import { GLOBAL, type CompiledRule, type RuleError, type ScopeKey, type SessionLayout } from './session.ts';

/**
 * Compiles a parsed rule set once into closures, indexed by scope and event, so evaluating a
 * lead only walks the rules that can fire for its event. A rule that cannot compile (bad
 * pattern, unknown lookup table, a derived value nothing computes) is kept as a broken entry:
 * it is listed in `errors`, reported whenever its scope is evaluated, and never runs.
 */

export type EventIndex = ReadonlyMap<RuleEvent, readonly CompiledRule[]>;
/** The same rules as an EventIndex, as evaluation runs them (plan.ts, plan-code.ts). */
export type PlanIndex = ReadonlyMap<RuleEvent, Plan>;

export interface CompiledRuleSet {
  global: EventIndex;
  /** Box id → that box's rules. */
  boxes: ReadonlyMap<string, EventIndex>;
  /** One entry per rule that could not compile, naming the rule and the part at fault. */
  errors: RuleError[];
  /** Enabled rules that compiled. */
  ruleCount: number;
  /** Internal: the run plans of `global`, and of `boxes` by event, then box id (one lookup per box the walk passes). */
  plan: { global: PlanIndex; boxes: ReadonlyMap<RuleEvent, ReadonlyMap<string, Plan>> };
  /** Internal: the slots a session of this set needs. */
  layout: SessionLayout;
}

/** A broken rule never runs, so it never holds. */
const NEVER: ExplainForm = { kind: 'any', children: [], test: () => false };

const scopeOf = (rule: Rule): ScopeKey => (rule.scope.kind === 'global' ? GLOBAL : rule.scope.boxId);

// Compiled rules and everything per lead are built with literal fields, never `...spread`:
// spread-built objects can end up in slow dictionary mode, which costs ~10× on the hot path.

/** Later order runs later (and so wins ties); the id breaks equal orders, whatever the input order. */
const byOrder = (a: Rule, b: Rule) => a.order - b.order || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

export function compileRule(rule: Rule, tables: ReadonlyMap<string, CompiledTable>, knownDerived: DerivedLayout): CompiledRule {
  const ref = { ruleId: rule.id, ruleName: rule.name, scope: scopeOf(rule) };
  try {
    const { test, single, byValue, form } = compileCondition(rule.conditions, knownDerived);
    const calculations = (rule.calculations ?? []).map((c, i) => compileCalculation(c, `calculations[${i}]`, tables, knownDerived));
    const actions = rule.actions.map((a, i) => compileAction(a, `actions[${i}]`, knownDerived));
    return { ruleId: ref.ruleId, ruleName: ref.ruleName, scope: ref.scope, source: rule, test, single, byValue, form, calculations, actions, broken: null };
  } catch (error) {
    const path = error instanceof CompileError ? error.path : undefined;
    const message = error instanceof Error ? error.message : String(error);
    const broken: RuleError = { ruleId: ref.ruleId, ruleName: ref.ruleName, scope: ref.scope, phase: 'compile', ...(path ? { path } : {}), message };
    return { ruleId: ref.ruleId, ruleName: ref.ruleName, scope: ref.scope, source: rule, test: () => false, single: null, byValue: null, form: NEVER, calculations: [], actions: [], broken };
  }
}

const derivedName = (path: string) => (path.startsWith(DERIVED_PREFIX) ? path.slice(DERIVED_PREFIX.length) : null);

/** A slot for every derived value the rules write; only calculations' ones may be read. */
export function derivedLayout(rules: readonly Rule[]): DerivedLayout & { names: string[] } {
  const computed = new Set<string>();
  const slotOf = new Map<string, number>();
  const names: string[] = [];
  const slot = (name: string | null) => name !== null && !slotOf.has(name) && slotOf.set(name, names.push(propertyKey(name)) - 1);
  for (const rule of rules) {
    for (const calc of rule.calculations ?? []) {
      const name = derivedName(calc.into);
      if (name !== null) computed.add(name);
      slot(name);
    }
    for (const action of rule.actions) if (action.type === 'setField') slot(derivedName(action.field));
  }
  return { slotOf, computed, customSlots: new Map(), names };
}

function plansOf(index: ReadonlyMap<RuleEvent, readonly CompiledRule[]>, generated: boolean): PlanIndex {
  return new Map([...index].map(([event, rules]) => [event, makePlan(planSteps(rules), generated)]));
}

export interface CompileOptions {
  /** Run plans as generated code (default) or on the interpreter; results are the same. */
  generated?: boolean;
}

export function compileRuleSet(set: RuleSet, options: CompileOptions = {}): CompiledRuleSet {
  const generated = options.generated ?? true;
  const tables = new Map((set.lookupTables ?? []).map((t) => [t.id, compileTable(t)]));
  const enabled = set.rules.filter((r) => r.enabled).sort(byOrder);
  const knownDerived = derivedLayout(enabled);
  const global = new Map<RuleEvent, CompiledRule[]>();
  const boxes = new Map<string, Map<RuleEvent, CompiledRule[]>>();
  const errors: RuleError[] = [];
  for (const rule of enabled) {
    const compiled = compileRule(rule, tables, knownDerived);
    if (compiled.broken) errors.push(compiled.broken);
    let index = global;
    if (rule.scope.kind === 'box') {
      index = boxes.get(rule.scope.boxId) ?? new Map();
      boxes.set(rule.scope.boxId, index);
    }
    const list = index.get(rule.event) ?? [];
    list.push(compiled);
    index.set(rule.event, list);
  }
  const boxPlans = new Map<RuleEvent, Map<string, Plan>>();
  for (const [id, index] of boxes) {
    for (const [event, plan] of plansOf(index, generated)) {
      const byBox = boxPlans.get(event) ?? new Map<string, Plan>();
      boxPlans.set(event, byBox.set(id, plan));
    }
  }
  const plan = { global: plansOf(global, generated), boxes: boxPlans };
  // After compiling every rule: targets take their change-log slots as they compile.
  const layout = { derivedSlots: knownDerived.names.length, derivedRecord: derivedRecordOf(knownDerived.names), changeSlots: changeSlots(knownDerived) };
  return { global, boxes, errors, ruleCount: enabled.length - errors.length, plan, layout };
}
