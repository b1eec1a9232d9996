import { z } from 'zod';
import { ACTION_TYPES, Operator, RuleCategory, RuleEvent, type RuleActionType } from './model.ts';

/**
 * A manager's wizard template: what the users below them may put in a rule. Every list is
 * optional: absent means "this template does not restrict it", present (even empty) means
 * "only these". The XML form is specified by docs/rule-template.xsd.
 */

const id = z.string().trim().min(1, 'is required').max(64);
const fieldPattern = z
  .string()
  .regex(/^(?:[A-Za-z]+(?:\.[A-Za-z0-9_-]+)?|custom\.\*)$/, 'must be a field path such as "contact.country", or "custom.*"');

export const FieldAllowance = z.strictObject({
  path: fieldPattern,
  operators: z.array(Operator).optional(),
  values: z.array(z.string().max(2000)).max(1000).optional(),
  min: z.number().finite().optional(),
  max: z.number().finite().optional(),
});
export type FieldAllowance = z.infer<typeof FieldAllowance>;

export const ActionAllowance = z.strictObject({
  type: z.enum(ACTION_TYPES as [RuleActionType, ...RuleActionType[]]),
  /** Allowed values of the action's main parameter (see `actionParameters`). */
  values: z.array(z.string().max(500)).max(1000).optional(),
  min: z.number().finite().optional(),
  max: z.number().finite().optional(),
});
export type ActionAllowance = z.infer<typeof ActionAllowance>;

export const CALCULATION_KINDS = ['lookup', 'weightedSum'] as const;

export const RuleTemplate = z.strictObject({
  id,
  name: z.string().trim().min(1, 'is required').max(120),
  ownerId: id.optional(),
  categories: z.array(RuleCategory).optional(),
  events: z.array(RuleEvent).optional(),
  operators: z.array(Operator).optional(),
  fields: z.array(FieldAllowance).max(500).optional(),
  calculations: z.array(z.enum(CALCULATION_KINDS)).optional(),
  actions: z.array(ActionAllowance).max(100).optional(),
  defaults: z
    .strictObject({ category: RuleCategory.optional(), event: RuleEvent.optional(), enabled: z.boolean().optional(), order: z.number().int().optional() })
    .optional(),
  limits: z.strictObject({ maxConditions: z.number().int().nonnegative().optional(), maxActions: z.number().int().nonnegative().optional() }).optional(),
});
export type RuleTemplate = z.infer<typeof RuleTemplate>;
