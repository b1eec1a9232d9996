import { afterEach, describe, expect, it, vi } from 'vitest';
import { compileRuleSet } from '../../../core/rules/compile.ts';
import { evaluate } from '../../../core/rules/evaluate.ts';
import type { RuleInput } from '../../../core/rules/model.ts';
import { lead, NOW, rule, ruleSet } from './fixtures.ts';

// Run plans as generated code (core/rules/plan-code.ts): rule text never becomes source, big
// scopes are split into parts, and an environment that forbids code generation still runs.

const HOSTILE = ['"); globalThis.pwned = 1; ("', '`${globalThis.pwned = 1}`', '*/ globalThis.pwned = 1; /*', "'; globalThis.pwned = 1; '"];

const run = (rules: RuleInput[], generated: boolean, trace = true) =>
  evaluate(compileRuleSet(ruleSet(rules), { generated }), lead({ contact: { country: 'DE', title: HOSTILE[0] } }), { event: 'arrived', now: NOW, trace });

afterEach(() => {
  vi.unstubAllGlobals();
  delete (globalThis as { pwned?: unknown }).pwned;
});

describe('generated run plans', () => {
  it('carry rule names, values and patterns as data, never as code', () => {
    const rules = HOSTILE.map((text, i) =>
      rule({
        name: text,
        order: i,
        conditions: { any: [{ field: 'contact.title', op: 'equals', value: text }, { field: 'contact.country', op: 'matches', pattern: '^DE$' }] },
        actions: [{ type: 'setField', field: 'custom.note', value: text }, { type: 'attachCollateral', ref: `deck-${i}.pdf` }],
      }),
    );
    for (const trace of [true, false]) {
      const result = run(rules, true, trace);
      expect((globalThis as { pwned?: unknown }).pwned).toBeUndefined();
      expect(result.lead.custom.note).toBe(HOSTILE.at(-1));
      expect(result.changes['custom.note']?.ruleName).toBe(HOSTILE.at(-1));
      expect(result.collateral.map((c) => c.ref)).toEqual(['deck-0.pdf', 'deck-1.pdf', 'deck-2.pdf', 'deck-3.pdf']);
      expect(result).toEqual(run(rules, false, trace));
    }
  });

  it('split a scope of many rules into parts and give the interpreter’s result, failures included', () => {
    const rules = Array.from({ length: 130 }, (_, i) =>
      rule({
        order: i,
        conditions: i % 3 === 0 ? undefined : { field: 'score', op: 'gte', value: i % 7 },
        actions: i === 64 ? [{ type: 'setScore', add: 5 }, { type: 'routeRoundRobin', classId: 'nobody' }] : [{ type: 'setScore', add: 1 }],
      }),
    );
    for (const trace of [true, false]) {
      const generated = run(rules, true, trace);
      expect(generated.lead.score).toBeGreaterThan(50);
      expect(generated.errors.map((e) => e.message)).toEqual(['user class "nobody" is unknown or has no members']);
      expect(generated).toEqual(run(rules, false, trace));
    }
  });

  it('run calculations and writes inline with the interpreter’s results, rollback of a failed rule included', () => {
    const tables = [{ id: 'tiers', entries: [{ key: 'gold', value: 40 }] }];
    const rules = [
      // Writes the score and a custom field, then fails on a sum that is not finite: both writes are undone.
      rule({
        order: 1,
        calculations: [
          { kind: 'lookup', field: 'custom.tier', table: 'tiers', into: 'score', default: 5 },
          { kind: 'weightedSum', into: 'derived.size', terms: [{ field: 'interest.budget', weight: 1e300 }] },
        ],
        actions: [{ type: 'setField', field: 'custom.note', value: 'never' }],
      }),
      rule({ order: 2, calculations: [{ kind: 'lookup', field: 'custom.tier', table: 'tiers', into: 'derived.points' }], actions: [{ type: 'setField', field: 'custom.note', from: 'contact.country' }] }),
      rule({ order: 3, conditions: { field: 'derived.points', op: 'gte', value: 40 }, actions: [{ type: 'setScore', add: 7 }, { type: 'routeRoundRobin', classId: 'reps' }] }),
    ];
    const subject = lead({ contact: { country: 'DE' }, interest: { budget: 1e300 }, custom: { tier: 'GOLD' }, score: 3 });
    const context = { event: 'arrived' as const, now: NOW, userClasses: { reps: ['ann', 'bob'] } };
    for (const trace of [true, false]) {
      const run = (generated: boolean) => evaluate(compileRuleSet(ruleSet(rules, tables), { generated }), subject, { ...context, trace });
      const generated = run(true);
      expect(generated.errors.map((e) => e.message)).toEqual(['the weighted sum into derived.size is not a finite number']);
      expect(generated.lead.score).toBe(10);
      expect(generated.lead.custom).toEqual({ tier: 'GOLD', note: 'DE' });
      expect(Object.keys(generated.changes)).toEqual(['custom.note', 'score']);
      expect(generated.derived).toEqual({ points: 40 });
      expect(subject.score).toBe(3);
      expect(subject.custom).toEqual({ tier: 'GOLD' });
      expect(generated).toEqual(run(false));
    }
  });

  it('trace lookups as the interpreter does, a table value the target refuses included', () => {
    // Traced plans make each table value's result once; a value that cannot be a score must still fail per lead.
    const tables = [{ id: 'tiers', entries: [{ key: 'gold', value: 40 }, { key: 'odd', value: 'many' }] }];
    const rules = [
      rule({ order: 1, calculations: [{ kind: 'lookup', field: 'custom.tier', table: 'tiers', into: 'score' }], actions: [] }),
      rule({ order: 2, calculations: [{ kind: 'lookup', field: 'custom.tier', table: 'tiers', into: 'derived.points', default: 1 }, { kind: 'lookup', field: 'contact.country', table: 'tiers', into: 'custom.note' }], actions: [] }),
    ];
    for (const tier of ['GOLD', 'odd', 'none']) {
      const subject = lead({ contact: { country: 'DE' }, custom: { tier } });
      const run = (generated: boolean) => evaluate(compileRuleSet(ruleSet(rules, tables), { generated }), subject, { event: 'arrived', now: NOW });
      const generated = run(true);
      expect(generated.trace).toHaveLength(2);
      expect(generated.errors.map((e) => e.message)).toEqual(tier === 'odd' ? ['the score must be a number, not "many"'] : []);
      expect(generated.trace[1]!.calculations.map((c) => c.value)).toEqual([tier === 'GOLD' ? 40 : tier === 'odd' ? 'many' : 1, undefined]);
      expect(generated).toEqual(run(false));
    }
  });

  it('fall back to the interpreter where code generation is forbidden (a strict Content Security Policy)', () => {
    const set = ruleSet([rule({ conditions: { field: 'contact.country', op: 'equals', value: 'de' }, actions: [{ type: 'setPriority', priority: 'high' }] })]);
    const subject = lead({ contact: { country: 'DE' } });
    vi.stubGlobal('Function', function refused() {
      throw new EvalError("Refused to evaluate a string as JavaScript because 'unsafe-eval' is not an allowed source");
    });
    const result = evaluate(compileRuleSet(set), subject, { event: 'arrived', now: NOW });
    expect(result.lead.priority).toBe('high');
    expect(result.trace.map((t) => t.matched[0]?.value)).toEqual(['DE']);
  });
});
