import type { WizardTemplate } from '../../../core/contract/index.ts';
import { parseRule, validateAgainstTemplates, type Rule } from '../../../core/rules/index.ts';
import { toRuleInput, withPlaceholders, type Draft } from './draft.ts';

/**
 * Problems with a draft, each placed at the wizard step and input it concerns. The same
 * parser and template check as the server run here as the person types; the server's own
 * answer (a CallError whose field is the rule path) is placed the same way.
 */

export const STEPS = ['category', 'event', 'conditions', 'actions', 'name', 'review'] as const;
export type Step = (typeof STEPS)[number];

export interface Issue {
  step: Step;
  /** Index of the condition or action at fault. */
  index: number | null;
  /** The input within it: 'field', 'op', 'value', 'values', 'min', 'max', 'amount', 'minutes', ... */
  part: string | null;
  message: string;
  /** An input still empty: shown once the person has moved past its step, not while they fill it in. */
  required?: boolean;
}

const PART_OF_ACTION: Record<string, Record<string, string>> = {
  setScore: { add: 'amount', value: 'amount' },
  setOfferTimeout: { ms: 'minutes' },
};

/** Places a rule path (`actions[0].add`, `conditions.all[1].values[2]`) in the wizard. */
export function locate(path: string, message: string, draft: Draft): Issue {
  const bare = path.replace(/^rule\.?/, '');
  const condition = /^conditions\.(?:all|any)\[(\d+)\](?:\.([A-Za-z]+))?/.exec(bare);
  if (condition) return { step: 'conditions', index: Number(condition[1]), part: condition[2] ?? null, message };
  const action = /^actions\[(\d+)\](?:\.([A-Za-z]+))?/.exec(bare);
  if (action) {
    const index = Number(action[1]);
    const part = action[2] ?? null;
    const type = draft.actions[index]?.type ?? '';
    return { step: 'actions', index, part: part ? (PART_OF_ACTION[type]?.[part] ?? part) : null, message };
  }
  const head = bare.split(/[.[]/)[0] ?? '';
  const step: Step = head === 'conditions' ? 'conditions' : head === 'actions' ? 'actions' : head === 'category' || head === 'event' || head === 'name' ? head : 'review';
  return { step, index: null, part: null, message };
}

const REQUIRED_PARAMS: Partial<Record<string, string[]>> = {
  setScore: ['amount'], setField: ['field'], setPriority: ['priority'], routeToBox: ['boxId'], routeToUser: ['userId'],
  routeRoundRobin: ['classId'], routeUpForGrabs: ['users'], routeToPartner: ['partnerId'], attachCollateral: ['ref'],
  withholdFields: ['fields'], notify: ['channel', 'template'], setOfferTimeout: ['minutes', 'onTimeout'], incubate: ['days'],
};

const VALUE_PARTS: Record<string, Array<'value' | 'values' | 'min' | 'max'>> = { oneOf: ['values'], between: ['min', 'max'], isEmpty: [], isNotEmpty: [] };

/** Inputs the person has not filled in yet, said plainly ("is required") rather than in the parser's words. */
function missing(d: Draft): Issue[] {
  const out: Issue[] = [];
  const need = (step: Step, index: number | null, part: string | null, message = 'is required') => out.push({ step, index, part, message, required: true });
  if (!d.category) need('category', null, null, 'Choose what kind of rule this is');
  if (!d.event) need('event', null, null, 'Choose when the rule runs');
  d.conditions.forEach((c, i) => {
    if (!c.field || (c.field === 'custom.*' && !c.customName.trim())) need('conditions', i, 'field');
    else if (!c.op) need('conditions', i, 'op');
    else for (const part of VALUE_PARTS[c.op] ?? ['value']) if (part === 'values' ? c.values.length === 0 && !c.value.trim() : !c[part].trim()) need('conditions', i, part);
  });
  d.actions.forEach((a, i) => {
    for (const key of REQUIRED_PARAMS[a.type] ?? []) {
      const value = a.params[key];
      if (value === undefined || (Array.isArray(value) ? value.length === 0 : value.trim() === '')) need('actions', i, key);
    }
  });
  if (!d.name.trim()) need('name', null, null);
  return out;
}

export interface Checked {
  rule: Rule | null;
  issues: Issue[];
}

/**
 * Checks what is filled in: the empty inputs are reported as such, and the rest is parsed and
 * checked against the template with the incomplete conditions and actions set aside (their
 * indexes mapped back), so a value outside the template's range shows while the name is still
 * blank.
 */
export function checkDraft(draft: Draft, template: WizardTemplate, ownerId: string, kindOf: (path: string) => string): Checked {
  const empty = missing(draft);
  const incomplete = (step: Step, index: number) => empty.some((e) => e.step === step && e.index === index);
  const keptConditions = draft.conditions.map((_, i) => i).filter((i) => !incomplete('conditions', i));
  const keptActions = draft.actions.map((_, i) => i).filter((i) => !incomplete('actions', i));
  const complete: Draft = {
    ...draft,
    name: draft.name.trim() || 'Untitled',
    category: draft.category || (template.effective.categories?.[0] ?? 'prioritization'),
    event: draft.event || (template.effective.events?.[0] ?? 'arrived'),
    conditions: keptConditions.map((i) => draft.conditions[i]!),
    actions: keptActions.map((i) => draft.actions[i]!),
  };
  const back = (issue: Issue): Issue => {
    if (issue.index === null) return issue;
    const kept = issue.step === 'conditions' ? keptConditions : issue.step === 'actions' ? keptActions : null;
    return kept ? { ...issue, index: kept[issue.index] ?? issue.index } : issue;
  };
  // Placeholders stand in for the blank name, category and event: problems they cause are not real.
  const real = (i: Issue) => !empty.some((e) => e.step === i.step && e.index === null && i.index === null);
  const parsed = parseRule(withPlaceholders(toRuleInput(complete, kindOf), ownerId));
  if (!parsed.ok) return { rule: null, issues: [...empty, ...parsed.issues.map((i) => back(locate(i.path, i.message, complete))).filter(real)] };
  const violations = validateAgainstTemplates(parsed.value, template.chain).map((v) =>
    back(locate(v.path, `${v.message}: template "${v.templateName}" allows ${v.allowed.length ? v.allowed.join(', ') : 'nothing'}`, complete)),
  );
  return { rule: empty.length ? null : parsed.value, issues: [...empty, ...violations.filter(real)] };
}

export const issuesAt = (issues: readonly Issue[], step: Step, index: number | null = null, part: string | null = null) =>
  issues.filter((i) => i.step === step && (index === null || i.index === index) && (part === null || i.part === part));
