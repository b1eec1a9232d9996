import type { RuleSummary } from '../../../core/contract/index.ts';
import type { Calculation, Condition, ConditionLeaf, Operator, RuleAction, RuleActionType, RuleCategory, RuleEvent } from '../../../core/rules/index.ts';

/**
 * The wizard's working copy of a rule: text as typed (so a half-typed number is not lost) and
 * one flat list of conditions joined by "all" or "any". `toRuleInput` turns it into the rule
 * the engine parses; numbers that are not numbers stay text so the parser names them.
 */

export interface ConditionDraft {
  key: number;
  field: string;
  /** The name typed for a custom field, when `field` is `custom.*`. */
  customName: string;
  op: Operator | '';
  value: string;
  values: string[];
  min: string;
  max: string;
}

export interface ActionDraft {
  key: number;
  type: RuleActionType;
  /** Parameters as the inputs hold them; see toAction for each type's keys. */
  params: Record<string, string | string[]>;
}

export interface Draft {
  id: string | null;
  boxId: string;
  name: string;
  category: RuleCategory | '';
  event: RuleEvent | '';
  match: 'all' | 'any';
  conditions: ConditionDraft[];
  /** Conditions nested deeper than the wizard edits (from an import): kept as they are. */
  keptConditions: Condition | null;
  calculations: Calculation[];
  actions: ActionDraft[];
  enabled: boolean;
  order: number | null;
}

let nextKey = 1;
export const newKey = () => nextKey++;

export function emptyCondition(): ConditionDraft {
  return { key: newKey(), field: '', customName: '', op: '', value: '', values: [], min: '', max: '' };
}

export function emptyDraft(boxId: string, defaults: { category?: RuleCategory; event?: RuleEvent; enabled?: boolean }): Draft {
  return {
    id: null, boxId, name: '', category: defaults.category ?? '', event: defaults.event ?? 'arrived', match: 'all', conditions: [],
    keptConditions: null, calculations: [], actions: [], enabled: defaults.enabled ?? true, order: null,
  };
}

const text = (v: unknown) => (v === null || v === undefined ? '' : typeof v === 'object' ? JSON.stringify(v) : String(v));

function leafDraft(leaf: ConditionLeaf): ConditionDraft {
  const custom = leaf.field.startsWith('custom.');
  return {
    key: newKey(),
    field: custom ? 'custom.*' : leaf.field,
    customName: custom ? leaf.field.slice(7) : '',
    op: leaf.op,
    value: 'value' in leaf ? text(leaf.value) : 'pattern' in leaf ? leaf.pattern : '',
    values: 'values' in leaf ? leaf.values.map(text) : [],
    min: 'min' in leaf ? text(leaf.min) : '',
    max: 'max' in leaf ? text(leaf.max) : '',
  };
}

const isLeaf = (c: Condition): c is ConditionLeaf => 'op' in c;

function actionDraft(action: RuleAction): ActionDraft {
  const params: Record<string, string | string[]> = {};
  for (const [key, value] of Object.entries(action)) {
    if (key === 'type') continue;
    params[key] = Array.isArray(value) ? value.map(text) : text(value);
  }
  if (action.type === 'setScore') {
    params.mode = action.add !== undefined ? 'add' : 'value';
    params.amount = text(action.add ?? action.value);
  }
  if (action.type === 'setOfferTimeout') params.minutes = String(action.ms / 60_000);
  return { key: newKey(), type: action.type, params };
}

export function draftFromRule(summary: RuleSummary): Draft {
  const rule = summary.rule;
  const c = rule.conditions;
  const group = c && 'all' in c ? { match: 'all' as const, list: c.all } : c && 'any' in c ? { match: 'any' as const, list: c.any } : c && isLeaf(c) ? { match: 'all' as const, list: [c] } : null;
  const flat = group && group.list.every(isLeaf);
  return {
    id: rule.id, boxId: summary.boxId ?? '', name: rule.name, category: rule.category, event: rule.event,
    match: flat ? group.match : 'all',
    conditions: flat ? (group.list as ConditionLeaf[]).map(leafDraft) : [],
    keptConditions: c && !flat ? c : null,
    calculations: rule.calculations ?? [],
    actions: rule.actions.map(actionDraft),
    enabled: rule.enabled, order: rule.order,
  };
}

/** A typed number when it parses, else the text, so the rule parser can say what is wrong. */
export function numberOrText(value: string): number | string {
  const trimmed = value.trim();
  return trimmed !== '' && Number.isFinite(Number(trimmed)) ? Number(trimmed) : value;
}

/** How a value typed for a field of this kind is sent: numbers as numbers, the rest as text. */
export function typedValue(value: string, kind: string): number | string {
  return kind === 'number' ? numberOrText(value) : value;
}

function toLeaf(c: ConditionDraft, kindOf: (path: string) => string): Record<string, unknown> {
  const field = c.field === 'custom.*' ? `custom.${c.customName.trim()}` : c.field;
  const kind = kindOf(field);
  const numeric = kind === 'number' || (kind === 'any' && ['gt', 'gte', 'lt', 'lte', 'between'].includes(c.op));
  const scalar = (v: string) => (numeric ? numberOrText(v) : v);
  switch (c.op) {
    case 'oneOf': {
      // Typed as one comma-separated text unless picked from a list.
      const values = c.values.length ? c.values : c.value.split(',').map((v) => v.trim()).filter(Boolean);
      return { field, op: c.op, values: values.map(scalar) };
    }
    case 'between':
      return { field, op: c.op, min: scalar(c.min), max: scalar(c.max) };
    case 'isEmpty':
    case 'isNotEmpty':
      return { field, op: c.op };
    case 'matches':
      return { field, op: c.op, pattern: c.value };
    default:
      return { field, op: c.op, value: scalar(c.value) };
  }
}

const str = (params: ActionDraft['params'], key: string) => (typeof params[key] === 'string' ? (params[key] as string) : '');
const list = (params: ActionDraft['params'], key: string) => (Array.isArray(params[key]) ? (params[key] as string[]) : []);
const optional = (key: string, value: string) => (value.trim() === '' ? {} : { [key]: value });

export function toAction(a: ActionDraft, kindOf: (path: string) => string): Record<string, unknown> {
  const p = a.params;
  switch (a.type) {
    case 'setField': {
      const field = str(p, 'field');
      return { type: a.type, field, value: typedValue(str(p, 'value'), kindOf(field)) };
    }
    case 'setScore':
      return { type: a.type, [str(p, 'mode') === 'value' ? 'value' : 'add']: numberOrText(str(p, 'amount')) };
    case 'setOfferTimeout': {
      const minutes = numberOrText(str(p, 'minutes'));
      return { type: a.type, ms: typeof minutes === 'number' ? Math.round(minutes * 60_000) : minutes, onTimeout: str(p, 'onTimeout') };
    }
    case 'incubate':
      return { type: a.type, days: numberOrText(str(p, 'days')) };
    case 'routeUpForGrabs':
      return { type: a.type, users: list(p, 'users') };
    case 'withholdFields':
      return { type: a.type, fields: list(p, 'fields') };
    case 'notify':
      return { type: a.type, channel: str(p, 'channel'), template: str(p, 'template'), ...optional('to', str(p, 'to')) };
    case 'markOverflow':
      return { type: a.type, ...optional('reason', str(p, 'reason')) };
    default: {
      const key = { setPriority: 'priority', routeToBox: 'boxId', routeToUser: 'userId', routeRoundRobin: 'classId', routeToPartner: 'partnerId', attachCollateral: 'ref' }[a.type];
      return { type: a.type, [key]: str(p, key) };
    }
  }
}

/** The rule the server will parse; id and owner are filled in by the server for a new rule. */
export function toRuleInput(d: Draft, kindOf: (path: string) => string): Record<string, unknown> {
  const leaves = d.conditions.map((c) => toLeaf(c, kindOf));
  const conditions = d.keptConditions ?? (leaves.length ? { [d.match]: leaves } : undefined);
  return {
    ...(d.id ? { id: d.id } : {}),
    name: d.name,
    category: d.category,
    event: d.event,
    scope: { kind: 'box', boxId: d.boxId },
    ...(conditions ? { conditions } : {}),
    ...(d.calculations.length ? { calculations: d.calculations } : {}),
    actions: d.actions.map((a) => toAction(a, kindOf)),
    enabled: d.enabled,
    ...(d.order !== null ? { order: d.order } : {}),
  };
}

/** A stand-in for fields the server fills, so the wizard can run the same parser locally. */
export function withPlaceholders(input: Record<string, unknown>, ownerId: string): Record<string, unknown> {
  return { id: 'draft', ownerId, ...input };
}
