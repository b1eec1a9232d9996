import { PRIORITIES, type Lead } from '../../../core/lead/lead.ts';
import type { Calculation, Condition, ConditionLeaf, Rule, RuleAction, RuleSet } from '../../../core/rules/model.ts';

/**
 * A deliberately naive interpreter of the rule semantics in docs/rules.md, for the subset the
 * property test generates: it walks the rule JSON for every lead, with no compilation, no
 * tables and no memos, and undoes a failing rule by restoring a snapshot. The optimised engine
 * must agree with it on every random rule set and lead.
 */

export interface ReferenceResult {
  lead: Lead;
  changes: Record<string, { value: unknown; ruleId: string }>;
  derived: Record<string, unknown>;
  routing: { kind: string; target: string; ruleId: string } | null;
  collateral: string[];
  performed: string[];
  roundRobinState: Record<string, string>;
  fired: string[];
  errors: Array<{ ruleId: string; phase: 'compile' | 'run' }>;
}

interface State {
  lead: Lead;
  changes: ReferenceResult['changes'];
  derived: Record<string, unknown>;
  routing: { kind: string; target: string; ruleId: string } | null;
  collateral: string[];
  performed: string[];
}

class Fail extends Error {}

const empty = (v: unknown) => v === null || v === undefined || v === '';
const lower = (v: unknown) => (typeof v === 'string' ? v.toLowerCase() : v);

function read(s: State, path: string): unknown {
  if (path.startsWith('derived.')) return s.derived[path.slice(8)];
  if (path.startsWith('custom.')) return s.lead.custom[path.slice(7)];
  const [top, sub] = path.split('.') as [keyof Lead, string | undefined];
  return sub ? (s.lead[top] as Record<string, unknown>)[sub] : s.lead[top];
}

function numeric(path: string, v: unknown): number {
  if (path === 'priority') return PRIORITIES.indexOf(v as never) < 0 ? NaN : PRIORITIES.indexOf(v as never);
  return typeof v === 'number' ? v : NaN;
}

function leafHolds(leaf: ConditionLeaf, v: unknown): boolean {
  const cs = 'caseSensitive' in leaf && leaf.caseSensitive === true;
  const same = (a: unknown, b: unknown) => (cs || leaf.field === 'priority' ? a === b : typeof a === 'string' && typeof b === 'string' ? a.toLowerCase() === b.toLowerCase() : a === b);
  switch (leaf.op) {
    case 'equals':
      return leaf.value === null ? empty(v) : same(v, leaf.value);
    case 'notEquals':
      return !(leaf.value === null ? empty(v) : same(v, leaf.value));
    case 'oneOf':
      return leaf.values.some((x) => same(v, x));
    case 'startsWith':
      return typeof v === 'string' && (cs ? v.startsWith(leaf.value) : v.toLowerCase().startsWith(leaf.value.toLowerCase()));
    case 'gte':
      return numeric(leaf.field, v) >= (leaf.field === 'priority' ? PRIORITIES.indexOf(leaf.value as never) : (leaf.value as number));
    case 'lt':
      return numeric(leaf.field, v) < (leaf.field === 'priority' ? PRIORITIES.indexOf(leaf.value as never) : (leaf.value as number));
    case 'isEmpty':
      return empty(v);
    case 'isNotEmpty':
      return !empty(v);
    default:
      throw new Error(`the reference does not cover ${leaf.op}`);
  }
}

function holds(c: Condition, s: State): boolean {
  if ('all' in c) return c.all.every((x) => holds(x, s));
  if ('any' in c) return c.any.some((x) => holds(x, s));
  if ('not' in c) return !holds(c.not, s);
  return leafHolds(c, read(s, c.field));
}

function write(s: State, path: string, value: unknown, ruleId: string): void {
  if (path.startsWith('derived.')) return void (s.derived[path.slice(8)] = value);
  if (path === 'score' && (typeof value !== 'number' || !Number.isFinite(value))) throw new Fail();
  const v = path === 'score' ? Math.min(100, Math.max(0, value as number)) : value;
  if (path.startsWith('custom.')) s.lead = { ...s.lead, custom: { ...s.lead.custom, [path.slice(7)]: v as Lead['custom'][string] } };
  else if (path.startsWith('contact.')) s.lead = { ...s.lead, contact: { ...s.lead.contact, [path.slice(8)]: v } };
  else s.lead = { ...s.lead, [path]: v };
  s.changes[path] = { value: v, ruleId };
}

function calculate(calc: Calculation, s: State, tables: RuleSet['lookupTables'], ruleId: string): void {
  if (calc.kind === 'lookup') {
    const key = read(s, calc.field);
    const entries = tables!.find((t) => t.id === calc.table)!.entries;
    const hit = entries.find((e) => e.key === key) ?? entries.find((e) => typeof key === 'string' && lower(e.key) === key.toLowerCase());
    const value = hit ? hit.value : calc.default;
    if (value !== undefined) write(s, calc.into, value, ruleId);
    return;
  }
  let sum = calc.base ?? 0;
  let seen = false;
  for (const t of calc.terms) {
    const v = read(s, t.field);
    if (typeof v === 'number' && Number.isFinite(v)) {
      sum += v * t.weight;
      seen = true;
    }
  }
  if (!seen && calc.default !== undefined) sum = calc.default;
  if (!Number.isFinite(sum)) throw new Fail();
  write(s, calc.into, Math.min(calc.clamp?.max ?? Infinity, Math.max(calc.clamp?.min ?? -Infinity, sum)), ruleId);
}

/** Like the engine, every action of a rule resolves (and may fail) before any of them applies. */
function resolve(a: RuleAction, s: State, classes: Record<string, string[]>): unknown {
  if (a.type === 'setScore') return a.add !== undefined ? Math.min(100, Math.max(0, s.lead.score + a.add)) : a.value;
  if (a.type === 'routeRoundRobin' && !classes[a.classId]?.length) throw new Fail();
  return undefined;
}

function apply(a: RuleAction, resolved: unknown, s: State, rule: Rule, already: readonly string[]): void {
  const once = (key: string) => !already.includes(key) && !s.performed.includes(key) && s.performed.push(key);
  switch (a.type) {
    case 'setField':
      return write(s, a.field, a.value, rule.id);
    case 'setScore':
      return write(s, 'score', resolved, rule.id);
    case 'setPriority':
      return write(s, 'priority', a.priority, rule.id);
    case 'routeToBox':
      return void (s.routing = { kind: 'box', target: a.boxId, ruleId: rule.id });
    case 'routeToUser':
      return void (s.routing = { kind: 'user', target: a.userId, ruleId: rule.id });
    case 'routeRoundRobin':
      return void (s.routing = { kind: 'roundRobin', target: a.classId, ruleId: rule.id });
    case 'attachCollateral':
      if (once(`collateral:${a.ref}`)) s.collateral.push(a.ref);
      return;
    case 'notify':
      return void once(`notify:${a.channel}:${a.template}:${a.to ?? ''}:${rule.event}`);
    default:
      throw new Error(`the reference does not cover ${a.type}`);
  }
}

function reads(c: Condition | undefined): string[] {
  if (!c) return [];
  if ('all' in c) return c.all.flatMap(reads);
  if ('any' in c) return c.any.flatMap(reads);
  if ('not' in c) return reads(c.not);
  return [c.field];
}

export function referenceEvaluate(
  set: RuleSet,
  lead: Lead,
  ctx: { boxPath: string[]; userClasses: Record<string, string[]>; roundRobinState: Record<string, string>; alreadyPerformed: string[] },
): ReferenceResult {
  const computed = new Set(set.rules.filter((r) => r.enabled).flatMap((r) => (r.calculations ?? []).map((c) => c.into)));
  const ordered = (scope: string) =>
    set.rules
      .filter((r) => r.enabled && (r.scope.kind === 'global' ? 'global' : r.scope.boxId) === scope)
      .sort((a, b) => a.order - b.order || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  let s: State = { lead, changes: {}, derived: {}, routing: null, collateral: [], performed: [] };
  const fired: string[] = [];
  const errors: ReferenceResult['errors'] = [];
  for (const scope of ['global', ...ctx.boxPath]) {
    for (const rule of ordered(scope)) {
      const used = [...reads(rule.conditions), ...(rule.calculations ?? []).flatMap((c) => (c.kind === 'lookup' ? [c.field] : c.terms.map((t) => t.field)))];
      if (used.some((f) => f.startsWith('derived.') && !computed.has(f))) {
        errors.push({ ruleId: rule.id, phase: 'compile' });
        continue;
      }
      if (rule.conditions && !holds(rule.conditions, s)) continue;
      fired.push(rule.id);
      const before = s;
      s = { lead: s.lead, changes: { ...s.changes }, derived: { ...s.derived }, routing: s.routing, collateral: [...s.collateral], performed: [...s.performed] };
      try {
        for (const calc of rule.calculations ?? []) calculate(calc, s, set.lookupTables, rule.id);
        const resolved = rule.actions.map((a) => resolve(a, s, ctx.userClasses));
        rule.actions.forEach((a, i) => apply(a, resolved[i], s, rule, ctx.alreadyPerformed));
      } catch (error) {
        if (!(error instanceof Fail)) throw error;
        s = before;
        errors.push({ ruleId: rule.id, phase: 'run' });
      }
    }
  }
  let routing = s.routing;
  const roundRobinState = { ...ctx.roundRobinState };
  if (routing?.kind === 'roundRobin') {
    const members = ctx.userClasses[routing.target]!;
    const user = members[(members.indexOf(roundRobinState[routing.target] ?? '') + 1) % members.length]!;
    roundRobinState[routing.target] = user;
    routing = { kind: 'user', target: user, ruleId: routing.ruleId };
  }
  return { lead: s.lead, changes: s.changes, derived: s.derived, routing, collateral: s.collateral, performed: s.performed, roundRobinState, fired, errors };
}
