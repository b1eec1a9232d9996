import type { WizardTemplate } from '../../../core/contract/index.ts';
import {
  ACTION_TYPES, catalogueFields, operatorsFor, resolveField, RULE_CATEGORIES, RULE_EVENTS,
  type ActionAllowance, type FieldAllowance, type FieldKind, type Operator, type RuleActionType,
} from '../../../core/rules/index.ts';
import { fieldLabel } from '../labels.ts';

/**
 * What the wizard may offer, from the effective template: an absent list allows everything the
 * engine knows, a present one only what it lists. The server checks again on save; offering
 * only allowed choices keeps most mistakes from being made at all.
 */

export interface FieldChoice {
  path: string;
  label: string;
  kind: FieldKind;
  /** Enum values, or the template's allowed values. */
  values?: readonly string[];
  min?: number;
  max?: number;
  writable: boolean;
}

export const CUSTOM_FIELD = 'custom.*';

function allowanceFor(fields: FieldAllowance[] | undefined, path: string): FieldAllowance | null | 'free' {
  if (!fields) return 'free';
  return fields.find((f) => f.path === path) ?? (path.startsWith('custom.') ? (fields.find((f) => f.path === CUSTOM_FIELD) ?? null) : null);
}

export function categoryChoices(t: WizardTemplate) {
  return t.effective.categories ?? [...RULE_CATEGORIES];
}

export function eventChoices(t: WizardTemplate) {
  return t.effective.events ?? [...RULE_EVENTS];
}

/** Fields a condition may read; `custom.*` stands for "a custom field I name". */
export function fieldChoices(t: WizardTemplate): FieldChoice[] {
  const catalogue = catalogueFields().map((f) => ({ ...f, label: fieldLabel(f.label) }));
  const listed = t.effective.fields;
  const fromCatalogue = catalogue.filter((f) => allowanceFor(listed, f.path) !== null);
  const customs = (listed ?? []).filter((f) => f.path.startsWith('custom.') && f.path !== CUSTOM_FIELD).map((f) => f.path);
  const anyCustom = !listed || listed.some((f) => f.path === CUSTOM_FIELD);
  const custom = (path: string, label: string): FieldChoice => ({ path, label, kind: 'any', writable: true });
  return [
    ...fromCatalogue.map((f) => withAllowance({ path: f.path, label: f.label, kind: f.kind, values: f.values, writable: f.writable }, allowanceFor(listed, f.path))),
    ...customs.map((path) => withAllowance(custom(path, `Custom: ${path.slice(7)}`), allowanceFor(listed, path))),
    ...(anyCustom ? [custom(CUSTOM_FIELD, 'Custom field…')] : []),
  ];
}

function withAllowance(choice: FieldChoice, allowance: FieldAllowance | null | 'free'): FieldChoice {
  if (!allowance || allowance === 'free') return choice;
  return {
    ...choice,
    ...(allowance.values ? { values: choice.values ? choice.values.filter((v) => allowance.values!.includes(v)) : allowance.values } : {}),
    ...(allowance.min !== undefined ? { min: allowance.min } : {}),
    ...(allowance.max !== undefined ? { max: allowance.max } : {}),
  };
}

/** Describes a concrete path (a named custom field included) the way the picker does. */
export function choiceFor(t: WizardTemplate, path: string): FieldChoice | null {
  const choices = fieldChoices(t);
  const exact = choices.find((c) => c.path === path);
  if (exact) return exact;
  const resolved = resolveField(path);
  if ('error' in resolved || !path.startsWith('custom.')) return null;
  const anyCustom = choices.find((c) => c.path === CUSTOM_FIELD);
  return anyCustom ? { ...anyCustom, path, label: `Custom: ${path.slice(7)}` } : null;
}

export function operatorChoices(t: WizardTemplate, field: FieldChoice): Operator[] {
  const allowance = allowanceFor(t.effective.fields, field.path);
  const perField = allowance && allowance !== 'free' ? allowance.operators : undefined;
  return operatorsFor(field.kind).filter((op) => (!t.effective.operators || t.effective.operators.includes(op)) && (!perField || perField.includes(op)));
}

export function actionChoices(t: WizardTemplate): RuleActionType[] {
  return t.effective.actions?.map((a) => a.type) ?? [...ACTION_TYPES];
}

export function actionAllowance(t: WizardTemplate, type: RuleActionType): ActionAllowance | null {
  return t.effective.actions?.find((a) => a.type === type) ?? null;
}

/** "between −50 and 50", "at least 1", or null. */
export function rangeHint(min: number | undefined, max: number | undefined, unit = ''): string | null {
  if (min !== undefined && max !== undefined) return `Allowed: ${min}${unit} to ${max}${unit}`;
  if (min !== undefined) return `Allowed: at least ${min}${unit}`;
  if (max !== undefined) return `Allowed: at most ${max}${unit}`;
  return null;
}
