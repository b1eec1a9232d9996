import { CallError } from '../../../core/contract/errors.ts';
import { compileRuleSet, parseRule, validateAgainstTemplates, type LookupTable, type ModelIssue, type Rule } from '../../../core/rules/index.ts';
import type { StoredRule } from '../store/index.ts';
import type { RuleDirectory } from './rule-directory.ts';

/**
 * The checks every rule passes before it is stored (save and import alike): the engine's
 * parser, the box it is scoped to, the compiler (patterns, lookup tables, derived values),
 * and the templates of my manager chain. Problems carry the path of the rule part at fault,
 * prefixed with where the rule sits in the request (`rule.actions[0].add`, `rules[2].event`).
 */

export interface RuleContext {
  dir: RuleDirectory;
  me: string;
  newId: () => string;
  stored: readonly StoredRule[];
  lookupTables: readonly LookupTable[];
}

const join = (at: string, path: string) => (path ? `${at}.${path}` : at);

/** Fills in what the editor may leave out (id, owner, order, enabled) from the stored rule or sensible defaults. */
export function completeRule(input: Record<string, unknown>, ctx: RuleContext): Record<string, unknown> {
  const id = typeof input.id === 'string' && input.id.trim() !== '' ? input.id : ctx.newId();
  const existing = ctx.stored.find((s) => s.rule.id === id)?.rule;
  const scope = input.scope ?? existing?.scope ?? { kind: 'box', boxId: ctx.dir.myBox.id };
  const boxId = (scope as { boxId?: unknown }).boxId;
  const lastOrder = Math.max(0, ...ctx.stored.filter((s) => s.rule.scope.kind === 'box' && s.rule.scope.boxId === boxId).map((s) => s.rule.order));
  const defaults = ctx.dir.chain.map((t) => t.template.defaults ?? {});
  const enabledDefault = [...defaults].reverse().find((d) => d.enabled !== undefined)?.enabled ?? true;
  return {
    ...input,
    id,
    scope,
    ownerId: existing?.ownerId ?? ctx.me,
    order: input.order ?? existing?.order ?? lastOrder + 10,
    enabled: input.enabled ?? existing?.enabled ?? enabledDefault,
  };
}

/** Everything wrong with a parsed rule, for storing it where its scope says. */
export function ruleProblems(rule: Rule, ctx: RuleContext, at: string): ModelIssue[] {
  const problems: ModelIssue[] = [];
  const existing = ctx.stored.find((s) => s.rule.id === rule.id)?.rule;
  if (existing?.scope.kind === 'box' && !ctx.dir.isEditable(existing.scope.boxId)) {
    problems.push({ path: join(at, 'id'), message: `rule "${rule.id}" belongs to box "${ctx.dir.boxName(existing.scope.boxId)}", which you cannot edit` });
  }
  if (rule.scope.kind === 'global') {
    problems.push({ path: join(at, 'scope'), message: 'global rules are written by an administrator on the server; choose your box or one below it' });
  } else if (!ctx.dir.isEditable(rule.scope.boxId)) {
    const allowed = ctx.dir.editable.map((b) => b.id).join(', ');
    problems.push({ path: join(at, 'scope.boxId'), message: `box "${rule.scope.boxId}" is not yours or below yours; allowed: ${allowed}` });
  }
  // Compiled beside the stored rules, so derived values other rules compute are known.
  const others = ctx.stored.map((s) => s.rule).filter((r) => r.id !== rule.id);
  const compiled = compileRuleSet({ version: 1, rules: [...others, { ...rule, enabled: true }], lookupTables: [...ctx.lookupTables] });
  for (const error of compiled.errors) if (error.ruleId === rule.id) problems.push({ path: join(at, error.path ?? ''), message: error.message });
  for (const v of validateAgainstTemplates(rule, ctx.dir.chain.map((t) => t.template))) {
    const allowed = v.allowed.length ? v.allowed.join(', ') : 'nothing';
    problems.push({ path: join(at, v.path), message: `${v.message}: template "${v.templateName}" allows ${allowed}` });
  }
  return problems;
}

export function refuse(problems: readonly ModelIssue[]): never {
  const [first] = problems;
  const more = problems.length > 1 ? ` (and ${problems.length - 1} more ${problems.length === 2 ? 'problem' : 'problems'})` : '';
  throw new CallError('invalid_input', `${first?.message ?? 'is invalid'}${more}`, first?.path || undefined);
}

/** A rule from the editor, parsed, completed and checked; refused with the first problem's path. */
export function checkedRule(input: Record<string, unknown>, ctx: RuleContext, at: string): Rule {
  const parsed = parseRule(completeRule(input, ctx));
  if (!parsed.ok) refuse(parsed.issues.map((i) => ({ path: join(at, i.path), message: i.message })));
  const problems = ruleProblems(parsed.value, ctx, at);
  if (problems.length) refuse(problems);
  return parsed.value;
}
