import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateDemoWorkspace } from '../../../core/demo/generate.ts';
import { REGIONAL_MANAGER_TEMPLATE_XML, SALES_DIRECTOR_TEMPLATE_XML } from '../../../core/demo/rule-templates.ts';
import { demoRules, DEMO_DIRECTOR } from '../../../core/demo/rule-workspace.ts';
import { buildBoxTree, compileRuleSet, validateAgainstTemplates } from '../../../core/rules/index.ts';

const resources = join(import.meta.dirname, '..', '..', '..', 'resources', 'rule-templates');
const NOW = Date.UTC(2026, 10, 22, 9, 0, 0);

describe('demo rule workspace', () => {
  it('embeds the example templates of resources/rule-templates unchanged', () => {
    expect(SALES_DIRECTOR_TEMPLATE_XML).toBe(readFileSync(join(resources, 'sales-director.xml'), 'utf8'));
    expect(REGIONAL_MANAGER_TEMPLATE_XML).toBe(readFileSync(join(resources, 'regional-manager.xml'), 'utf8'));
  });

  it('has a valid tree, rules that compile, and every rule within the templates of its owner’s manager chain', () => {
    const rules = demoRules('u-me', 'Alex Rep');
    const tree = buildBoxTree(rules.boxes.map(({ ownerId: _owner, ...node }) => node));
    expect(tree.pathTo('box-rep-anna')).toEqual(['box-intake', 'box-sales', 'box-u-me', 'box-rep-anna']);
    expect(compileRuleSet({ version: 1, rules: rules.rules, lookupTables: rules.lookupTables }).errors).toEqual([]);
    const [salesOrg, dachReps] = rules.templates;
    expect(salesOrg).toMatchObject({ ownerId: DEMO_DIRECTOR.id, template: { id: 'sales-org' } });
    expect(dachReps).toMatchObject({ ownerId: 'u-me', template: { id: 'dach-reps', ownerId: 'u-me' } });
    for (const rule of rules.rules) {
      const chain = rule.ownerId === 'u-me' ? [salesOrg!.template] : [salesOrg!.template, dachReps!.template];
      expect({ rule: rule.id, violations: validateAgainstTemplates(rule, chain) }).toEqual({ rule: rule.id, violations: [] });
    }
    expect(rules.rules.filter((r) => r.ownerId === 'u-me').length).toBeGreaterThanOrEqual(6);
    expect(new Set(rules.rules.map((r) => r.ownerId))).toEqual(new Set(['u-me', 'rep-anna', 'rep-ben', 'rep-clara']));
  });

  it("records the rules that fired in history, for the leads that reached the user's box only", () => {
    const demo = generateDemoWorkspace({ count: 800, seed: 3, now: NOW, userId: 'u-me', userName: 'Alex Rep' });
    const known = new Set(demo.rules.rules.map((r) => r.id));
    const ruleEntries = demo.history.filter((h) => h.kind === 'rule');
    expect(ruleEntries.length).toBeGreaterThan(800 * 0.8);
    expect(ruleEntries.every((h) => known.has(h.data.ruleId as string) && h.actor === 'rules' && h.summary.startsWith('Rule "'))).toBe(true);
    const status = new Map(demo.leads.map((l) => [l.id, l.status]));
    expect(ruleEntries.some((h) => status.get(h.leadId) === 'new' || status.get(h.leadId) === 'routed')).toBe(false);
    const fired = new Set(ruleEntries.map((h) => h.data.ruleId));
    for (const id of ['demo-round-robin', 'demo-enterprise', 'demo-industry-fit']) expect(fired).toContain(id);
    expect(fired).not.toContain('demo-researchers');
  });
});
