import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { effectiveTemplate, exportTemplateXml, parseTemplateXml, validateAgainstTemplates, type RuleTemplate } from '../../../core/rules/templates.ts';
import { rule, ruleSet } from './fixtures.ts';

const load = (name: string): RuleTemplate => {
  const parsed = parseTemplateXml(readFileSync(new URL(`../../../resources/rule-templates/${name}.xml`, import.meta.url), 'utf8'));
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
  return parsed.value;
};
const director = load('sales-director');
const manager = load('regional-manager');
const chain = [director, manager];

describe('wizard templates', () => {
  it('reads the example templates and writes them back unchanged', () => {
    expect(manager.fields!.find((f) => f.path === 'contact.country')!.values).toEqual(['DE', 'AT', 'CH']);
    for (const t of chain) expect(parseTemplateXml(exportTemplateXml(t))).toEqual({ ok: true, value: t });
  });

  it('accepts a rule inside the chain', () => {
    const [r] = ruleSet([
      rule({
        conditions: { all: [{ field: 'contact.country', op: 'oneOf', values: ['DE', 'AT'] }, { field: 'interest.size', op: 'gte', value: 500 }] },
        actions: [{ type: 'setPriority', priority: 'high' }, { type: 'routeRoundRobin', classId: 'dach-reps' }],
      }),
    ]).rules;
    expect(validateAgainstTemplates(r!, chain)).toEqual([]);
  });

  it('names the template, the path and the allowed values of each violation', () => {
    const [r] = ruleSet([
      rule({
        category: 'notification',
        conditions: { all: [{ field: 'contact.country', op: 'equals', value: 'FR' }, { field: 'interest.size', op: 'gt', value: 10 }] },
        actions: [{ type: 'setScore', add: 40 }, { type: 'routeToPartner', partnerId: 'p1' }],
      }),
    ]).rules;
    const found = validateAgainstTemplates(r!, chain, 'rules[0]').map((v) => [v.templateId, v.path, v.allowed.join(',')]);
    expect(found).toEqual([
      ['sales-org', 'rules[0].category', 'prioritization,assignment,attachment,workflow'],
      ['sales-org', 'rules[0].actions[1].type', 'setPriority,setScore,setField,routeToBox,routeToUser,routeRoundRobin,attachCollateral,setOfferTimeout,incubate'],
      ['dach-reps', 'rules[0].category', 'prioritization,assignment,attachment'],
      ['dach-reps', 'rules[0].conditions.all[0].value', 'DE,AT,CH'],
      ['dach-reps', 'rules[0].conditions.all[1].op', 'equals,oneOf,gte,lte,between,contains'],
      ['dach-reps', 'rules[0].actions[0].add', '-20..20'],
      ['dach-reps', 'rules[0].actions[1].type', 'setPriority,setScore,routeToUser,routeRoundRobin,attachCollateral,setOfferTimeout'],
    ]);
  });

  it('combines a chain by intersection: each manager can only narrow', () => {
    const effective = effectiveTemplate(chain);
    expect(effective.categories).toEqual(['prioritization', 'assignment', 'attachment']);
    expect(effective.actions!.find((a) => a.type === 'setScore')).toEqual({ type: 'setScore', min: -20, max: 20 });
    expect(effective.actions!.map((a) => a.type)).not.toContain('routeToBox');
    expect(effective.defaults).toEqual({ category: 'assignment', event: 'arrived', enabled: true, order: 100 });
    const widen: RuleTemplate = { id: 'w', name: 'Wider', categories: ['tracking', 'assignment'], actions: [{ type: 'setScore', min: -90, max: 90 }] };
    const narrowed = effectiveTemplate([...chain, widen]);
    expect(narrowed.categories).toEqual(['assignment']);
    expect(narrowed.actions).toEqual([{ type: 'setScore', min: -20, max: 20 }]);
  });

  it('refuses DOCTYPEs, entity tricks, oversized and malformed documents, with the place at fault', () => {
    const bomb = '<?xml version="1.0"?><!DOCTYPE t [<!ENTITY a "aaaa">]><ruleTemplate id="x" name="&a;"/>';
    expect(parseTemplateXml(bomb)).toMatchObject({ ok: false, issues: [{ message: expect.stringContaining('DOCTYPE') }] });
    expect(parseTemplateXml(`<ruleTemplate id="x" name="${'a'.repeat(1_100_000)}"/>`)).toMatchObject({ ok: false, issues: [{ message: expect.stringContaining('too large') }] });
    expect(parseTemplateXml('<ruleTemplate id="x" name="y"><events>')).toMatchObject({ ok: false, issues: [{ message: expect.stringContaining('well-formed') }] });
    expect(parseTemplateXml('<ruleTemplate id="x" name="y"><actions><action type="fly"/></actions></ruleTemplate>')).toMatchObject({ ok: false, issues: [{ path: 'actions[0].type' }] });
    expect(parseTemplateXml('<ruleTemplate id="x" name="y"><fields><field path="interest.size" min="lots"/></fields></ruleTemplate>')).toMatchObject({ ok: false, issues: [{ path: 'fields[0].min' }] });
  });
});
