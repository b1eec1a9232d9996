import type { Lead } from '../lead/lead.ts';
import { accessorFor, resolveField, type Accessor, type ResolvedField } from './fields.ts';
import type { Comparable, Condition, ConditionLeaf } from './model.ts';

/**
 * Turns a condition tree into closures once. The fast path (`test`) only answers yes/no; the
 * explaining path (`explain`) runs only for rules that fired, to record which conditions
 * matched and with what value, so tracing costs nothing for rules that do not fire.
 */

export type Pred = (lead: Lead, derived: Record<string, unknown>, now: number) => boolean;

export interface MatchedCondition {
  /** Path inside the rule: `conditions.all[1]`. */
  path: string;
  condition: ConditionLeaf | { not: Condition };
  /** The lead's value when it matched (absent for `not`). */
  value?: unknown;
}

export type Explain = (lead: Lead, derived: Record<string, unknown>, now: number, out: MatchedCondition[]) => boolean;

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

export function resolveOrFail(path: string, at: string, knownDerived: ReadonlySet<string>): ResolvedField {
  const field = resolveField(path);
  if ('error' in field) throw new CompileError(at, field.error);
  if (field.ref === 'derived' && !knownDerived.has(field.key)) throw new CompileError(at, `no calculation in this rule set produces ${path}`);
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
  return memoText((v) => v.length === lower.length && v.toLowerCase() === lower);
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

const at = (b: Bound, now: number) => (typeof b === 'number' ? b : now + b.daysFromNow * DAY_MS);

function comparison(op: 'gt' | 'gte' | 'lt' | 'lte', get: Accessor, view: (v: unknown) => number, b: Bound): Pred {
  if (typeof b === 'number') {
    // One closure per operator keeps each call site monomorphic.
    switch (op) {
      case 'gt':
        return (l, d) => view(get(l, d)) > b;
      case 'gte':
        return (l, d) => view(get(l, d)) >= b;
      case 'lt':
        return (l, d) => view(get(l, d)) < b;
      case 'lte':
        return (l, d) => view(get(l, d)) <= b;
    }
  }
  switch (op) {
    case 'gt':
      return (l, d, now) => view(get(l, d)) > at(b, now);
    case 'gte':
      return (l, d, now) => view(get(l, d)) >= at(b, now);
    case 'lt':
      return (l, d, now) => view(get(l, d)) < at(b, now);
    case 'lte':
      return (l, d, now) => view(get(l, d)) <= at(b, now);
  }
}

function compileLeaf(leaf: ConditionLeaf, path: string, knownDerived: ReadonlySet<string>): { test: Pred; get: Accessor } {
  const field = resolveOrFail(leaf.field, `${path}.field`, knownDerived);
  const get = accessorFor(field);
  const cs = 'caseSensitive' in leaf && leaf.caseSensitive === true;
  const is = (match: (v: unknown) => boolean): Pred => (l, d) => match(get(l, d));
  switch (leaf.op) {
    case 'equals':
      return { get, test: is(valueEquals(field, leaf.value, cs)) };
    case 'notEquals': {
      const eq = valueEquals(field, leaf.value, cs);
      return { get, test: (l, d) => !eq(get(l, d)) };
    }
    case 'oneOf':
      return { get, test: is(oneOf(leaf.values, cs)) };
    case 'contains':
    case 'startsWith': {
      const needle = cs ? leaf.value : leaf.value.toLowerCase();
      const fold = cs ? (s: string) => s : (s: string) => s.toLowerCase();
      const found = memoText(leaf.op === 'contains' ? (s) => fold(s).includes(needle) : (s) => fold(s).startsWith(needle));
      return { get, test: is(found) };
    }
    case 'gt':
    case 'gte':
    case 'lt':
    case 'lte': {
      const view = numericView(field, typeof leaf.value !== 'number');
      return { get, test: comparison(leaf.op, get, view, bound(field, leaf.value)) };
    }
    case 'between': {
      const view = numericView(field, typeof leaf.min !== 'number' || typeof leaf.max !== 'number');
      const lo = comparison('gte', get, view, bound(field, leaf.min));
      const hi = comparison('lte', get, view, bound(field, leaf.max));
      return { get, test: (l, d, n) => lo(l, d, n) && hi(l, d, n) };
    }
    case 'isEmpty':
      return { get, test: is(isEmpty) };
    case 'isNotEmpty':
      return { get, test: (l, d) => !isEmpty(get(l, d)) };
    case 'matches': {
      let re: RegExp;
      try {
        re = new RegExp(leaf.pattern, cs ? '' : 'i');
      } catch (error) {
        throw new CompileError(`${path}.pattern`, `invalid pattern: ${(error as Error).message}`);
      }
      // No memo here: patterns usually test high-cardinality text (emails, phones).
      return { get, test: is((v) => (typeof v === 'string' ? re.test(v) : typeof v === 'number' ? re.test(String(v)) : false)) };
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

interface CompiledCondition {
  test: Pred;
  explain: Explain;
}

function compileNode(node: Condition, path: string, knownDerived: ReadonlySet<string>): CompiledCondition {
  if ('all' in node || 'any' in node) {
    const isAll = 'all' in node;
    const children = (isAll ? node.all : node.any).map((child, i) => compileNode(child, `${path}.${isAll ? 'all' : 'any'}[${i}]`, knownDerived));
    const explains = children.map((c) => c.explain);
    const test = (isAll ? every : some)(children.map((c) => c.test));
    const explain: Explain = (l, d, n, out) => {
      for (const child of explains) {
        const mark = out.length;
        const ok = child(l, d, n, out);
        if (isAll && !ok) return (out.length = mark), false;
        if (!isAll && ok) return true;
        if (!ok) out.length = mark;
      }
      return isAll;
    };
    return { test, explain };
  }
  if ('not' in node) {
    const inner = compileNode(node.not, `${path}.not`, knownDerived).test;
    const test: Pred = (l, d, n) => !inner(l, d, n);
    return { test, explain: (l, d, n, out) => test(l, d, n) && (out.push({ path, condition: node }), true) };
  }
  const { test, get } = compileLeaf(node, path, knownDerived);
  return { test, explain: (l, d, n, out) => test(l, d, n) && (out.push({ path, condition: node, value: get(l, d) }), true) };
}

export function compileCondition(condition: Condition | undefined, knownDerived: ReadonlySet<string>): CompiledCondition {
  if (!condition) return { test: always, explain: () => true };
  return compileNode(condition, 'conditions', knownDerived);
}
