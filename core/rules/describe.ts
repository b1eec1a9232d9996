import { resolveField } from './fields.ts';
import type { Calculation, Comparable, Condition, ConditionLeaf, Rule, RuleAction, RuleEvent, Scalar } from './model.ts';

/**
 * Plain-English descriptions generated from the rule itself, so the text can never disagree
 * with what the rule does. Names of boxes, users and tables come from the caller (ids
 * otherwise), because the rule only holds ids.
 */

export interface Names {
  box?: (id: string) => string | undefined;
  user?: (id: string) => string | undefined;
  userClass?: (id: string) => string | undefined;
  partner?: (id: string) => string | undefined;
  server?: (id: string) => string | undefined;
  table?: (id: string) => string | undefined;
}

const EVENTS: Record<RuleEvent, string> = {
  arrived: 'a lead arrives',
  updated: 'a lead is updated',
  offerTimedOut: 'an offer times out',
  rejected: 'a lead is rejected',
  incubationEnded: "a lead's incubation ends",
  micrositeVisit: 'the prospect visits the microsite',
  emailReply: 'the prospect replies to an email',
  formSubmit: 'the prospect submits a form',
  linkClick: 'the prospect clicks a link',
  prospectCustomEvent: 'the prospect triggers a custom event',
};

const ON_TIMEOUT = { reroute: 're-route it', returnToBox: 'return it to the box', escalate: 'escalate it' } as const;

const label = (path: string) => {
  const f = resolveField(path);
  return 'error' in f ? path : f.label;
};
const kindOf = (path: string) => {
  const f = resolveField(path);
  return 'error' in f ? 'any' : f.kind;
};
const quote = (name: string) => `'${name}'`;
const named = (lookup: ((id: string) => string | undefined) | undefined, id: string) => quote(lookup?.(id) ?? id);

export function list(items: readonly string[], conjunction = 'and'): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} ${conjunction} ${items[items.length - 1]}`;
}

function scalar(value: Scalar): string {
  if (value === null) return 'empty';
  if (typeof value === 'string') return /^[\w.@+-]+$/.test(value) ? value : `"${value}"`;
  return String(value);
}

function when(value: Comparable, dateLike: boolean): string {
  if (typeof value === 'object') {
    const days = Math.abs(value.daysFromNow);
    const unit = days === 1 ? 'day' : 'days';
    return value.daysFromNow === 0 ? 'now' : value.daysFromNow < 0 ? `${days} ${unit} ago` : `${days} ${unit} from now`;
  }
  if (typeof value === 'number' && dateLike) return new Date(value).toISOString().slice(0, 10);
  return String(value);
}

function describeLeaf(leaf: ConditionLeaf): string {
  const subject = label(leaf.field);
  const dateLike = kindOf(leaf.field) === 'date' || ('value' in leaf && typeof leaf.value === 'object') || ('min' in leaf && typeof leaf.min !== 'number');
  switch (leaf.op) {
    case 'equals':
      return leaf.value === null ? `${subject} is empty` : `${subject} is ${scalar(leaf.value)}`;
    case 'notEquals':
      return leaf.value === null ? `${subject} is not empty` : `${subject} is not ${scalar(leaf.value)}`;
    case 'oneOf':
      return `${subject} is one of ${leaf.values.join(', ')}`;
    case 'contains':
      return `${subject} contains "${leaf.value}"`;
    case 'startsWith':
      return `${subject} starts with "${leaf.value}"`;
    case 'gt':
      return `${subject} is ${dateLike ? 'after' : 'more than'} ${when(leaf.value, dateLike)}`;
    case 'gte':
      return `${subject} is ${dateLike ? 'on or after' : 'at least'} ${when(leaf.value, dateLike)}`;
    case 'lt':
      return `${subject} is ${dateLike ? 'before' : 'less than'} ${when(leaf.value, dateLike)}`;
    case 'lte':
      return `${subject} is ${dateLike ? 'on or before' : 'at most'} ${when(leaf.value, dateLike)}`;
    case 'between':
      return `${subject} is between ${when(leaf.min, dateLike)} and ${when(leaf.max, dateLike)}`;
    case 'isEmpty':
      return `${subject} is empty`;
    case 'isNotEmpty':
      return `${subject} is filled in`;
    case 'matches':
      return `${subject} matches the pattern /${leaf.pattern}/`;
  }
}

export function describeCondition(node: Condition, nested = false): string {
  if ('all' in node || 'any' in node) {
    const parts = ('all' in node ? node.all : node.any).map((c) => describeCondition(c, true));
    const text = list(parts, 'all' in node ? 'and' : 'or');
    return nested && parts.length > 1 ? `(${text})` : text;
  }
  if ('not' in node) return `not ${describeCondition(node.not, true)}`;
  return describeLeaf(node);
}

export function describeCalculation(calc: Calculation, names: Names = {}): string {
  const into = label(calc.into);
  if (calc.kind === 'lookup') {
    const fallback = calc.default === undefined ? '' : ` (${scalar(calc.default)} if not listed)`;
    return `look up ${label(calc.field)} in table ${named(names.table, calc.table)} to set ${into}${fallback}`;
  }
  const terms = calc.terms.map((t) => `${t.weight} × ${label(t.field)}`);
  if (calc.base) terms.unshift(String(calc.base));
  const { min, max } = calc.clamp ?? {};
  const clamp = min !== undefined && max !== undefined ? `, kept between ${min} and ${max}` : min !== undefined ? `, at least ${min}` : max !== undefined ? `, at most ${max}` : '';
  return `set ${into} to ${terms.join(' + ')}${clamp}`;
}

export function duration(ms: number): string {
  const units: Array<[number, string]> = [
    [86_400_000, 'day'],
    [3_600_000, 'hour'],
    [60_000, 'minute'],
    [1_000, 'second'],
  ];
  for (const [size, unit] of units) {
    if (ms % size === 0 || size === 1_000) {
      const n = Math.round((ms / size) * 10) / 10;
      return `${n} ${unit}${n === 1 ? '' : 's'}`;
    }
  }
  return `${ms} ms`;
}

export function describeAction(action: RuleAction, names: Names = {}): string {
  switch (action.type) {
    case 'setField':
      return `set ${label(action.field)} to ${action.from !== undefined ? label(action.from) : scalar(action.value ?? null)}`;
    case 'setScore':
      if (action.add !== undefined) return action.add >= 0 ? `add ${action.add} to the score` : `subtract ${-action.add} from the score`;
      return `set the score to ${action.from !== undefined ? label(action.from) : action.value}`;
    case 'setPriority':
      return `set priority to ${action.priority}`;
    case 'routeToBox':
      return `route to box ${named(names.box, action.boxId)}`;
    case 'routeToUser':
      return `route to ${named(names.user, action.userId)}`;
    case 'routeRoundRobin':
      return `route in turn to the users of ${named(names.userClass, action.classId)}`;
    case 'routeUpForGrabs': {
      const who = [...(action.users ?? []).map((id) => named(names.user, id)), ...(action.servers ?? []).map((id) => `server ${named(names.server, id)}`)];
      return `offer it up for grabs to ${list(who)} (first to accept keeps it)`;
    }
    case 'routeToPartner':
      return `forward to partner ${named(names.partner, action.partnerId)}`;
    case 'attachCollateral':
      return `attach ${quote(action.ref)}`;
    case 'withholdFields':
      return `withhold the ${list(action.fields)} until the lead is accepted`;
    case 'notify':
      return `notify ${action.to ? named(names.user, action.to) : 'the owner'} by ${action.channel} using template ${quote(action.template)}`;
    case 'setOfferTimeout':
      return `give the recipient ${duration(action.ms)} to answer, then ${ON_TIMEOUT[action.onTimeout]}`;
    case 'incubate':
      if (action.days !== undefined) return `incubate it for ${action.days} day${action.days === 1 ? '' : 's'}`;
      return `incubate it until ${when(action.until!, true)}`;
    case 'markOverflow':
      return `mark it as overflow${action.reason ? ` (${action.reason})` : ''}`;
  }
}

export function describeRule(rule: Pick<Rule, 'event' | 'scope' | 'conditions' | 'calculations' | 'actions'>, names: Names = {}): string {
  const event = rule.event === 'arrived' && rule.scope.kind === 'box' ? 'a lead arrives in the box' : EVENTS[rule.event];
  const condition = rule.conditions ? `, if ${describeCondition(rule.conditions)}` : '';
  const steps = [...(rule.calculations ?? []).map((c) => describeCalculation(c, names)), ...rule.actions.map((a) => describeAction(a, names))];
  return `When ${event}${condition}, ${list(steps)}.`;
}
