import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { evaluate, RoundRobinState } from '../../../core/rules/evaluate.ts';
import { nextInRotation } from '../../../core/rules/round-robin.ts';
import { compile, lead, NOW, rule } from './fixtures.ts';

const ctx = { event: 'arrived' as const, now: NOW };

describe('evaluate: conditions', () => {
  const fires = (conditions: Parameters<typeof rule>[0]['conditions'], l = lead()) =>
    evaluate(compile([rule({ conditions, actions: [{ type: 'markOverflow' }] })]), l, ctx).trace.length === 1;

  it('matches text case-insensitively unless asked not to', () => {
    const de = lead({ contact: { country: 'DE', company: 'Acme GmbH' } });
    expect(fires({ field: 'contact.country', op: 'equals', value: 'de' }, de)).toBe(true);
    expect(fires({ field: 'contact.country', op: 'equals', value: 'de', caseSensitive: true }, de)).toBe(false);
    expect(fires({ field: 'contact.country', op: 'oneOf', values: ['at', 'de'] }, de)).toBe(true);
    expect(fires({ field: 'contact.company', op: 'contains', value: 'GMBH' }, de)).toBe(true);
    expect(fires({ field: 'contact.company', op: 'startsWith', value: 'acme' }, de)).toBe(true);
    expect(fires({ field: 'contact.company', op: 'matches', pattern: 'gmbh$' }, de)).toBe(true);
    expect(fires({ field: 'contact.city', op: 'isEmpty' }, de)).toBe(true);
    expect(fires({ field: 'contact.city', op: 'notEquals', value: 'Berlin' }, de)).toBe(true);
  });

  it('compares numbers, dates (absolute and relative) and priority by rank', () => {
    const l = lead({ interest: { size: 500 }, priority: 'high', custom: { renewal: '2026-04-01' } });
    expect(fires({ field: 'interest.size', op: 'between', min: 500, max: 1000 }, l)).toBe(true);
    expect(fires({ field: 'interest.size', op: 'gt', value: 500 }, l)).toBe(false);
    expect(fires({ field: 'interest.budget', op: 'lt', value: 10 }, l)).toBe(false);
    expect(fires({ field: 'createdAt', op: 'gte', value: { daysFromNow: -2 } }, l)).toBe(true);
    expect(fires({ field: 'createdAt', op: 'lt', value: '2026-01-01' }, l)).toBe(false);
    expect(fires({ field: 'custom.renewal', op: 'between', min: { daysFromNow: 0 }, max: { daysFromNow: 60 } }, l)).toBe(true);
    expect(fires({ field: 'priority', op: 'gte', value: 'high' }, l)).toBe(true);
    expect(fires({ field: 'priority', op: 'gt', value: 'high' }, l)).toBe(false);
  });

  it('combines all / any / not and records which conditions matched', () => {
    const l = lead({ contact: { country: 'AT' }, interest: { size: 800 } });
    const result = evaluate(
      compile([
        rule({
          actions: [{ type: 'setPriority', priority: 'high' }],
          conditions: { all: [{ any: [{ field: 'contact.country', op: 'equals', value: 'DE' }, { field: 'contact.country', op: 'equals', value: 'AT' }] }, { not: { field: 'interest.size', op: 'lt', value: 500 } }] },
        }),
      ]),
      l,
      ctx,
    );
    expect(result.trace[0]!.matched.map((m) => [m.path, m.value])).toEqual([
      ['conditions.all[0].any[1]', 'AT'],
      ['conditions.all[1]', undefined],
    ]);
  });
});

describe('evaluate: calculations and actions', () => {
  it('looks values up, sums weights into the score and clamps', () => {
    const compiled = compile(
      [
        rule({
          actions: [],
          calculations: [
            { kind: 'lookup', field: 'custom.industry', table: 'industry', into: 'derived.industryPoints', default: 5 },
            { kind: 'weightedSum', terms: [{ field: 'derived.industryPoints', weight: 1 }, { field: 'interest.size', weight: 0.1 }], into: 'score', clamp: { max: 90 } },
          ],
        }),
      ],
      [{ id: 'industry', entries: [{ key: 'Software', value: 40 }] }],
    );
    expect(evaluate(compiled, lead({ custom: { industry: 'software' }, interest: { size: 200 } }), ctx).changes.score!.value).toBe(60);
    expect(evaluate(compiled, lead({ custom: { industry: 'mining' }, interest: { size: 9000 } }), ctx).changes.score!.value).toBe(90);
    expect(evaluate(compiled, lead({ custom: { industry: 'mining' } }), ctx).derived).toEqual({ industryPoints: 5 });
    // Derived names are user text: the record they land in has no prototype to replace.
    expect(Object.prototype.isPrototypeOf(evaluate(compiled, lead(), ctx).derived)).toBe(false);
  });

  it('collects every kind of outcome into plain data', () => {
    const result = evaluate(
      compile([
        rule({
          actions: [
            { type: 'setField', field: 'custom.segment', value: 'enterprise' },
            { type: 'setScore', add: 15 },
            { type: 'withholdFields', fields: ['phone', 'email'] },
            { type: 'setOfferTimeout', ms: 3_600_000, onTimeout: 'escalate' },
            { type: 'incubate', days: 2 },
            { type: 'routeUpForGrabs', users: ['u1', 'u2'], servers: ['partner-srv'] },
          ],
        }),
      ]),
      lead({ score: 90 }),
      ctx,
    );
    expect(result.lead.custom.segment).toBe('enterprise');
    expect(result.lead.score).toBe(100);
    expect(result.withheld).toEqual(['phone', 'email']);
    expect(result.offerTimeout).toMatchObject({ ms: 3_600_000, onTimeout: 'escalate' });
    expect(result.incubateUntil!.at).toBe(NOW + 2 * 86_400_000);
    expect(result.routing).toMatchObject({ kind: 'upForGrabs', users: ['u1', 'u2'], servers: ['partner-srv'] });
  });

  it('never mutates its inputs', () => {
    const input = lead({ contact: { country: 'DE' } });
    const frozen = JSON.stringify(input);
    evaluate(compile([rule({ actions: [{ type: 'setField', field: 'contact.city', value: 'Berlin' }, { type: 'setPriority', priority: 'urgent' }] })]), input, ctx);
    expect(JSON.stringify(input)).toBe(frozen);
  });

  it('copies custom fields as data, an own "__proto__" key included, before setting one', () => {
    const custom = JSON.parse('{"__proto__": {"tier": "gold"}, "size": 3}') as Record<string, unknown>;
    const input = { ...lead(), custom } as ReturnType<typeof lead>;
    const result = evaluate(compile([rule({ actions: [{ type: 'setField', field: 'custom.note', value: 'hi' }] })]), input, ctx);
    expect(Object.getPrototypeOf(result.lead.custom)).toBe(Object.prototype);
    expect(Object.keys(result.lead.custom)).toEqual(['__proto__', 'size', 'note']);
    expect(result.lead.custom.tier).toBeUndefined();
    expect(Object.keys(input.custom)).toEqual(['__proto__', 'size']);
    // The usual copy (no such key) gives the same kind of object.
    const plain = evaluate(compile([rule({ actions: [{ type: 'setField', field: 'custom.note', value: 'hi' }] })]), lead({ custom: { size: 3 } }), ctx);
    expect(Object.getPrototypeOf(plain.lead.custom)).toBe(Object.prototype);
    expect(plain.lead.custom).toEqual({ size: 3, note: 'hi' });
  });
});

describe('evaluate: semantics', () => {
  it('is deterministic: the same lead, rules, clock and state give the same result', () => {
    const compiled = compile([
      rule({ actions: [{ type: 'setScore', add: 10 }], conditions: { field: 'interest.size', op: 'gte', value: 100 } }),
      rule({ actions: [{ type: 'routeRoundRobin', classId: 'reps' }], conditions: { field: 'contact.country', op: 'oneOf', values: ['DE', 'FR'] } }),
      rule({ actions: [{ type: 'incubate', until: { daysFromNow: 3 } }, { type: 'notify', channel: 'email', template: 't' }], conditions: { field: 'createdAt', op: 'lt', value: { daysFromNow: -10 } } }),
    ]);
    fc.assert(
      fc.property(
        fc.record({ size: fc.option(fc.nat(2000), { nil: null }), country: fc.constantFrom('DE', 'FR', 'US', null), age: fc.nat(30), last: fc.constantFrom('a', 'b', 'c', undefined) }),
        ({ size, country, age, last }) => {
          const l = lead({ interest: { size }, contact: { country }, createdAt: NOW - age * 86_400_000 });
          // The rotation is an input too: each run starts from the same snapshot.
          const context = () => ({ ...ctx, userClasses: { reps: ['a', 'b', 'c'] }, roundRobin: new RoundRobinState(last ? { reps: last } : {}) });
          expect(evaluate(compiled, l, context())).toEqual(evaluate(compiled, l, context()));
        },
      ),
    );
  });

  it('lets the most local rule win: deeper box over shallower over global, later order within a scope', () => {
    const scopes = [{ kind: 'global' as const }, { kind: 'box' as const, boxId: 'region' }, { kind: 'box' as const, boxId: 'team' }];
    fc.assert(
      fc.property(fc.shuffledSubarray([0, 1, 2, 3, 4, 5], { minLength: 1 }), (picked) => {
        // rule k sits in scope floor(k/2) with order k%2: the highest k is the most local.
        const rules = picked.map((k) => rule({ id: `k${k}`, scope: scopes[Math.floor(k / 2)]!, order: k % 2, actions: [{ type: 'setField', field: 'custom.owner', value: `k${k}` }] }));
        const result = evaluate(compile(rules), lead(), { ...ctx, boxPath: ['root', 'region', 'team'] });
        expect(result.changes['custom.owner']).toMatchObject({ value: `k${Math.max(...picked)}`, ruleId: `k${Math.max(...picked)}` });
      }),
    );
  });

  it('does not perform an idempotent action twice: not across evaluations, not within one', () => {
    const compiled = compile([
      rule({ actions: [{ type: 'attachCollateral', ref: 'deck.pdf' }, { type: 'notify', channel: 'email', template: 'hello' }] }),
      rule({ scope: { kind: 'box', boxId: 'b' }, actions: [{ type: 'attachCollateral', ref: 'deck.pdf' }] }),
    ]);
    const first = evaluate(compiled, lead(), { ...ctx, boxPath: ['b'] });
    expect(first.collateral.map((c) => c.ref)).toEqual(['deck.pdf']);
    expect(first.trace[1]!.actions[0]!.skipped).toBe('alreadyPerformed');
    const again = evaluate(compiled, lead(), { ...ctx, boxPath: ['b'], alreadyPerformed: first.performed });
    expect(again.collateral).toEqual([]);
    expect(again.notifications).toEqual([]);
    expect(again.performed).toEqual([]);
    // The same notification for another event is a new notification.
    const updated = compile([rule({ event: 'updated', actions: [{ type: 'notify', channel: 'email', template: 'hello' }] })]);
    expect(evaluate(updated, lead(), { ...ctx, event: 'updated', alreadyPerformed: first.performed }).notifications).toHaveLength(1);
  });

  it('isolates a rule that cannot compile and one that fails at run time; the others still run', () => {
    const compiled = compile(
      [
        rule({ name: 'Bad pattern', actions: [{ type: 'setPriority', priority: 'low' }], conditions: { field: 'contact.email', op: 'matches', pattern: '([a-z' } }),
        rule({ name: 'Missing table', actions: [], calculations: [{ kind: 'lookup', field: 'contact.country', table: 'gone', into: 'score' }] }),
        rule({ name: 'Bad size', actions: [{ type: 'setScore', value: 50 }, { type: 'setField', field: 'interest.size', from: 'custom.size' }] }),
        rule({ name: 'Good', actions: [{ type: 'setPriority', priority: 'high' }] }),
      ],
      [],
    );
    expect(compiled.errors.map((e) => [e.ruleName, e.path])).toEqual([
      ['Bad pattern', 'conditions.pattern'],
      ['Missing table', 'calculations[0].table'],
    ]);
    const result = evaluate(compiled, lead({ custom: { size: 'huge' } }), ctx);
    expect(result.errors.map((e) => [e.ruleName, e.phase])).toEqual([
      ['Bad pattern', 'compile'],
      ['Missing table', 'compile'],
      ['Bad size', 'run'],
    ]);
    expect(result.changes.score).toBeUndefined(); // the failing rule's earlier action was rolled back
    expect(result.changes.priority!.value).toBe('high');
  });

  it('rolls back calculations of a rule that fails later', () => {
    const compiled = compile([
      rule({ actions: [{ type: 'routeRoundRobin', classId: 'nobody' }], calculations: [{ kind: 'weightedSum', terms: [{ field: 'interest.size', weight: 1 }], into: 'score' }] }),
    ]);
    const result = evaluate(compiled, lead({ interest: { size: 40 } }), ctx);
    expect(result.lead.score).toBe(0);
    expect(result.changes).toEqual({});
    expect(result.errors[0]!.message).toContain('nobody');
  });

  it('evaluates only the rules of the event at hand', () => {
    const compiled = compile([rule({ event: 'offerTimedOut', actions: [{ type: 'routeToBox', boxId: 'pool' }] })]);
    expect(evaluate(compiled, lead(), ctx).routing).toBeNull();
    expect(evaluate(compiled, lead(), { ...ctx, event: 'offerTimedOut' }).routing).toMatchObject({ kind: 'box', boxId: 'pool' });
  });
});

describe('round robin', () => {
  it('is fair: over n×k leads each member gets exactly n, whatever the starting state', () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.string({ minLength: 1, maxLength: 4 }), { minLength: 1, maxLength: 8 }), fc.nat(20), fc.option(fc.string(), { nil: null }), (members, rounds, start) => {
        const counts = new Map<string, number>();
        let last = start;
        for (let i = 0; i < members.length * rounds; i++) {
          last = nextInRotation(members, last)!;
          counts.set(last, (counts.get(last) ?? 0) + 1);
        }
        for (const m of members) expect(counts.get(m) ?? 0).toBe(rounds);
      }),
    );
  });

  it("advances the caller's state in place, only for the decision that stands, and resumes from a snapshot", () => {
    const compiled = compile([
      rule({ order: 1, actions: [{ type: 'routeRoundRobin', classId: 'reps' }] }),
      rule({ order: 2, actions: [{ type: 'routeToUser', userId: 'boss' }], conditions: { field: 'priority', op: 'equals', value: 'urgent' } }),
    ]);
    const roundRobin = new RoundRobinState();
    const got: string[] = [];
    for (const priority of ['normal', 'urgent', 'normal', 'normal'] as const) {
      const r = evaluate(compiled, lead({ priority }), { ...ctx, userClasses: { reps: ['a', 'b'] }, roundRobin });
      got.push(r.routing!.kind === 'user' ? r.routing!.userId : '?');
    }
    expect(got).toEqual(['a', 'boss', 'b', 'a']);
    expect(roundRobin.snapshot()).toEqual({ reps: 'a' });
    const resumed = new RoundRobinState(JSON.parse(JSON.stringify(roundRobin.snapshot())));
    expect(evaluate(compiled, lead(), { ...ctx, userClasses: { reps: ['a', 'b'] }, roundRobin: resumed }).routing).toMatchObject({ userId: 'b', classId: 'reps' });
    expect(() => evaluate(compiled, lead(), { ...ctx, roundRobin: { reps: 'a' } as never })).toThrow('roundRobin: must be a RoundRobinState');
  });
});
