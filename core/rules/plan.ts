import type { Accessor } from './fields.ts';
import type { Rule } from './model.ts';
import type { ValueTest } from './predicate.ts';
import type { CompiledRule } from './session.ts';

/**
 * The run plan of one scope and event: its rules in run order, with each run of consecutive
 * rules whose conditions are discrete tests of the same field (`country oneOf DE, AT, CH`,
 * `source equals "web form"`, ...) merged into one dispatch table, the way RETE engines share
 * condition nodes. The table reads the field once and answers, from one Map lookup, which of
 * its rules hold; the answer per value is computed by the rules' own tests on first sight.
 *
 * This cannot change a result: a member's test depends on that field's value only (no clock),
 * and no member writes that field, so the value every member would have seen is the one the
 * table read before the first of them ran.
 */

export interface Step {
  /** Set for a step of one rule. */
  rule: CompiledRule | null;
  /** Set for a step of several rules on one field. */
  dispatch: Dispatch | null;
}

const NONE: readonly number[] = [];
/** Distinct values remembered per table; past that, answers are computed each time (still exact). */
const MEMO_LIMIT = 4_096;

/** What a traced plan keeps per value of a table's field: the rules that hold, and the trace entries it made that depend on nothing else. */
export interface TracedHits {
  hits: readonly number[];
  /** By position in the table; filled by the generated plan. */
  entries: unknown[];
}

export class Dispatch {
  private readonly memo = new Map<unknown, readonly number[]>();
  private readonly tracedMemo = new Map<unknown, TracedHits>();
  private readonly matches: readonly ValueTest[];

  constructor(
    readonly field: string,
    readonly get: Accessor,
    readonly rules: readonly CompiledRule[],
  ) {
    this.matches = rules.map((r) => r.single!.match);
  }

  /** The positions in `rules` of the rules whose condition holds for this value of the field, in run order. */
  fired(value: unknown): readonly number[] {
    let hits = this.memo.get(value);
    if (hits === undefined) {
      hits = this.compute(value);
      if (this.memo.size < MEMO_LIMIT) this.memo.set(value, hits);
    }
    return hits;
  }

  /** `fired` for traced plans, with the value's entries (past the memo's limit, fresh each time: still exact). */
  tracedFired(value: unknown): TracedHits {
    let known = this.tracedMemo.get(value);
    if (known === undefined) {
      known = { hits: this.fired(value), entries: [] };
      if (this.tracedMemo.size < MEMO_LIMIT) this.tracedMemo.set(value, known);
    }
    return known;
  }

  private compute(value: unknown): readonly number[] {
    let hits: number[] | null = null;
    for (let i = 0; i < this.rules.length; i++) if (this.matches[i]!(value)) (hits ??= []).push(i);
    return hits ?? NONE;
  }
}

/** Every lead field or derived value the rule's calculations and actions may write. */
export function writtenFields(rule: Rule): Set<string> {
  const out = new Set<string>();
  for (const calc of rule.calculations ?? []) out.add(calc.into);
  for (const action of rule.actions) {
    if (action.type === 'setField') out.add(action.field);
    else if (action.type === 'setScore') out.add('score');
    else if (action.type === 'setPriority') out.add('priority');
  }
  return out;
}

/** The field a rule could share a table on, or null when it must run on its own. */
function dispatchField(rule: CompiledRule): string | null {
  if (rule.broken || !rule.single) return null;
  return writtenFields(rule.source).has(rule.single.field) ? null : rule.single.field;
}

const MIN_TABLE = 2;

export function planSteps(rules: readonly CompiledRule[]): Step[] {
  const steps: Step[] = [];
  for (let i = 0; i < rules.length; ) {
    const field = dispatchField(rules[i]!);
    let end = i + 1;
    if (field !== null) while (end < rules.length && dispatchField(rules[end]!) === field) end++;
    if (end - i >= MIN_TABLE) {
      const members = rules.slice(i, end);
      steps.push({ rule: null, dispatch: new Dispatch(field!, members[0]!.single!.get, members) });
    } else {
      for (let k = i; k < end; k++) steps.push({ rule: rules[k]!, dispatch: null });
    }
    i = end;
  }
  return steps;
}
