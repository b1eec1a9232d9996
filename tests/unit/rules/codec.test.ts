import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { exportRuleSet, importRuleSet } from '../../../core/rules/codec.ts';
import { ruleSet, rule } from './fixtures.ts';

// Text the XML 1.0 character set can carry (the exporter refuses the rest, with the path).
const text = fc.string({ unit: fc.constantFrom('a', 'Z', ' ', '<', '&', '"', "'", '\n', '\r', '\t', 'é', '€', '😀', '>', ']'), maxLength: 20 });
const leaf = fc.oneof(
  fc.record({ field: fc.constant('contact.company'), op: fc.constantFrom('equals', 'notEquals'), value: fc.oneof(text, fc.constant(null)) }),
  fc.record({ field: fc.constant('custom.x'), op: fc.constant('oneOf'), values: fc.array(fc.oneof(text, fc.double({ noNaN: true, noDefaultInfinity: true }).filter((n) => !Object.is(n, -0)) /* JSON has no -0 */), { minLength: 1, maxLength: 3 }) }),
  fc.record({ field: fc.constant('interest.size'), op: fc.constant('between'), min: fc.integer(), max: fc.integer() }),
  fc.record({ field: fc.constant('createdAt'), op: fc.constant('gte'), value: fc.record({ daysFromNow: fc.integer({ min: -100, max: 100 }) }) }),
);
const condition = fc.oneof(leaf, fc.record({ all: fc.array(leaf, { minLength: 1, maxLength: 3 }) }), fc.record({ not: leaf }));
const anyRule = fc.record({
  name: text.filter((s) => s.trim().length > 0),
  description: fc.option(text, { nil: undefined }),
  enabled: fc.boolean(),
  order: fc.integer({ min: -1000, max: 1000 }),
  conditions: condition,
  score: fc.integer({ min: 0, max: 100 }),
});

describe('rule set codec', () => {
  it('round-trips JSON and XML to the same content', () => {
    fc.assert(
      fc.property(fc.array(anyRule, { minLength: 0, maxLength: 4 }), (drafts) => {
        const set = ruleSet(
          drafts.map((d, i) => {
            const { score, description, ...rest } = d;
            return rule({ id: `r${i}`, ...rest, ...(description === undefined ? {} : { description }), actions: [{ type: 'setScore', value: score }, { type: 'withholdFields', fields: ['email'] }] });
          }),
          [{ id: 't', entries: [{ key: 'a<b', value: true }, { key: 3, value: null }] }],
        );
        for (const format of ['json', 'xml'] as const) expect(importRuleSet(exportRuleSet(set, format), format)).toEqual({ ok: true, value: set });
      }),
      { numRuns: 300 },
    );
  });

  it('names the path of a problem in an imported XML rule set', () => {
    const xml = exportRuleSet(ruleSet([rule({ actions: [{ type: 'setScore', value: 1 }] })]), 'xml').replace('<order type="number">0</order>', '<order type="number">soon</order>');
    expect(importRuleSet(xml, 'xml')).toMatchObject({ ok: false, issues: [{ path: 'rules[0].order', message: expect.stringContaining('not a number') }] });
    const schemaBad = exportRuleSet(ruleSet([rule({ actions: [{ type: 'setScore', value: 1 }] })]), 'xml').replace('<type>setScore</type>', '<type>explode</type>');
    expect(importRuleSet(schemaBad, 'xml')).toMatchObject({ ok: false, issues: [{ path: 'rules[0].actions[0].type' }] });
    expect(importRuleSet('<!DOCTYPE x><ruleSet/>', 'xml')).toMatchObject({ ok: false });
    expect(importRuleSet('{"version":1,', 'json')).toMatchObject({ ok: false, issues: [{ path: '' }] });
  });

  it('refuses to export text that XML cannot carry, naming where it is', () => {
    const set = ruleSet([rule({ name: 'bell\u0007', actions: [{ type: 'setScore', value: 1 }] })]);
    expect(() => exportRuleSet(set, 'xml')).toThrow('control character');
  });
});
