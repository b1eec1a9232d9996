import { resolveField, type FieldKind, type ResolvedField } from './fields.ts';
import type { Calculation, Comparable, Condition, ConditionLeaf, Operator, Rule, RuleAction, RuleSet, Scalar } from './model.ts';

/**
 * Static checks the schema shape cannot express: field references against the catalogue,
 * operators that fit the field's kind, values of the right type, and "exactly one of"
 * parameters. Each problem carries the path to the part at fault.
 */

export interface Problem {
  path: PropertyKey[];
  message: string;
}

const OPS_BY_KIND: Record<FieldKind, readonly Operator[]> = {
  string: ['equals', 'notEquals', 'oneOf', 'contains', 'startsWith', 'isEmpty', 'isNotEmpty', 'matches'],
  number: ['equals', 'notEquals', 'oneOf', 'gt', 'gte', 'lt', 'lte', 'between', 'isEmpty', 'isNotEmpty'],
  date: ['gt', 'gte', 'lt', 'lte', 'between', 'isEmpty', 'isNotEmpty'],
  // Enums compare by rank, so "priority is at least high" reads naturally.
  enum: ['equals', 'notEquals', 'oneOf', 'gt', 'gte', 'lt', 'lte', 'between', 'isEmpty', 'isNotEmpty'],
  any: ['equals', 'notEquals', 'oneOf', 'contains', 'startsWith', 'gt', 'gte', 'lt', 'lte', 'between', 'isEmpty', 'isNotEmpty', 'matches'],
};

export function operatorsFor(kind: FieldKind): readonly Operator[] {
  return OPS_BY_KIND[kind];
}

type Out = Problem[];

function field(path: string, at: PropertyKey[], out: Out): ResolvedField | null {
  const resolved = resolveField(path);
  if ('error' in resolved) {
    out.push({ path: at, message: resolved.error });
    return null;
  }
  return resolved;
}

/** Whether a literal fits a field: null always does (it means "empty"). */
export function scalarFits(f: ResolvedField, value: Scalar): string | null {
  if (value === null || f.kind === 'any') return null;
  if (f.kind === 'number') return typeof value === 'number' ? null : `must be a number for ${f.path}`;
  if (f.kind === 'enum') return typeof value === 'string' && f.values!.includes(value) ? null : `must be one of ${f.values!.join(', ')} for ${f.path}`;
  if (f.kind === 'date') return typeof value === 'number' ? null : `must be a date (epoch ms) for ${f.path}`;
  return typeof value === 'string' ? null : `must be text for ${f.path}`;
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}([T ][0-9:.]+(Z|[+-]\d{2}:?\d{2})?)?$/;
export const isIsoDate = (s: string) => ISO_DATE.test(s) && !Number.isNaN(Date.parse(s));

function comparableFits(f: ResolvedField, value: Comparable): string | null {
  if (f.kind === 'number') return typeof value === 'number' ? null : `must be a number for ${f.path}`;
  if (f.kind === 'enum') return typeof value === 'string' && f.values!.includes(value) ? null : `must be one of ${f.values!.join(', ')} for ${f.path}`;
  if (typeof value === 'string' && !isIsoDate(value)) return `must be a number or an ISO date such as "2026-03-01" or "2026-03-01T09:00:00Z"`;
  return null;
}

function checkLeaf(leaf: ConditionLeaf, at: PropertyKey[], out: Out): void {
  const f = field(leaf.field, [...at, 'field'], out);
  if (!f) return;
  if (!OPS_BY_KIND[f.kind].includes(leaf.op)) {
    out.push({ path: [...at, 'op'], message: `"${leaf.op}" does not apply to ${f.path}; use one of ${OPS_BY_KIND[f.kind].join(', ')}` });
    return;
  }
  const fit = (message: string | null, key: PropertyKey[]) => message && out.push({ path: [...at, ...key], message });
  switch (leaf.op) {
    case 'equals':
    case 'notEquals':
      return void fit(scalarFits(f, leaf.value), ['value']);
    case 'oneOf':
      return leaf.values.forEach((v, i) => fit(scalarFits(f, v), ['values', i]));
    case 'gt':
    case 'gte':
    case 'lt':
    case 'lte':
      return void fit(comparableFits(f, leaf.value), ['value']);
    case 'between':
      fit(comparableFits(f, leaf.min), ['min']);
      return void fit(comparableFits(f, leaf.max), ['max']);
    default:
      return;
  }
}

function checkCondition(node: Condition, at: PropertyKey[], out: Out): void {
  if ('all' in node) node.all.forEach((c, i) => checkCondition(c, [...at, 'all', i], out));
  else if ('any' in node) node.any.forEach((c, i) => checkCondition(c, [...at, 'any', i], out));
  else if ('not' in node) checkCondition(node.not, [...at, 'not'], out);
  else checkLeaf(node, at, out);
}

function target(path: string, at: PropertyKey[], out: Out): ResolvedField | null {
  const f = field(path, at, out);
  if (f && !f.writable) out.push({ path: at, message: `${f.path} cannot be set by a rule` });
  return f && f.writable ? f : null;
}

function checkCalculation(calc: Calculation, at: PropertyKey[], out: Out): void {
  const into = target(calc.into, [...at, 'into'], out);
  if (calc.kind === 'lookup') {
    field(calc.field, [...at, 'field'], out);
    if (into && calc.default !== undefined) {
      const misfit = scalarFits(into, calc.default);
      if (misfit) out.push({ path: [...at, 'default'], message: misfit });
    }
    return;
  }
  calc.terms.forEach((term, i) => {
    const f = field(term.field, [...at, 'terms', i, 'field'], out);
    if (f && f.kind !== 'number' && f.kind !== 'any') out.push({ path: [...at, 'terms', i, 'field'], message: `${f.path} is not a number` });
  });
  if (into && into.kind !== 'number' && into.kind !== 'any') out.push({ path: [...at, 'into'], message: `a weighted sum is a number; ${into.path} is not` });
  if (calc.clamp?.min !== undefined && calc.clamp.max !== undefined && calc.clamp.min > calc.clamp.max) {
    out.push({ path: [...at, 'clamp'], message: 'min must not exceed max' });
  }
}

const exactlyOne = (action: Record<string, unknown>, keys: string[], at: PropertyKey[], out: Out) => {
  const present = keys.filter((k) => action[k] !== undefined);
  if (present.length !== 1) out.push({ path: at, message: `needs exactly one of ${keys.join(', ')}` });
};

function checkAction(action: RuleAction, at: PropertyKey[], out: Out): void {
  switch (action.type) {
    case 'setField': {
      exactlyOne(action, ['value', 'from'], at, out);
      const into = target(action.field, [...at, 'field'], out);
      if (action.from !== undefined) field(action.from, [...at, 'from'], out);
      if (into && action.value !== undefined) {
        const misfit = scalarFits(into, action.value);
        if (misfit) out.push({ path: [...at, 'value'], message: misfit });
      }
      return;
    }
    case 'setScore':
      exactlyOne(action, ['value', 'add', 'from'], at, out);
      if (action.from !== undefined) field(action.from, [...at, 'from'], out);
      return;
    case 'routeUpForGrabs':
      if ((action.users?.length ?? 0) + (action.servers?.length ?? 0) === 0) out.push({ path: at, message: 'needs at least one user or server' });
      return;
    case 'incubate':
      exactlyOne(action, ['until', 'days'], at, out);
      if (typeof action.until === 'string' && !isIsoDate(action.until)) out.push({ path: [...at, 'until'], message: 'must be an ISO date such as "2026-03-01"' });
      return;
    default:
      return;
  }
}

export function checkRule(rule: Pick<Rule, 'conditions' | 'calculations' | 'actions'>): Problem[] {
  const out: Problem[] = [];
  if (rule.conditions) checkCondition(rule.conditions, ['conditions'], out);
  rule.calculations?.forEach((c, i) => checkCalculation(c, ['calculations', i], out));
  rule.actions.forEach((a, i) => checkAction(a, ['actions', i], out));
  if (rule.actions.length === 0 && !rule.calculations?.length) out.push({ path: ['actions'], message: 'a rule needs at least one action or calculation' });
  return out;
}

export function checkRuleSet(set: Pick<RuleSet, 'rules' | 'lookupTables'>): Problem[] {
  const out: Problem[] = [];
  const seen = new Map<string, number>();
  set.rules.forEach((rule, i) => {
    const first = seen.get(rule.id);
    if (first !== undefined) out.push({ path: ['rules', i, 'id'], message: `duplicates the id of rules[${first}] ("${rule.id}")` });
    else seen.set(rule.id, i);
  });
  const tables = new Set<string>();
  set.lookupTables?.forEach((table, i) => {
    if (tables.has(table.id)) out.push({ path: ['lookupTables', i, 'id'], message: `duplicate lookup table id "${table.id}"` });
    tables.add(table.id);
  });
  return out;
}
