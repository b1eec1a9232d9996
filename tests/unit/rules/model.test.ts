import { describe, expect, it } from 'vitest';
import { parseRule, parseRuleSet } from '../../../core/rules/model.ts';
import { rule } from './fixtures.ts';

const set = (rules: unknown[]) => parseRuleSet({ version: 1, rules });
const issuesOf = (outcome: ReturnType<typeof parseRuleSet>) => (outcome.ok ? [] : outcome.issues);

describe('rule model', () => {
  it('accepts a complete rule and fills defaults', () => {
    const parsed = parseRule(rule({ actions: [{ type: 'setPriority', priority: 'high' }], conditions: { field: 'custom.industry', op: 'equals', value: 'software' } }));
    expect(parsed.ok && parsed.value.enabled).toBe(true);
    expect(parsed.ok && parsed.value.order).toBe(0);
  });

  it('names the path of a wrong value deep in a condition tree', () => {
    const bad = rule({ actions: [{ type: 'setPriority', priority: 'high' }], conditions: { all: [{ field: 'contact.country', op: 'oneOf', values: ['DE'] }, { field: 'interest.size', op: 'gte', value: true }] } });
    const issues = issuesOf(set([rule({ actions: [{ type: 'markOverflow' }] }), rule({ actions: [{ type: 'markOverflow' }] }), rule({ actions: [{ type: 'markOverflow' }] }), bad]));
    expect(issues.map((i) => i.path)).toContain('rules[3].conditions.all[1].value');
  });

  it('refuses custom fields and derived values named __proto__, constructor or prototype, naming the path', () => {
    const issues = issuesOf(
      set([
        rule({ actions: [{ type: 'setField', field: 'custom.__proto__', value: 'x' }] }),
        rule({ actions: [{ type: 'markOverflow' }], conditions: { field: 'custom.constructor', op: 'isEmpty' } }),
        rule({ actions: [], calculations: [{ kind: 'weightedSum', terms: [{ field: 'score', weight: 1 }], into: 'derived.prototype' }] }),
        rule({ actions: [{ type: 'setField', field: 'custom.proto', value: 'x' }] }),
      ]),
    );
    expect(issues.map((i) => i.path)).toEqual(['rules[0].actions[0].field', 'rules[1].conditions.field', 'rules[2].calculations[0].into']);
    expect(issues[0]!.message).toBe('"__proto__" is reserved and cannot be a custom field name');
    expect(issues[2]!.message).toBe('"prototype" is reserved and cannot be a derived value name');
  });

  it('refuses patterns with nested repetition, naming the path, and leaves invalid ones to the compiler', () => {
    const issues = issuesOf(
      set([
        rule({ actions: [{ type: 'markOverflow' }], conditions: { field: 'contact.email', op: 'matches', pattern: '^(a+)+$' } }),
        rule({ actions: [{ type: 'markOverflow' }], conditions: { field: 'contact.email', op: 'matches', pattern: '@example\\.(com|org)$' } }),
        rule({ actions: [{ type: 'markOverflow' }], conditions: { field: 'contact.email', op: 'matches', pattern: '(unclosed' } }),
      ]),
    );
    expect(issues.map((i) => i.path)).toEqual(['rules[0].conditions.pattern']);
    expect(issues[0]!.message).toMatch(/nested repetition/);
  });

  it('rejects unknown fields and lists the known ones', () => {
    const issues = issuesOf(set([rule({ actions: [{ type: 'markOverflow' }], conditions: { any: [{ field: 'contact.shoeSize', op: 'isEmpty' }] } })]));
    expect(issues[0]).toMatchObject({ path: 'rules[0].conditions.any[0].field' });
    expect(issues[0]!.message).toContain('contact.country');
  });

  it('rejects operators that do not fit the field kind, and values of the wrong type', () => {
    const issues = issuesOf(
      set([
        rule({ actions: [{ type: 'markOverflow' }], conditions: { field: 'interest.size', op: 'contains', value: '5' } }),
        rule({ actions: [{ type: 'markOverflow' }], conditions: { field: 'priority', op: 'equals', value: 'sky-high' } }),
        rule({ actions: [{ type: 'markOverflow' }], conditions: { field: 'interest.budget', op: 'oneOf', values: [100, 'lots'] } }),
      ]),
    );
    expect(issues.map((i) => i.path)).toEqual(['rules[0].conditions.op', 'rules[1].conditions.value', 'rules[2].conditions.values[1]']);
  });

  it('refuses to let rules set read-only fields and asks for exactly one source of a value', () => {
    const issues = issuesOf(set([rule({ actions: [{ type: 'setField', field: 'status', value: 'won' }, { type: 'setScore', value: 5, add: 5 }, { type: 'incubate' }] })]));
    expect(issues.map((i) => i.path)).toEqual(['rules[0].actions[0].field', 'rules[0].actions[1]', 'rules[0].actions[2]']);
  });

  it('rejects unknown keys, duplicate ids, and absurd nesting', () => {
    expect(issuesOf(set([{ ...rule({ actions: [{ type: 'markOverflow' }] }), colour: 'red' }]))[0]!.path).toBe('rules[0]');
    const twin = rule({ actions: [{ type: 'markOverflow' }] });
    expect(issuesOf(set([twin, { ...twin }]))[0]).toMatchObject({ path: 'rules[1].id' });
    let deep: unknown = { field: 'score', op: 'isEmpty' };
    for (let i = 0; i < 60; i++) deep = { not: deep };
    expect(issuesOf(set([rule({ actions: [{ type: 'markOverflow' }], conditions: deep as never })]))[0]!.message).toContain('nested deeper');
  });

  it('checks custom and derived names', () => {
    const issues = issuesOf(set([rule({ actions: [{ type: 'setField', field: 'custom.bad name', value: 1 }] })]));
    expect(issues[0]).toMatchObject({ path: 'rules[0].actions[0].field' });
  });
});
