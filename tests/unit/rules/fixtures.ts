import { Lead, type Lead as LeadT } from '../../../core/lead/lead.ts';
import { parseRuleSet, type RuleInput, type RuleSet } from '../../../core/rules/model.ts';
import { compileRuleSet, type CompiledRuleSet } from '../../../core/rules/compile.ts';

export const NOW = Date.UTC(2026, 2, 1);

export function lead(over: { contact?: Partial<LeadT['contact']>; interest?: Partial<LeadT['interest']>; custom?: LeadT['custom'] } & Partial<Omit<LeadT, 'contact' | 'interest' | 'custom'>> = {}): LeadT {
  return Lead.parse({ id: 'lead-1', createdAt: NOW - 86_400_000, updatedAt: NOW, status: 'new', priority: 'normal', score: 0, ...over, contact: over.contact ?? {}, interest: over.interest ?? {} });
}

let counter = 0;
export function rule(over: Partial<RuleInput> & Pick<RuleInput, 'actions'>): RuleInput {
  counter++;
  return { id: `r${counter}`, name: `Rule ${counter}`, category: 'assignment', event: 'arrived', scope: { kind: 'global' }, ownerId: 'owner', ...over };
}

export function ruleSet(rules: RuleInput[], lookupTables: RuleSet['lookupTables'] = []): RuleSet {
  const parsed = parseRuleSet({ version: 1, rules, lookupTables });
  if (!parsed.ok) throw new Error(parsed.issues.map((i) => `${i.path}: ${i.message}`).join('; '));
  return parsed.value;
}

export const compile = (rules: RuleInput[], tables: RuleSet['lookupTables'] = []): CompiledRuleSet => compileRuleSet(ruleSet(rules, tables));
