import type { Lead } from '../lead/lead.ts';
import { accessorFor, resolveField, type Accessor, type Derived, type DerivedLayout, type ResolvedField } from './fields.ts';
import type { Comparable, Condition, ConditionLeaf } from './model.ts';

/**
 * Turns a condition tree into closures once. The fast path (`test`) only answers yes/no; the
 * explaining path (`explainForm`) runs only for rules that fired, to record which conditions
 * matched and with what value, so tracing costs nothing for rules that do not fire.
 */

/**
 * The evaluation's clock, passed as an object: a number argument would be boxed on every call
 * of a predicate (epoch ms are not small integers), an object reference is not.
 */
export interface Clock {
  readonly now: number;
}

export type Pred = (lead: Lead, derived: Derived, clock: Clock) => boolean;
/** A test of one field's value alone: no clock, no other field, so its answer per value can be remembered. */
export type ValueTest = (value: unknown) => boolean;

export interface MatchedCondition {
  /** Path inside the rule: `conditions.all[1]`. */
  path: string;
  condition: ConditionLeaf | { not: Condition };
  /** The lead's value when it matched (absent for `not`). */
  value?: unknown;
}

/**
 * A condition's structure for explaining it: `explainForm` walks it for the interpreter, and
 * generated plans (explain-code.ts) build a fired rule's matched conditions inline from it.
 * `test` is the node's own test; the node explains (adds its records) exactly when it holds.
 */
export type ExplainForm =
  | { kind: 'leaf'; path: string; condition: ConditionLeaf; get: Accessor; test: Pred; value: ValueTest | null }
  | { kind: 'not'; path: string; condition: { not: Condition }; test: Pred }
  | { kind: 'all' | 'any'; children: readonly ExplainForm[]; test: Pred };

/**
 * The conditions of one rule that matched. A failed branch moves `size` back instead of
 * truncating the array (setting an array's length is a runtime call), and the result is
 * copied out at its final length.
 */
const NONE_MATCHED = Object.freeze([]) as unknown as MatchedCondition[];

export class Matches {
  private readonly items: MatchedCondition[] = [];
  size = 0;

  add(match: MatchedCondition): true {
    this.items[this.size++] = match;
    return true;
  }

  take(): MatchedCondition[] {
    const size = this.size;
    if (size === 0) return NONE_MATCHED;
    // A loop, not slice: most rules match one or two conditions, and slice is a builtin call.
    const out = new Array<MatchedCondition>(size);
    for (let i = 0; i < size; i++) out[i] = this.items[i]!;
    this.size = 0;
    return out;
  }
}

/** A part of a rule that cannot become a closure; `path` is inside the rule. */
export class CompileError extends Error {
  constructor(
    readonly path: string,
    message: string,
  ) {
    super(message);
    this.name = 'CompileError';
  }
}

export const DAY_MS = 86_400_000;
const always: Pred = () => true;
/** A rule without conditions: always holds, matching nothing. */
const NO_CONDITIONS: ExplainForm = { kind: 'all', children: [], test: always };

export function resolveOrFail(path: string, at: string, knownDerived: DerivedLayout): ResolvedField {
  const field = resolveField(path);
  if ('error' in field) throw new CompileError(at, field.error);
  if (field.ref === 'derived' && !knownDerived.computed.has(field.key)) throw new CompileError(at, `no calculation in this rule set produces ${path}`);
  return field;
}

const isEmpty = (v: unknown) => v === null || v === undefined || v === '';

const MEMO_LIMIT = 2_048;

/**
 * Text tests (case folding, patterns) remember their answer per distinct input, so the few
 * values a field takes (countries, titles, sources) are folded once per compiled set, not once
 * per lead. The answer depends only on the text, so this cannot change a result.
 */
function memoText(test: (text: string) => boolean): (v: unknown) => boolean {
  const memo = new Map<string, boolean>();
  return (v) => {
    if (typeof v !== 'string') return false;
    let answer = memo.get(v);
    if (answer === undefined) {
      answer = test(v);
      if (memo.size < MEMO_LIMIT) memo.set(v, answer);
    }
    return answer;
  };
}

function textEquals(expected: string, caseSensitive: boolean): (v: unknown) => boolean {
  if (caseSensitive) return (v) => v === expected;
  const lower = expected.toLowerCase();
  const folded = memoText((v) => v.toLowerCase() === lower);
  // Most values differ in length or match as written; only the rest need folding (or the memo).
  return (v) => typeof v === 'string' && v.length === lower.length && (v === expected || folded(v));
}

function valueEquals(field: ResolvedField, value: unknown, caseSensitive: boolean): (v: unknown) => boolean {
  if (value === null) return isEmpty;
  if (typeof value === 'string' && field.kind !== 'enum') return textEquals(value, caseSensitive);
  return (v) => v === value;
}

function oneOf(values: ReadonlyArray<string | number>, caseSensitive: boolean): (v: unknown) => boolean {
  // Both spellings go in the set, so a value already in the listed case needs no lower-casing.
  if (caseSensitive) {
    const set = new Set<unknown>(values);
    return (v) => set.has(v);
  }
  // One map answers both the listed values and every text already folded: one lookup per lead.
  const folded = new Set(values.filter((v) => typeof v === 'string').map((v) => v.toLowerCase()));
  const answers = new Map<unknown, boolean>(values.map((v) => [v, true]));
  return (v) => {
    const known = answers.get(v);
    if (known !== undefined) return known;
    if (typeof v !== 'string') return false;
    const answer = folded.has(v.toLowerCase());
    if (answers.size < MEMO_LIMIT) answers.set(v, answer);
    return answer;
  };
}

/** How a lead value becomes a number to compare; NaN makes every comparison false. */
function numericView(field: ResolvedField, dateLike: boolean): (v: unknown) => number {
  if (field.kind === 'enum') {
    const rank = new Map(field.values!.map((value, i) => [value, i]));
    return (v) => rank.get(v as string) ?? Number.NaN;
  }
  if (field.kind === 'date' || (field.kind === 'any' && dateLike)) {
    return (v) => (typeof v === 'number' ? v : typeof v === 'string' ? Date.parse(v) : Number.NaN);
  }
  return (v) => (typeof v === 'number' ? v : Number.NaN);
}

type Bound = number | { daysFromNow: number };

function bound(field: ResolvedField, value: Comparable): Bound {
  if (typeof value === 'object') return value;
  if (typeof value === 'number') return value;
  if (field.kind === 'enum') return field.values!.indexOf(value);
  return Date.parse(value);
}

const at = (b: { daysFromNow: number }, now: number) => now + b.daysFromNow * DAY_MS;

type Order = 'gt' | 'gte' | 'lt' | 'lte';

/** One closure per operator keeps each call site monomorphic. */
function fixedComparison(op: Order, view: (v: unknown) => number, b: number): ValueTest {
  switch (op) {
    case 'gt':
      return (v) => view(v) > b;
    case 'gte':
      return (v) => view(v) >= b;
    case 'lt':
      return (v) => view(v) < b;
    case 'lte':
      return (v) => view(v) <= b;
  }
}

function relativeComparison(op: Order, get: Accessor, view: (v: unknown) => number, b: { daysFromNow: number }): Pred {
  switch (op) {
    case 'gt':
      return (l, d, clock) => view(get(l, d)) > at(b, clock.now);
    case 'gte':
      return (l, d, clock) => view(get(l, d)) >= at(b, clock.now);
    case 'lt':
      return (l, d, clock) => view(get(l, d)) < at(b, clock.now);
    case 'lte':
      return (l, d, clock) => view(get(l, d)) <= at(b, clock.now);
  }
}

const onValue = (get: Accessor, match: ValueTest): Pred => (l, d) => match(get(l, d));

const comparison = (op: Order, get: Accessor, view: (v: unknown) => number, b: Bound): Pred =>
  typeof b === 'number' ? onValue(get, fixedComparison(op, view, b)) : relativeComparison(op, get, view, b);

/**
 * `match` is set for the discrete tests (equality, membership, emptiness): they need nothing
 * but the field's value, and a field tested that way takes few distinct values, so a dispatch
 * table (plan.ts) can remember the answer per value. Ranges and text searches run as they are.
 */
interface CompiledLeaf {
  test: Pred;
  get: Accessor;
  match: ValueTest | null;
  /** The test of the value alone, whenever it needs no clock (`match` is the discrete subset). */
  value: ValueTest | null;
}

const discrete = (get: Accessor, match: ValueTest): CompiledLeaf => ({ test: onValue(get, match), get, match, value: match });
const valueLeaf = (get: Accessor, value: ValueTest): CompiledLeaf => ({ test: onValue(get, value), get, match: null, value });

function compileLeaf(leaf: ConditionLeaf, path: string, knownDerived: DerivedLayout): CompiledLeaf {
  const field = resolveOrFail(leaf.field, `${path}.field`, knownDerived);
  const get = accessorFor(field, knownDerived);
  const cs = 'caseSensitive' in leaf && leaf.caseSensitive === true;
  switch (leaf.op) {
    case 'equals':
      return discrete(get, valueEquals(field, leaf.value, cs));
    case 'notEquals': {
      const eq = valueEquals(field, leaf.value, cs);
      return discrete(get, (v) => !eq(v));
    }
    case 'oneOf':
      return discrete(get, oneOf(leaf.values, cs));
    case 'contains':
    case 'startsWith': {
      const needle = cs ? leaf.value : leaf.value.toLowerCase();
      const fold = cs ? (s: string) => s : (s: string) => s.toLowerCase();
      return valueLeaf(get, memoText(leaf.op === 'contains' ? (s) => fold(s).includes(needle) : (s) => fold(s).startsWith(needle)));
    }
    case 'gt':
    case 'gte':
    case 'lt':
    case 'lte': {
      const view = numericView(field, typeof leaf.value !== 'number');
      const b = bound(field, leaf.value);
      return typeof b === 'number' ? valueLeaf(get, fixedComparison(leaf.op, view, b)) : { test: relativeComparison(leaf.op, get, view, b), get, match: null, value: null };
    }
    case 'between': {
      const view = numericView(field, typeof leaf.min !== 'number' || typeof leaf.max !== 'number');
      const [min, max] = [bound(field, leaf.min), bound(field, leaf.max)];
      if (typeof min === 'number' && typeof max === 'number') {
        return valueLeaf(get, (v) => {
          const n = view(v);
          return n >= min && n <= max;
        });
      }
      const lo = comparison('gte', get, view, min);
      const hi = comparison('lte', get, view, max);
      return { test: (l, d, n) => lo(l, d, n) && hi(l, d, n), get, match: null, value: null };
    }
    case 'isEmpty':
      return discrete(get, isEmpty);
    case 'isNotEmpty':
      return discrete(get, (v) => !isEmpty(v));
    case 'matches': {
      let re: RegExp;
      try {
        re = new RegExp(leaf.pattern, cs ? '' : 'i');
      } catch (error) {
        throw new CompileError(`${path}.pattern`, `invalid pattern: ${(error as Error).message}`);
      }
      // No memo here: patterns usually test high-cardinality text (emails, phones).
      return valueLeaf(get, (v) => (typeof v === 'string' ? re.test(v) : typeof v === 'number' ? re.test(String(v)) : false));
    }
  }
}

function every(preds: Pred[]): Pred {
  if (preds.length === 1) return preds[0]!;
  if (preds.length === 2) {
    const [a, b] = preds as [Pred, Pred];
    return (l, d, n) => a(l, d, n) && b(l, d, n);
  }
  return (l, d, n) => {
    for (let i = 0; i < preds.length; i++) if (!preds[i]!(l, d, n)) return false;
    return true;
  };
}

function some(preds: Pred[]): Pred {
  if (preds.length === 1) return preds[0]!;
  return (l, d, n) => {
    for (let i = 0; i < preds.length; i++) if (preds[i]!(l, d, n)) return true;
    return false;
  };
}

/** A condition made of discrete tests of one field: plan.ts shares such rules' reads in a dispatch table. */
export interface SingleField {
  field: string;
  get: Accessor;
  match: ValueTest;
}

export interface CompiledCondition {
  test: Pred;
  /** Set when the condition is discrete tests of one field (dispatch tables may share it). */
  single: SingleField | null;
  /** Set when the condition tests one field's value alone, by any operator but relative dates (generated plans call it directly). */
  byValue: SingleField | null;
  form: ExplainForm;
}

type Part = (c: CompiledCondition) => SingleField | null;

/** The children's value tests combined, when they all test the same field by value alone. */
function combine(children: CompiledCondition[], isAll: boolean, part: Part): SingleField | null {
  const first = part(children[0]!);
  if (!first || !children.every((c) => part(c)?.field === first.field)) return null;
  const matches = children.map((c) => part(c)!.match);
  const match: ValueTest = isAll
    ? (v) => {
        for (let i = 0; i < matches.length; i++) if (!matches[i]!(v)) return false;
        return true;
      }
    : (v) => {
        for (let i = 0; i < matches.length; i++) if (matches[i]!(v)) return true;
        return false;
      };
  return { field: first.field, get: first.get, match: matches.length === 1 ? matches[0]! : match };
}

function compileNode(node: Condition, path: string, knownDerived: DerivedLayout): CompiledCondition {
  if ('all' in node || 'any' in node) {
    const isAll = 'all' in node;
    const children = (isAll ? node.all : node.any).map((child, i) => compileNode(child, `${path}.${isAll ? 'all' : 'any'}[${i}]`, knownDerived));
    const single = combine(children, isAll, (c) => c.single);
    const byValue = combine(children, isAll, (c) => c.byValue);
    // One read of the shared field instead of one per child.
    const test = byValue ? onValue(byValue.get, byValue.match) : (isAll ? every : some)(children.map((c) => c.test));
    return { test, single, byValue, form: { kind: isAll ? 'all' : 'any', children: children.map((c) => c.form), test } };
  }
  if ('not' in node) {
    const inner = compileNode(node.not, `${path}.not`, knownDerived);
    const innerTest = inner.test;
    const test: Pred = (l, d, n) => !innerTest(l, d, n);
    const negated = (part: SingleField | null) => (part ? { field: part.field, get: part.get, match: (v: unknown) => !part.match(v) } : null);
    const single = negated(inner.single);
    const byValue = inner.byValue === inner.single ? single : negated(inner.byValue);
    return { test, single, byValue, form: { kind: 'not', path, condition: node, test } };
  }
  const { test, get, match, value } = compileLeaf(node, path, knownDerived);
  const single = match ? { field: node.field, get, match } : null;
  const byValue = value === match ? single : value ? { field: node.field, get, match: value } : null;
  return { test, single, byValue, form: { kind: 'leaf', path, condition: node, get, test, value } };
}

/**
 * Adds the records of the conditions that matched, when the node holds: one walk of the form for
 * every rule (the interpreter's; generated plans emit the same inline, explain-code.ts), rather
 * than a closure per condition node.
 */
export function explainForm(form: ExplainForm, l: Lead, d: Derived, n: Clock, out: Matches): boolean {
  switch (form.kind) {
    case 'leaf': {
      // A test of the value alone reads the field once for the test and the record.
      if (form.value === null) return form.test(l, d, n) && out.add({ path: form.path, condition: form.condition, value: form.get(l, d) });
      const v = form.get(l, d);
      return form.value(v) && out.add({ path: form.path, condition: form.condition, value: v });
    }
    case 'not':
      return form.test(l, d, n) && out.add({ path: form.path, condition: form.condition });
    default: {
      const isAll = form.kind === 'all';
      for (const child of form.children) {
        const mark = out.size;
        const ok = explainForm(child, l, d, n, out);
        if (isAll && !ok) return (out.size = mark), false;
        if (!isAll && ok) return true;
        if (!ok) out.size = mark;
      }
      return isAll;
    }
  }
}

export function compileCondition(condition: Condition | undefined, knownDerived: DerivedLayout): CompiledCondition {
  if (!condition) return { test: always, single: null, byValue: null, form: NO_CONDITIONS };
  return compileNode(condition, 'conditions', knownDerived);
}
