import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PRIORITIES } from '../../../core/lead/lead.ts';
import { compileRuleSet } from '../../../core/rules/compile.ts';
import { evaluate, RoundRobinState } from '../../../core/rules/evaluate.ts';
import type { Condition, ConditionLeaf, RuleInput } from '../../../core/rules/model.ts';
import { compile, lead, NOW, rule, ruleSet } from './fixtures.ts';
import { referenceEvaluate } from './reference.ts';

// The compiled engine (dispatch tables, derived slots, copy-on-write, memos) against the naive
// interpreter in reference.ts, on random rule sets and leads. Rules lean on a few fields so
// that runs of rules on one field (the dispatch tables) and rules writing that field both occur.

const TABLES = [{ id: 'tiers', entries: [{ key: 'gold', value: 30 }, { key: 'Silver', value: 20 }, { key: 5, value: 7 }] }];
const CLASSES: Record<string, string[]> = { reps: ['ann', 'bob', 'cy'], nobody: [] };

const plainLeaf = fc.oneof(
  { weight: 4, arbitrary: fc.record({ field: fc.constant('contact.country'), op: fc.constantFrom('equals' as const, 'notEquals' as const), value: fc.constantFrom('DE', 'de', 'AT', null) }) },
  { weight: 4, arbitrary: fc.record({ field: fc.constant('contact.country'), op: fc.constant('oneOf' as const), values: fc.subarray(['DE', 'at', 'FR', 'fr'], { minLength: 1 }) }) },
  { weight: 1, arbitrary: fc.record({ field: fc.constant('contact.country'), op: fc.constantFrom('isEmpty' as const, 'isNotEmpty' as const) }) },
  { weight: 2, arbitrary: fc.record({ field: fc.constant('contact.title'), op: fc.constant('startsWith' as const), value: fc.constantFrom('VP', 'ce') }) },
  { weight: 2, arbitrary: fc.record({ field: fc.constant('contact.title'), op: fc.constant('oneOf' as const), values: fc.subarray(['CEO', 'vp sales', 'CTO'], { minLength: 1 }) }) },
  { weight: 2, arbitrary: fc.record({ field: fc.constant('custom.tier'), op: fc.constant('equals' as const), value: fc.constantFrom('GOLD', 'silver', 5, null) }) },
  { weight: 2, arbitrary: fc.record({ field: fc.constant('custom.tier'), op: fc.constant('oneOf' as const), values: fc.subarray<string | number>(['gold', 'SILVER', 5], { minLength: 1 }) }) },
  { weight: 2, arbitrary: fc.record({ field: fc.constantFrom('interest.size', 'score', 'derived.pts'), op: fc.constantFrom('gte' as const, 'lt' as const), value: fc.integer({ min: 0, max: 100 }) }) },
  { weight: 2, arbitrary: fc.record({ field: fc.constant('priority'), op: fc.constantFrom('equals' as const, 'gte' as const), value: fc.constantFrom(...PRIORITIES) }) },
  { weight: 1, arbitrary: fc.record({ field: fc.constant('priority'), op: fc.constant('oneOf' as const), values: fc.subarray([...PRIORITIES], { minLength: 1 }) }) },
);
// Now and then a text test asks for exact case.
const leaf: fc.Arbitrary<ConditionLeaf> = fc
  .tuple(plainLeaf, fc.integer({ min: 0, max: 4 }))
  .map(([l, dice]) => (dice === 0 && l.field !== 'priority' && ['equals', 'notEquals', 'oneOf', 'startsWith'].includes(l.op) ? { ...l, caseSensitive: true } : l) as ConditionLeaf);

const group: fc.Arbitrary<Condition> = fc.oneof(
  fc.record({ all: fc.array(leaf, { minLength: 1, maxLength: 3 }) }),
  fc.record({ any: fc.array(leaf, { minLength: 1, maxLength: 3 }) }),
  fc.record({ not: leaf }),
);
// Groups in groups: a traced plan explains an `any` below the top differently from one at the top.
const nested = fc.array(fc.oneof(leaf, group), { minLength: 1, maxLength: 3 });

const condition: fc.Arbitrary<Condition> = fc.oneof(
  { weight: 6, arbitrary: leaf },
  { weight: 1, arbitrary: fc.record({ all: fc.array(leaf, { minLength: 1, maxLength: 3 }) }) },
  { weight: 1, arbitrary: fc.record({ any: fc.array(leaf, { minLength: 1, maxLength: 3 }) }) },
  { weight: 1, arbitrary: fc.record({ not: leaf }) },
  { weight: 1, arbitrary: fc.oneof(nested.map((all): Condition => ({ all })), nested.map((any): Condition => ({ any }))) },
);

const calculation = fc.oneof(
  fc.record({ kind: fc.constant('lookup' as const), field: fc.constant('custom.tier'), table: fc.constant('tiers'), into: fc.constantFrom('derived.pts', 'score'), default: fc.option(fc.constantFrom(1, 50), { nil: undefined }) }),
  fc.record({
    kind: fc.constant('weightedSum' as const),
    terms: fc.constant([{ field: 'interest.size', weight: 0.01 }, { field: 'derived.pts', weight: 1 }]).map((terms) => terms.map((t) => ({ ...t }))),
    into: fc.constantFrom('derived.pts', 'score'),
    default: fc.option(fc.constant(3), { nil: undefined }),
  }),
);

const action = fc.oneof(
  fc.record({ type: fc.constant('setField' as const), field: fc.constant('contact.country'), value: fc.constantFrom('DE', 'AT', 'FR') }),
  fc.record({ type: fc.constant('setField' as const), field: fc.constant('custom.tier'), value: fc.constantFrom('gold', 'Silver', 5) }),
  fc.record({ type: fc.constant('setScore' as const), add: fc.integer({ min: -30, max: 30 }) }),
  fc.record({ type: fc.constant('setScore' as const), value: fc.integer({ min: 0, max: 100 }) }),
  fc.record({ type: fc.constant('setPriority' as const), priority: fc.constantFrom(...PRIORITIES) }),
  fc.record({ type: fc.constant('routeToBox' as const), boxId: fc.constantFrom('a', 'b') }),
  fc.record({ type: fc.constant('routeToUser' as const), userId: fc.constantFrom('ann', 'zed') }),
  fc.record({ type: fc.constant('routeRoundRobin' as const), classId: fc.constantFrom('reps', 'reps', 'nobody') }),
  fc.record({ type: fc.constant('attachCollateral' as const), ref: fc.constantFrom('deck.pdf', 'terms.pdf') }),
  fc.record({ type: fc.constant('notify' as const), channel: fc.constant('email' as const), template: fc.constantFrom('hi', 'hot') }),
);

const rules = fc
  .array(
    fc.record({
      scope: fc.constantFrom<RuleInput['scope']>({ kind: 'global' }, { kind: 'global' }, { kind: 'box', boxId: 'a' }, { kind: 'box', boxId: 'b' }),
      order: fc.integer({ min: 0, max: 3 }),
      enabled: fc.integer({ min: 0, max: 9 }).map((n) => n > 0),
      conditions: fc.option(condition, { nil: undefined, freq: 6 }),
      calculations: fc.option(fc.array(calculation, { minLength: 1, maxLength: 2 }), { nil: undefined, freq: 2 }),
      actions: fc.array(action, { minLength: 1, maxLength: 3 }),
    }),
    { minLength: 1, maxLength: 14 },
  )
  .map((list) => list.map((r, i): RuleInput => ({ id: `r${i}`, name: `Rule ${i}`, category: 'workflow', event: 'arrived', ownerId: 'o', ...r })));

const leadInput = fc.record({
  country: fc.constantFrom('DE', 'AT', 'FR', 'US', null),
  title: fc.constantFrom('CEO', 'VP Sales', 'cto', 'Engineer', null),
  tier: fc.constantFrom('gold', 'GOLD', 'Silver', 5, null, undefined),
  size: fc.option(fc.integer({ min: 0, max: 5000 }), { nil: null }),
  score: fc.integer({ min: 0, max: 100 }),
  priority: fc.constantFrom(...PRIORITIES),
});

describe.each([
  { plans: 'generated code', generated: true },
  { plans: 'the plan interpreter', generated: false },
])('compiled evaluation, run as $plans, equals the reference interpreter', ({ generated }) => {
  it('on random rule sets, leads, rotation states and performed keys', () => {
    fc.assert(
      fc.property(
        rules,
        fc.array(leadInput, { minLength: 1, maxLength: 6 }),
        fc.constantFrom(undefined, 'ann', 'cy'),
        fc.subarray(['collateral:deck.pdf', 'notify:email:hot::arrived']),
        (input, leads, last, alreadyPerformed) => {
          const set = ruleSet(input, TABLES);
          const compiled = compileRuleSet(set, { generated });
          // Generated plans build traces their own way: every entry must equal the interpreter's.
          const interpreted = generated ? compileRuleSet(set, { generated: false }) : null;
          // The same compiled set serves every lead, so the dispatch memos are exercised warm too.
          for (const l of leads) {
            const subject = lead({ contact: { country: l.country, title: l.title }, interest: { size: l.size }, score: l.score, priority: l.priority, custom: l.tier === undefined ? {} : { tier: l.tier } });
            const roundRobinState: Record<string, string> = last ? { reps: last } : {};
            const ctx = { boxPath: ['a', 'b'], userClasses: CLASSES, alreadyPerformed };
            const roundRobin = new RoundRobinState(roundRobinState);
            const ours = evaluate(compiled, subject, { event: 'arrived', now: NOW, ...ctx, roundRobin });
            const ref = referenceEvaluate(set, subject, { ...ctx, roundRobinState });
            expect(ours.lead).toEqual(ref.lead);
            expect(Object.fromEntries(Object.entries(ours.changes).map(([k, c]) => [k, { value: c.value, ruleId: c.ruleId }]))).toEqual(ref.changes);
            expect(ours.derived).toEqual(ref.derived);
            const routing = ours.routing && { kind: ours.routing.kind, target: 'boxId' in ours.routing ? ours.routing.boxId : 'userId' in ours.routing ? ours.routing.userId : '?', ruleId: ours.routing.ruleId };
            expect(routing).toEqual(ref.routing);
            expect(ours.collateral.map((c) => c.ref)).toEqual(ref.collateral);
            expect(ours.performed).toEqual(ref.performed);
            expect(roundRobin.snapshot()).toEqual(ref.roundRobinState);
            expect(ours.trace.map((t) => t.ruleId)).toEqual(ref.fired);
            if (interpreted) expect(evaluate(interpreted, subject, { event: 'arrived', now: NOW, ...ctx, roundRobin: new RoundRobinState(roundRobinState) })).toEqual(ours);
            expect(ours.errors.map((e) => ({ ruleId: e.ruleId, phase: e.phase }))).toEqual(ref.errors);
            // Tracing off must not change anything but the trace.
            const bare = new RoundRobinState(roundRobinState);
            expect({ ...evaluate(compiled, subject, { event: 'arrived', now: NOW, ...ctx, roundRobin: bare, trace: false }), trace: ours.trace }).toEqual(ours);
            expect(bare.snapshot()).toEqual(roundRobin.snapshot());
          }
        },
      ),
      { numRuns: 400 },
    );
  });
});

describe('dispatch tables', () => {
  const territory = (country: string, order: number, then: RuleInput['actions']) =>
    rule({ id: `t-${country}-${order}`, order, conditions: { field: 'contact.country', op: 'oneOf', values: [country] }, actions: then });

  it('answer each of their rules in run order, from one read of the field', () => {
    const compiled = compile([
      territory('DE', 1, [{ type: 'attachCollateral', ref: 'de.pdf' }]),
      territory('AT', 2, [{ type: 'attachCollateral', ref: 'at.pdf' }]),
      rule({ id: 'dach', order: 3, conditions: { field: 'contact.country', op: 'oneOf', values: ['de', 'at', 'ch'] }, actions: [{ type: 'attachCollateral', ref: 'dach.pdf' }] }),
    ]);
    const steps = compiled.plan.global.get('arrived')!.steps;
    expect(steps.map((s) => s.dispatch?.rules.length ?? 0)).toEqual([3]);
    const refs = (country: string) => evaluate(compiled, lead({ contact: { country } }), { event: 'arrived', now: NOW }).collateral.map((c) => c.ref);
    expect(refs('DE')).toEqual(['de.pdf', 'dach.pdf']);
    expect(refs('AT')).toEqual(['at.pdf', 'dach.pdf']);
    expect(refs('FR')).toEqual([]);
  });

  it('end before a rule that writes their field, so the next rule sees the new value', () => {
    const compiled = compile([
      territory('DE', 1, [{ type: 'setField', field: 'contact.country', value: 'AT' }]),
      territory('AT', 2, [{ type: 'attachCollateral', ref: 'at.pdf' }]),
      territory('CH', 3, [{ type: 'attachCollateral', ref: 'ch.pdf' }]),
    ]);
    expect(compiled.plan.global.get('arrived')!.steps.map((s) => (s.dispatch ? s.dispatch.rules.length : s.rule!.ruleId))).toEqual(['t-DE-1', 2]);
    const result = evaluate(compiled, lead({ contact: { country: 'DE' } }), { event: 'arrived', now: NOW });
    expect(result.collateral.map((c) => c.ref)).toEqual(['at.pdf']);
  });

  it('leave out rules whose answer depends on the clock or on several fields', () => {
    const compiled = compile([
      rule({ order: 1, conditions: { field: 'createdAt', op: 'gte', value: { daysFromNow: -1 } }, actions: [{ type: 'setPriority', priority: 'high' }] }),
      rule({ order: 2, conditions: { all: [{ field: 'contact.country', op: 'equals', value: 'DE' }, { field: 'score', op: 'gte', value: 10 }] }, actions: [{ type: 'setPriority', priority: 'low' }] }),
      rule({ order: 3, conditions: { field: 'contact.country', op: 'equals', value: 'DE' }, actions: [{ type: 'setScore', add: 1 }] }),
    ]);
    expect(compiled.plan.global.get('arrived')!.steps.every((s) => s.dispatch === null)).toBe(true);
  });
});
