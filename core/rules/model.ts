import safeRegex from 'safe-regex2';
import { z } from 'zod';
import { Priority, WithholdableField } from '../lead/lead.ts';
import { checkRule, checkRuleSet } from './check.ts';

/**
 * The rule model: plain JSON that the editor writes, the outbox syncs, the server stores and
 * compile.ts turns into closures. Schemas are strict (unknown keys are typos, not data).
 * Shape and field references are checked here; references between rules and tables (lookup
 * tables, derived values, regex syntax) are checked by compile.ts, which isolates the rule
 * at fault instead of rejecting the whole set.
 */

export const RULE_CATEGORIES = ['prioritization', 'assignment', 'workflow', 'attachment', 'notification', 'tracking'] as const;
export const RuleCategory = z.enum(RULE_CATEGORIES);
export type RuleCategory = z.infer<typeof RuleCategory>;

export const RULE_EVENTS = [
  'arrived',
  'updated',
  'offerTimedOut',
  'rejected',
  'incubationEnded',
  'micrositeVisit',
  'emailReply',
  'formSubmit',
  'linkClick',
  'prospectCustomEvent',
] as const;
export const RuleEvent = z.enum(RULE_EVENTS);
export type RuleEvent = z.infer<typeof RuleEvent>;

export const OPERATORS = ['equals', 'notEquals', 'oneOf', 'contains', 'startsWith', 'gt', 'gte', 'lt', 'lte', 'between', 'isEmpty', 'isNotEmpty', 'matches'] as const;
export type Operator = (typeof OPERATORS)[number];
export const Operator = z.enum(OPERATORS);

export const CHANNELS = ['email', 'sms', 'desktop', 'webhook'] as const;
export const ON_TIMEOUT = ['reroute', 'returnToBox', 'escalate'] as const;

const id = z.string().trim().min(1, 'is required').max(64);
const fieldRef = z.string().min(1, 'is required').max(120);
export const Scalar = z.union([z.string().max(2000), z.number().finite(), z.boolean(), z.null()]);
export type Scalar = z.infer<typeof Scalar>;

const relativeDays = z.strictObject({ daysFromNow: z.number().finite().min(-36_500).max(36_500) });
/**
 * A number; a date as epoch ms, an ISO string or days relative to the evaluation clock; or an
 * enum value compared by rank ("priority at least high"). check.ts matches it to the field.
 */
export const Comparable = z.union([z.number().finite(), z.string().min(1, 'is required').max(40), relativeDays]);
export type Comparable = z.infer<typeof Comparable>;

const caseSensitive = z.boolean().optional();

/**
 * A user's pattern runs against every lead on the server, so nested quantifiers such as
 * (a+)+ — which backtrack exponentially — are refused up front. A pattern that is not a valid
 * regex at all is left to the compiler, which isolates that one rule and names it.
 */
const regexPattern = z
  .string()
  .min(1, 'is required')
  .max(500)
  .refine((pattern) => !isValidRegex(pattern) || safeRegex(pattern), 'has nested repetition (like (a+)+) that could take exponential time; simplify the pattern');

function isValidRegex(pattern: string): boolean {
  try {
    new RegExp(pattern);
    return true;
  } catch {
    return false;
  }
}

export const ConditionLeaf = z.discriminatedUnion('op', [
  z.strictObject({ field: fieldRef, op: z.literal(['equals', 'notEquals']), value: Scalar, caseSensitive }),
  z.strictObject({ field: fieldRef, op: z.literal('oneOf'), values: z.array(z.union([z.string().max(2000), z.number().finite()])).min(1, 'needs at least one value').max(1000), caseSensitive }),
  z.strictObject({ field: fieldRef, op: z.literal(['contains', 'startsWith']), value: z.string().min(1, 'is required').max(2000), caseSensitive }),
  z.strictObject({ field: fieldRef, op: z.literal(['gt', 'gte', 'lt', 'lte']), value: Comparable }),
  z.strictObject({ field: fieldRef, op: z.literal('between'), min: Comparable, max: Comparable }),
  z.strictObject({ field: fieldRef, op: z.literal(['isEmpty', 'isNotEmpty']) }),
  z.strictObject({ field: fieldRef, op: z.literal('matches'), pattern: regexPattern, caseSensitive }),
]);
export type ConditionLeaf = z.infer<typeof ConditionLeaf>;

export type Condition = ConditionLeaf | { all: Condition[] } | { any: Condition[] } | { not: Condition };

const MAX_GROUP = 100;
const All: z.ZodType<{ all: Condition[] }> = z.strictObject({ all: z.array(z.lazy(() => Condition)).min(1, 'needs at least one condition').max(MAX_GROUP) });
const Any: z.ZodType<{ any: Condition[] }> = z.strictObject({ any: z.array(z.lazy(() => Condition)).min(1, 'needs at least one condition').max(MAX_GROUP) });
const Not: z.ZodType<{ not: Condition }> = z.strictObject({ not: z.lazy(() => Condition) });

/**
 * A condition node is told apart by its key, and parsed by the one schema that fits, so an
 * error points into that branch (`conditions.all[1].value`) instead of a vague union failure.
 */
export const Condition: z.ZodType<Condition> = z.unknown().transform((input, ctx): Condition => {
  const node = typeof input === 'object' && input !== null ? (input as Record<string, unknown>) : {};
  const schema = 'all' in node ? All : 'any' in node ? Any : 'not' in node ? Not : 'op' in node || 'field' in node ? ConditionLeaf : null;
  if (!schema) {
    ctx.addIssue({ code: 'custom', message: 'must be a condition: {field, op, ...}, {all: [...]}, {any: [...]} or {not: {...}}' });
    return z.NEVER;
  }
  const parsed = schema.safeParse(input);
  if (parsed.success) return parsed.data;
  for (const issue of parsed.error.issues) ctx.addIssue({ code: 'custom', message: issue.message, path: issue.path });
  return z.NEVER;
});

export const LookupCalculation = z.strictObject({
  kind: z.literal('lookup'),
  field: fieldRef,
  table: id,
  into: fieldRef,
  default: Scalar.optional(),
});
export const WeightedSumCalculation = z.strictObject({
  kind: z.literal('weightedSum'),
  terms: z
    .array(z.strictObject({ field: fieldRef, weight: z.number().finite(), default: z.number().finite().optional() }))
    .min(1, 'needs at least one term')
    .max(50),
  base: z.number().finite().optional(),
  into: fieldRef,
  default: z.number().finite().optional(),
  clamp: z.strictObject({ min: z.number().finite().optional(), max: z.number().finite().optional() }).optional(),
});
export const Calculation = z.discriminatedUnion('kind', [LookupCalculation, WeightedSumCalculation]);
export type Calculation = z.infer<typeof Calculation>;

const userIds = z.array(id).max(50);
export const RuleAction = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('setField'), field: fieldRef, value: Scalar.optional(), from: fieldRef.optional() }),
  z.strictObject({ type: z.literal('setScore'), value: z.number().min(0).max(100).optional(), add: z.number().min(-100).max(100).optional(), from: fieldRef.optional() }),
  z.strictObject({ type: z.literal('setPriority'), priority: Priority }),
  z.strictObject({ type: z.literal('routeToBox'), boxId: id }),
  z.strictObject({ type: z.literal('routeToUser'), userId: id }),
  z.strictObject({ type: z.literal('routeRoundRobin'), classId: id }),
  z.strictObject({ type: z.literal('routeUpForGrabs'), users: userIds.optional(), servers: userIds.optional() }),
  z.strictObject({ type: z.literal('routeToPartner'), partnerId: id }),
  z.strictObject({ type: z.literal('attachCollateral'), ref: z.string().trim().min(1, 'is required').max(500) }),
  z.strictObject({ type: z.literal('withholdFields'), fields: z.array(WithholdableField).min(1, 'needs at least one field') }),
  z.strictObject({ type: z.literal('notify'), channel: z.enum(CHANNELS), template: z.string().trim().min(1, 'is required').max(200), to: id.optional() }),
  z.strictObject({ type: z.literal('setOfferTimeout'), ms: z.number().int().min(1_000).max(90 * 86_400_000), onTimeout: z.enum(ON_TIMEOUT) }),
  z.strictObject({ type: z.literal('incubate'), until: Comparable.optional(), days: z.number().int().min(1).max(3_650).optional() }),
  z.strictObject({ type: z.literal('markOverflow'), reason: z.string().trim().max(200).optional() }),
]);
export type RuleAction = z.infer<typeof RuleAction>;
export type RuleActionType = RuleAction['type'];
export const ACTION_TYPES = RuleAction.options.map((o) => o.shape.type.values).flatMap((v) => [...v]) as RuleActionType[];

export const RuleScope = z.discriminatedUnion('kind', [z.strictObject({ kind: z.literal('global') }), z.strictObject({ kind: z.literal('box'), boxId: id })]);
export type RuleScope = z.infer<typeof RuleScope>;

const RuleShape = z.strictObject({
  id,
  name: z.string().trim().min(1, 'is required').max(120),
  category: RuleCategory,
  event: RuleEvent,
  conditions: Condition.optional(),
  calculations: z.array(Calculation).max(20).optional(),
  actions: z.array(RuleAction).max(30),
  scope: RuleScope,
  ownerId: id,
  enabled: z.boolean().default(true),
  order: z.number().int().min(-1_000_000).max(1_000_000).default(0),
  description: z.string().trim().max(2_000).optional(),
});

export const Rule = RuleShape.superRefine((rule, ctx) => {
  for (const problem of checkRule(rule)) ctx.addIssue({ code: 'custom', message: problem.message, path: problem.path });
});
export type Rule = z.infer<typeof Rule>;
/** What an editor sends before defaults are applied. */
export type RuleInput = z.input<typeof Rule>;

export const LookupTable = z.strictObject({
  id,
  name: z.string().trim().max(120).optional(),
  caseSensitive: z.boolean().optional(),
  entries: z.array(z.strictObject({ key: z.union([z.string().max(2000), z.number().finite()]), value: Scalar })).max(10_000),
});
export type LookupTable = z.infer<typeof LookupTable>;

export const RuleSet = z
  .strictObject({
    version: z.literal(1),
    rules: z.array(Rule).max(50_000),
    lookupTables: z.array(LookupTable).max(1_000).optional(),
  })
  .superRefine((set, ctx) => {
    for (const problem of checkRuleSet(set)) ctx.addIssue({ code: 'custom', message: problem.message, path: problem.path });
  });
export type RuleSet = z.infer<typeof RuleSet>;
export type RuleSetInput = z.input<typeof RuleSet>;

export interface ModelIssue {
  /** Where, written the way a person reads it: `rules[3].conditions.all[1].value`. */
  path: string;
  message: string;
}

export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const part of path) out += typeof part === 'number' ? `[${part}]` : out ? `.${String(part)}` : String(part);
  return out;
}

export type ParseOutcome<T> = { ok: true; value: T } | { ok: false; issues: ModelIssue[] };

const MAX_DEPTH = 40;

/** Deeply nested input would blow the stack of any recursive walk; refuse it up front. */
function depthOf(value: unknown): number {
  let max = 0;
  const stack: Array<[unknown, number]> = [[value, 1]];
  while (stack.length) {
    const [node, depth] = stack.pop()!;
    if (depth > max) max = depth;
    if (depth > MAX_DEPTH) return depth;
    if (typeof node === 'object' && node !== null) for (const child of Object.values(node)) stack.push([child, depth + 1]);
  }
  return max;
}

function parseWith<T>(schema: z.ZodType<T>, input: unknown): ParseOutcome<T> {
  if (depthOf(input) > MAX_DEPTH) return { ok: false, issues: [{ path: '', message: `is nested deeper than ${MAX_DEPTH} levels` }] };
  const parsed = schema.safeParse(input);
  if (parsed.success) return { ok: true, value: parsed.data };
  return { ok: false, issues: parsed.error.issues.map((issue) => ({ path: formatPath(issue.path), message: issue.message })) };
}

export const parseRuleSet = (input: unknown): ParseOutcome<RuleSet> => parseWith(RuleSet, input);
export const parseRule = (input: unknown): ParseOutcome<Rule> => parseWith(Rule, input);
