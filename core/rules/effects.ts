import type { z } from 'zod';
import { Lead, PRIORITIES } from '../lead/lead.ts';
import { accessorFor, changeSlot, copyContact, copyInterest, copyLead, locate, propertyKey, resolveField, type DerivedLayout, type ResolvedField } from './fields.ts';
import type { Calculation, LookupTable, RuleAction, Scalar } from './model.ts';
import { generateCode } from './generate-code.ts';
import { changeRecorder } from './records.ts';
import { CompileError, DAY_MS, resolveOrFail } from './predicate.ts';
import {
  added,
  membersOf,
  once,
  OWN_GROUP,
  OWN_TOP,
  RuleRuntimeError,
  setRouting,
  write,
  type CompiledAction,
  type CompiledCalculation,
  type RoutingIntent,
  type Session,
  type Target,
} from './session.ts';

/** Compiles calculations and actions into closures over the evaluation session. */

export interface CompiledTable {
  map: Map<unknown, Scalar>;
  caseSensitive: boolean;
}

export function compileTable(table: LookupTable): CompiledTable {
  const map = new Map<unknown, Scalar>();
  const caseSensitive = table.caseSensitive === true;
  for (const { key, value } of table.entries) {
    if (!caseSensitive && typeof key === 'string' && !map.has(key.toLowerCase())) map.set(key.toLowerCase(), value);
    if (!map.has(key)) map.set(key, value);
  }
  return { map, caseSensitive };
}

const show = (v: unknown) => (typeof v === 'string' ? `"${v}"` : String(v));

function leadSchema(key: string): z.ZodType {
  const [top, sub] = key.split('.') as [keyof typeof Lead.shape, string | undefined];
  const schema = Lead.shape[top] as unknown as { shape?: Record<string, z.ZodType> } & z.ZodType;
  return sub ? schema.shape![sub]! : schema;
}

function coercion(field: ResolvedField): (value: unknown) => unknown {
  const path = field.path;
  if (field.ref === 'derived') return (v) => (v === undefined ? null : v);
  if (path === 'score') {
    return (v) => {
      if (typeof v !== 'number' || !Number.isFinite(v)) throw new RuleRuntimeError(`the score must be a number, not ${show(v)}`);
      return Math.min(100, Math.max(0, v));
    };
  }
  if (path === 'priority') {
    return (v) => {
      if (!(PRIORITIES as readonly unknown[]).includes(v)) throw new RuleRuntimeError(`the priority must be one of ${PRIORITIES.join(', ')}, not ${show(v)}`);
      return v;
    };
  }
  if (field.ref === 'custom') {
    return (v) => {
      if (v === undefined) return null;
      if (v === null || typeof v === 'number' || typeof v === 'boolean' || (typeof v === 'string' && v.length <= 2000)) return v;
      throw new RuleRuntimeError(`${path} cannot hold ${show(v)}`);
    };
  }
  // Lead fields are checked by the lead model's own schema, so a rule can never produce a lead
  // that the store or the sync protocol would refuse.
  const schema = leadSchema(field.key);
  return (v) => {
    const parsed = schema.safeParse(v === undefined ? null : v);
    if (!parsed.success) throw new RuleRuntimeError(`${path} cannot be set to ${show(v)}: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
    return parsed.data;
  };
}

/** The session's lead, made private on first write (the caller's lead is never mutated). */
function ownLead(s: Session): Lead {
  if (!(s.owned & OWN_TOP)) {
    s.lead = copyLead(s.lead);
    s.owned |= OWN_TOP;
  }
  return s.lead;
}

function setterFor(field: ResolvedField, layout: DerivedLayout): Target['set'] {
  if (field.ref === 'derived') {
    const slot = layout.slotOf.get(field.key);
    if (slot === undefined) throw new Error(`no slot for derived value "${field.key}"`);
    return (s, v) => void (s.derived[slot] = v);
  }
  let setter = leadSetters.get(field.path);
  if (setter) return setter;
  setter = leadSetter(locate(field));
  if (leadSetters.size < LEAD_SETTERS_KEPT) leadSetters.set(field.path, setter);
  return setter;
}

const leadSetters = new Map<string, Target['set']>();
/** Distinct lead paths whose setters are kept; custom field names come from users, so the cache is bounded. */
const LEAD_SETTERS_KEPT = 1_000;
/**
 * Object.assign into a literal, not a spread: V8 gives a spread copy a shape on which adding a
 * property (a rule setting a new custom field) measured about 400 ns instead of about 30. Assign
 * sets where spread defines; they differ only for an own "__proto__" key, which keeps the spread.
 */
const copyCustom = (custom: Lead['custom']) => (Object.hasOwn(custom, '__proto__') ? { ...custom } : Object.assign({}, custom));

/**
 * A copy-on-write setter of one lead field. Like fields.ts customReader, it is generated per
 * field (the key is an argument, never source), so each setter's keyed store has type feedback
 * of its own instead of one shared by every field.
 */
function leadSetter(place: ReturnType<typeof locate>): Target['set'] {
  const group = place.group;
  const key = propertyKey(place.key);
  if (group === 'top') {
    const make = generateCode(['key', 'ownLead'], 'return (s, v) => { ownLead(s)[key] = v; };');
    return (make?.(key, ownLead) as Target['set'] | undefined) ?? ((s, v) => void ((ownLead(s) as unknown as Record<string, unknown>)[key] = v));
  }
  const bit = OWN_GROUP[group];
  const copy: (part: never) => object = group === 'contact' ? copyContact : group === 'interest' ? copyInterest : copyCustom;
  const make = generateCode(
    ['key', 'group', 'bit', 'copy', 'ownLead'],
    'return (s, v) => { const lead = ownLead(s); if (!(s.owned & bit)) { lead[group] = copy(lead[group]); s.owned |= bit; } lead[group][key] = v; };',
  );
  const generated = make?.(key, group, bit, copy, ownLead) as Target['set'] | undefined;
  if (generated) return generated;
  return (s, v) => {
    const lead = ownLead(s) as unknown as Record<string, Record<string, unknown>>;
    if (!(s.owned & bit)) {
      lead[group] = copy(lead[group] as never) as Record<string, unknown>;
      s.owned |= bit;
    }
    lead[group]![key] = v;
  };
}

export function compileTarget(path: string, at: string, layout: DerivedLayout): Target {
  const field = resolveField(path);
  if ('error' in field) throw new CompileError(at, field.error);
  if (!field.writable) throw new CompileError(at, `${path} cannot be set by a rule`);
  const slot = field.ref === 'derived' ? -1 : changeSlot(field, layout);
  const key = propertyKey(path);
  return { path: key, slot, record: changeRecorder(key), get: accessorFor(field, layout), set: setterFor(field, layout), coerce: coercion(field) };
}

// Score and priority are catalogue fields: their change-log slots are the same in every set.
const NO_DERIVED: DerivedLayout = { slotOf: new Map(), computed: new Set(), customSlots: new Map() };
const SCORE = compileTarget('score', 'score', NO_DERIVED);
const PRIORITY = compileTarget('priority', 'priority', NO_DERIVED);

export function compileCalculation(
  calc: Calculation,
  at: string,
  tables: ReadonlyMap<string, CompiledTable>,
  knownDerived: DerivedLayout,
): CompiledCalculation {
  const target = compileTarget(calc.into, `${at}.into`, knownDerived);
  if (calc.kind === 'lookup') {
    const table = tables.get(calc.table);
    if (!table) throw new CompileError(`${at}.table`, `unknown lookup table "${calc.table}"`);
    const get = accessorFor(resolveOrFail(calc.field, `${at}.field`, knownDerived), knownDerived);
    const { map, caseSensitive } = table;
    const fallback = calc.default;
    return {
      source: calc,
      form: { kind: 'lookup', get, map, caseSensitive, fallback, target },
      run: (s) => {
        const key = get(s.lead, s.derived);
        let value = map.get(key);
        if (value === undefined && !caseSensitive && typeof key === 'string') value = map.get(key.toLowerCase());
        if (value === undefined) value = fallback;
        if (value === undefined) return undefined;
        const coerced = target.coerce(value);
        write(s, target, coerced);
        return coerced;
      },
    };
  }
  const gets = calc.terms.map((t, i) => accessorFor(resolveOrFail(t.field, `${at}.terms[${i}].field`, knownDerived), knownDerived));
  const weights = calc.terms.map((t) => t.weight);
  const defaults = calc.terms.map((t) => t.default);
  const base = calc.base ?? 0;
  const min = calc.clamp?.min ?? -Infinity;
  const max = calc.clamp?.max ?? Infinity;
  const fallback = calc.default;
  const notFinite = (): never => {
    throw new RuleRuntimeError(`the weighted sum into ${calc.into} is not a finite number`);
  };
  const terms = gets.map((get, i) => ({ get, weight: weights[i]!, default: defaults[i] }));
  return {
    source: calc,
    form: { kind: 'weightedSum', terms, base, min, max, fallback, target, notFinite },
    run: (s) => {
      let sum = base;
      let seen = false;
      for (let i = 0; i < gets.length; i++) {
        const v = gets[i]!(s.lead, s.derived);
        if (typeof v === 'number' && Number.isFinite(v)) {
          sum += v * weights[i]!;
          seen = true;
        } else if (defaults[i] !== undefined) sum += defaults[i]! * weights[i]!;
      }
      if (!seen && fallback !== undefined) sum = fallback;
      if (!Number.isFinite(sum)) notFinite();
      const value = target.coerce(Math.min(max, Math.max(min, sum)));
      write(s, target, value);
      return value;
    },
  };
}

/** The apply of an action that writes its resolved value, and its inline form. */
const writeResolved = (target: Target) => ({ apply: (s: Session, v: unknown): undefined => void write(s, target, v), form: { kind: 'write' as const, target } });

function literal(target: Target, value: unknown, at: string): unknown {
  try {
    return target.coerce(value);
  } catch (error) {
    throw new CompileError(at, (error as Error).message);
  }
}

const route = (intent: RoutingIntent) => ({ resolve: null, apply: (s: Session) => void setRouting(s, intent), form: { kind: 'route' as const, intent } });

/** `resolve` of an action that sets a literal, and the literal. */
const literally = (value: unknown) => ({ resolve: () => value, literal: { value } });

export function compileAction(action: RuleAction, at: string, knownDerived: DerivedLayout): CompiledAction {
  const { source, resolve, apply, form, literal, valueless, skips } = actionParts(action, at, knownDerived);
  const done = Object.freeze({ action: source, value: undefined });
  const record = literal && literal.value !== undefined ? Object.freeze({ action: source, value: literal.value }) : literal || resolve === null || valueless ? done : null;
  return { source, resolve, apply, done, literal: literal ?? null, record, skips: skips ?? false, form: form ?? null };
}

type ActionParts = Pick<CompiledAction, 'source' | 'resolve' | 'apply'> &
  Partial<Pick<CompiledAction, 'form' | 'skips'>> & {
    literal?: { value: unknown };
    /** `resolve` only checks the lead, answering undefined. */
    valueless?: true;
  };

function actionParts(action: RuleAction, at: string, knownDerived: DerivedLayout): ActionParts {
  switch (action.type) {
    case 'setField': {
      const target = compileTarget(action.field, `${at}.field`, knownDerived);
      if (action.from === undefined) {
        return { source: action, ...literally(literal(target, action.value, `${at}.value`)), ...writeResolved(target) };
      }
      const get = accessorFor(resolveOrFail(action.from, `${at}.from`, knownDerived), knownDerived);
      return { source: action, resolve: (s) => target.coerce(get(s.lead, s.derived)), ...writeResolved(target) };
    }
    case 'setScore': {
      if (action.value !== undefined) {
        return { source: action, ...literally(action.value), ...writeResolved(SCORE) };
      }
      if (action.add !== undefined) {
        const add = action.add;
        return { source: action, resolve: (s) => SCORE.coerce(s.lead.score + add), ...writeResolved(SCORE) };
      }
      const get = accessorFor(resolveOrFail(action.from!, `${at}.from`, knownDerived), knownDerived);
      return { source: action, resolve: (s) => SCORE.coerce(get(s.lead, s.derived)), ...writeResolved(SCORE) };
    }
    case 'setPriority': {
      return { source: action, ...literally(action.priority), ...writeResolved(PRIORITY) };
    }
    case 'routeToBox':
      return { source: action, ...route({ kind: 'box', boxId: action.boxId }) };
    case 'routeToUser':
      return { source: action, ...route({ kind: 'user', userId: action.userId }) };
    case 'routeToPartner':
      return { source: action, ...route({ kind: 'partner', partnerId: action.partnerId }) };
    case 'routeUpForGrabs':
      return { source: action, ...route({ kind: 'upForGrabs', users: action.users ?? [], servers: action.servers ?? [] }) };
    case 'routeRoundRobin': {
      const classId = propertyKey(action.classId);
      const intent: RoutingIntent = { kind: 'roundRobin', classId };
      return {
        source: action,
        resolve: (s) => {
          if (!membersOf(s, classId)?.length) throw new RuleRuntimeError(`user class "${classId}" is unknown or has no members`);
          return undefined;
        },
        valueless: true,
        apply: (s) => void setRouting(s, intent),
        form: { kind: 'route', intent },
      };
    }
    case 'attachCollateral': {
      const ref = action.ref;
      const key = `collateral:${ref}`;
      return {
        source: action,
        resolve: null,
        skips: true,
        apply: (s) => {
          if (!once(s, key)) return 'alreadyPerformed';
          s.collateral = added(s.collateral, { ref, ruleId: s.rule.ruleId, ruleName: s.rule.ruleName, scope: s.rule.scope });
          return undefined;
        },
      };
    }
    case 'notify': {
      const { channel, template } = action;
      const to = action.to ?? null;
      const prefix = `notify:${channel}:${template}:${to ?? ''}:`;
      return {
        source: action,
        resolve: (s) => prefix + s.event,
        skips: true,
        apply: (s, key) => {
          if (!once(s, key as string)) return 'alreadyPerformed';
          s.notifications = added(s.notifications, { channel, template, to, key: key as string, ruleId: s.rule.ruleId, ruleName: s.rule.ruleName, scope: s.rule.scope });
          return undefined;
        },
      };
    }
    case 'withholdFields': {
      const fields = action.fields;
      return {
        source: action,
        resolve: null,
        apply: (s) => {
          for (const f of fields) if (!s.withheld.includes(f)) s.withheld = added(s.withheld, f);
          return undefined;
        },
      };
    }
    case 'setOfferTimeout': {
      const { ms, onTimeout } = action;
      return { source: action, resolve: null, apply: (s) => void (s.offerTimeout = { ms, onTimeout, ruleId: s.rule.ruleId, ruleName: s.rule.ruleName, scope: s.rule.scope }) };
    }
    case 'incubate': {
      const { until, days } = action;
      const fixed = typeof until === 'number' ? until : typeof until === 'string' ? Date.parse(until) : null;
      const offsetDays = days ?? (typeof until === 'object' ? until.daysFromNow : 0);
      return {
        source: action,
        resolve: (s) => fixed ?? s.now + offsetDays * DAY_MS,
        apply: (s, at) => void (s.incubateUntil = { at: at as number, ruleId: s.rule.ruleId, ruleName: s.rule.ruleName, scope: s.rule.scope }),
      };
    }
    case 'markOverflow': {
      const reason = action.reason ?? 'marked by rule';
      return { source: action, resolve: null, apply: (s) => void (s.overflow = { reason, boxId: null, ruleId: s.rule.ruleId, ruleName: s.rule.ruleName }) };
    }
  }
}
