import { CUSTOM_PREFIX, DERIVED_PREFIX } from './fields.ts';
import type { Condition, ConditionLeaf, Rule, RuleAction } from './model.ts';
import type { ActionAllowance, FieldAllowance, RuleTemplate } from './template-model.ts';

export { RuleTemplate, FieldAllowance, ActionAllowance, CALCULATION_KINDS } from './template-model.ts';
export { parseTemplateXml, exportTemplateXml } from './template-xml.ts';

/**
 * Delegation: a user's rule must satisfy every template of their manager chain. Each manager
 * can only narrow what the managers above allowed (the chain is an intersection), so a rule is
 * checked against each template in turn and every violation names its template, the path in
 * the rule at fault, and what that template allows. Derived values are the rule's own
 * intermediate results and are not restricted by field lists.
 */

export interface TemplateViolation {
  templateId: string;
  templateName: string;
  /** Path in the rule (prefixed with `at` when given): `conditions.all[1].value`. */
  path: string;
  message: string;
  allowed: string[];
}

interface Param<T> {
  path: string;
  value: T;
}

/** The parameters of an action that a template's allowance constrains. */
export function actionParameters(action: RuleAction): { values: Param<string>[]; numbers: Param<number>[] } {
  const v = (path: string, value: string) => ({ path, value });
  switch (action.type) {
    case 'setField':
      return { values: [v('field', action.field)], numbers: [] };
    case 'setScore':
      return { values: [], numbers: action.value !== undefined ? [{ path: 'value', value: action.value }] : action.add !== undefined ? [{ path: 'add', value: action.add }] : [] };
    case 'setPriority':
      return { values: [v('priority', action.priority)], numbers: [] };
    case 'routeToBox':
      return { values: [v('boxId', action.boxId)], numbers: [] };
    case 'routeToUser':
      return { values: [v('userId', action.userId)], numbers: [] };
    case 'routeRoundRobin':
      return { values: [v('classId', action.classId)], numbers: [] };
    case 'routeUpForGrabs':
      return { values: [...(action.users ?? []).map((u, i) => v(`users[${i}]`, u)), ...(action.servers ?? []).map((s, i) => v(`servers[${i}]`, s))], numbers: [] };
    case 'routeToPartner':
      return { values: [v('partnerId', action.partnerId)], numbers: [] };
    case 'attachCollateral':
      return { values: [v('ref', action.ref)], numbers: [] };
    case 'withholdFields':
      return { values: action.fields.map((f, i) => v(`fields[${i}]`, f)), numbers: [] };
    case 'notify':
      return { values: [v('template', action.template)], numbers: [] };
    case 'setOfferTimeout':
      return { values: [v('onTimeout', action.onTimeout)], numbers: [{ path: 'ms', value: action.ms }] };
    case 'incubate':
      return { values: [], numbers: action.days !== undefined ? [{ path: 'days', value: action.days }] : [] };
    case 'markOverflow':
      return { values: [], numbers: [] };
  }
}

function fieldAllowance(t: RuleTemplate, path: string): FieldAllowance | 'free' | null {
  if (!t.fields || path.startsWith(DERIVED_PREFIX)) return 'free';
  return t.fields.find((f) => f.path === path) ?? (path.startsWith(CUSTOM_PREFIX) ? t.fields.find((f) => f.path === 'custom.*') : undefined) ?? null;
}

const range = (a: { min?: number; max?: number }) =>
  a.min !== undefined && a.max !== undefined ? [`${a.min}..${a.max}`] : a.min !== undefined ? [`≥ ${a.min}`] : a.max !== undefined ? [`≤ ${a.max}`] : [];
const outside = (a: { min?: number; max?: number }, n: number) => (a.min !== undefined && n < a.min) || (a.max !== undefined && n > a.max);

function leafValues(leaf: ConditionLeaf): Param<string | number>[] {
  switch (leaf.op) {
    case 'equals':
    case 'notEquals':
      return typeof leaf.value === 'string' || typeof leaf.value === 'number' ? [{ path: 'value', value: leaf.value }] : [];
    case 'oneOf':
      return leaf.values.map((value, i) => ({ path: `values[${i}]`, value }));
    case 'contains':
    case 'startsWith':
      return [{ path: 'value', value: leaf.value }];
    case 'gt':
    case 'gte':
    case 'lt':
    case 'lte':
      return typeof leaf.value === 'number' ? [{ path: 'value', value: leaf.value }] : [];
    case 'between':
      return [
        ...(typeof leaf.min === 'number' ? [{ path: 'min', value: leaf.min }] : []),
        ...(typeof leaf.max === 'number' ? [{ path: 'max', value: leaf.max }] : []),
      ];
    default:
      return [];
  }
}

function leaves(node: Condition, path: string, out: Array<Param<ConditionLeaf>>): typeof out {
  if ('all' in node) node.all.forEach((c, i) => leaves(c, `${path}.all[${i}]`, out));
  else if ('any' in node) node.any.forEach((c, i) => leaves(c, `${path}.any[${i}]`, out));
  else if ('not' in node) leaves(node.not, `${path}.not`, out);
  else out.push({ path, value: node });
  return out;
}

function checkTemplate(rule: Rule, t: RuleTemplate, report: (path: string, message: string, allowed: string[]) => void): void {
  if (t.categories && !t.categories.includes(rule.category)) report('category', `category "${rule.category}" is not allowed`, t.categories);
  if (t.events && !t.events.includes(rule.event)) report('event', `event "${rule.event}" is not allowed`, t.events);
  const fieldUse = (field: string, path: string): FieldAllowance | 'free' | null => {
    const allowed = fieldAllowance(t, field);
    if (allowed === null) report(path, `field "${field}" is not allowed`, t.fields!.map((f) => f.path));
    return allowed;
  };
  const conditionLeaves = rule.conditions ? leaves(rule.conditions, 'conditions', []) : [];
  for (const { path, value: leaf } of conditionLeaves) {
    const allowed = fieldUse(leaf.field, `${path}.field`);
    if (t.operators && !t.operators.includes(leaf.op)) report(`${path}.op`, `operator "${leaf.op}" is not allowed`, t.operators);
    if (!allowed || allowed === 'free') continue;
    if (allowed.operators && !allowed.operators.includes(leaf.op)) report(`${path}.op`, `operator "${leaf.op}" is not allowed on ${leaf.field}`, allowed.operators);
    for (const { path: at, value } of leafValues(leaf)) {
      if (allowed.values && !allowed.values.includes(String(value))) report(`${path}.${at}`, `value "${value}" is not allowed for ${leaf.field}`, allowed.values);
      if (typeof value === 'number' && outside(allowed, value)) report(`${path}.${at}`, `${value} is outside the allowed range for ${leaf.field}`, range(allowed));
    }
  }
  if (t.limits?.maxConditions !== undefined && conditionLeaves.length > t.limits.maxConditions) {
    report('conditions', `has ${conditionLeaves.length} conditions; at most ${t.limits.maxConditions} are allowed`, [String(t.limits.maxConditions)]);
  }
  (rule.calculations ?? []).forEach((calc, i) => {
    const at = `calculations[${i}]`;
    if (t.calculations && !t.calculations.includes(calc.kind)) report(`${at}.kind`, `calculation "${calc.kind}" is not allowed`, t.calculations);
    if (calc.kind === 'lookup') fieldUse(calc.field, `${at}.field`);
    else calc.terms.forEach((term, j) => fieldUse(term.field, `${at}.terms[${j}].field`));
    fieldUse(calc.into, `${at}.into`);
  });
  if (t.limits?.maxActions !== undefined && rule.actions.length > t.limits.maxActions) {
    report('actions', `has ${rule.actions.length} actions; at most ${t.limits.maxActions} are allowed`, [String(t.limits.maxActions)]);
  }
  rule.actions.forEach((action, i) => {
    const at = `actions[${i}]`;
    if (!t.actions) return;
    const allowed = t.actions.find((a) => a.type === action.type);
    if (!allowed) return report(`${at}.type`, `action "${action.type}" is not allowed`, t.actions.map((a) => a.type));
    const { values, numbers } = actionParameters(action);
    for (const p of values) if (allowed.values && !allowed.values.includes(p.value)) report(`${at}.${p.path}`, `"${p.value}" is not allowed for ${action.type}`, allowed.values);
    for (const p of numbers) if (outside(allowed, p.value)) report(`${at}.${p.path}`, `${p.value} is outside the allowed range for ${action.type}`, range(allowed));
  });
}

/** `chain` runs from the top of the hierarchy down to the user's direct manager. */
export function validateAgainstTemplates(rule: Rule, chain: readonly RuleTemplate[], at = ''): TemplateViolation[] {
  const out: TemplateViolation[] = [];
  for (const t of chain) {
    checkTemplate(rule, t, (path, message, allowed) => out.push({ templateId: t.id, templateName: t.name, path: at ? `${at}.${path}` : path, message, allowed }));
  }
  return out;
}

function meet<T>(lists: ReadonlyArray<readonly T[] | undefined>): T[] | undefined {
  const given = lists.filter((l): l is readonly T[] => l !== undefined);
  if (given.length === 0) return undefined;
  return given[0]!.filter((item) => given.every((l) => l.includes(item)));
}

function tighten<A extends { min?: number; max?: number; values?: string[] }>(parts: A[]): Pick<A, 'min' | 'max' | 'values'> {
  const mins = parts.map((p) => p.min).filter((n): n is number => n !== undefined);
  const maxs = parts.map((p) => p.max).filter((n): n is number => n !== undefined);
  const values = meet(parts.map((p) => p.values));
  return { ...(mins.length ? { min: Math.max(...mins) } : {}), ...(maxs.length ? { max: Math.min(...maxs) } : {}), ...(values ? { values } : {}) };
}

/**
 * The one template a wizard should offer: the intersection of the chain. Defaults come from
 * the nearest manager that sets them, and are dropped when the chain no longer allows them.
 */
export function effectiveTemplate(chain: readonly RuleTemplate[]): RuleTemplate {
  const categories = meet(chain.map((t) => t.categories));
  const events = meet(chain.map((t) => t.events));
  const restricting = chain.filter((t) => t.fields);
  let fields: FieldAllowance[] | undefined;
  if (restricting.length) {
    const paths = new Set(restricting.flatMap((t) => t.fields!.map((f) => f.path)));
    fields = [...paths].flatMap((path) => {
      const parts = restricting.map((t) => (path === 'custom.*' ? t.fields!.find((f) => f.path === path) : fieldAllowance(t, path)));
      if (parts.some((p) => p === null || p === undefined)) return [];
      const found = parts as FieldAllowance[];
      const operators = meet(found.map((p) => p.operators));
      return [{ path, ...(operators ? { operators } : {}), ...tighten(found) }];
    });
  }
  const actionLists = chain.filter((t) => t.actions);
  const actions: ActionAllowance[] | undefined = actionLists.length
    ? meet(actionLists.map((t) => t.actions!.map((a) => a.type)))!.map((type) => ({ type, ...tighten(actionLists.map((t) => t.actions!.find((a) => a.type === type)!)) }))
    : undefined;
  const nearest = <K extends keyof NonNullable<RuleTemplate['defaults']>>(key: K) => [...chain].reverse().find((t) => t.defaults?.[key] !== undefined)?.defaults?.[key];
  const category = nearest('category');
  const event = nearest('event');
  const maxConditions = chain.map((t) => t.limits?.maxConditions).filter((n): n is number => n !== undefined);
  const maxActions = chain.map((t) => t.limits?.maxActions).filter((n): n is number => n !== undefined);
  const defined = <T extends object>(o: T) => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
  return defined({
    id: chain.map((t) => t.id).join('+') || 'none',
    name: chain.map((t) => t.name).join(' ∩ ') || 'No template',
    categories,
    events,
    operators: meet(chain.map((t) => t.operators)),
    fields,
    calculations: meet(chain.map((t) => t.calculations)),
    actions,
    defaults: defined({
      category: category && (!categories || categories.includes(category)) ? category : undefined,
      event: event && (!events || events.includes(event)) ? event : undefined,
      enabled: nearest('enabled'),
      order: nearest('order'),
    }),
    limits: defined({ maxConditions: maxConditions.length ? Math.min(...maxConditions) : undefined, maxActions: maxActions.length ? Math.min(...maxActions) : undefined }),
  });
}
