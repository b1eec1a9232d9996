import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readExchangeJson } from '../../../core/exchange/exchange-json.ts';
import { CONTACT_PATHS, ExchangeDocument, ExchangeFormatError, FIELD_PATHS } from '../../../core/exchange/exchange-message.ts';
import { certainlyValidDocument, validateDocument } from '../../../core/exchange/exchange-validate.ts';

/**
 * The hand-written check must agree with the zod schema on every JSON value: the same
 * acceptance, and an accepted document equal to what zod returns. Generated documents sit
 * around every limit (lengths, ranges, counts), and a second pass breaks them at a random
 * place (another value, a key removed, a key added).
 */
type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

const near = (max: number) => fc.oneof({ weight: 6, arbitrary: fc.string({ maxLength: 12 }) }, fc.constantFrom('x'.repeat(max), 'y'.repeat(max + 1), ''));
const nullableNear = (max: number) => fc.oneof(near(max), fc.constant(null));
const number = fc.oneof(fc.integer({ min: -3, max: 120 }), fc.double({ noNaN: true, noDefaultInfinity: true }), fc.constantFrom(0.5, 100, 100.5, 1e12, 1e12 + 1, 2 ** 53, -1));
const time = fc.oneof({ weight: 8, arbitrary: fc.nat() }, number);
const id = fc.oneof({ weight: 8, arbitrary: fc.stringMatching(/^[A-Za-z0-9._:-]{1,12}$/) }, fc.constantFrom('', 'a b', 'x'.repeat(64), 'x'.repeat(65), 'é'));
const fieldPath = fc.oneof({ weight: 10, arbitrary: fc.constantFrom(...FIELD_PATHS) }, fc.constantFrom('contact', 'secret', 'custom.x'));

const contact = fc.record(Object.fromEntries(CONTACT_PATHS.map((field) => [field, nullableNear(320)])), { requiredKeys: [] });
const interest = fc.record({ product: nullableNear(200), timeframe: nullableNear(100), size: fc.option(number), budget: fc.option(number) }, { requiredKeys: [] });
const customValue = fc.oneof(near(2_000), number, fc.boolean(), fc.constant(null));
const custom = fc.oneof(
  { weight: 6, arbitrary: fc.dictionary(near(100), customValue, { maxKeys: 5 }) },
  fc.constantFrom(100, 101).map((n) => Object.fromEntries(Array.from({ length: n }, (_, i) => [`k${i}`, i]))),
);
const lead = fc.record(
  { createdAt: time, priority: fc.constantFrom('low', 'normal', 'high', 'urgent', 'extreme'), score: number, contact, interest, source: nullableNear(100), campaign: nullableNear(100), custom },
  { requiredKeys: ['createdAt', 'priority', 'contact'] },
);
const assignee = fc.option(fc.record({ name: near(200), email: nullableNear(320) }));
const about = { id, sentAt: time, leadId: id };

const message = fc.oneof(
  fc.record({ kind: fc.constant('offer'), ...about, lead, withheld: fc.array(fieldPath, { maxLength: 20 }), expiresAt: fc.option(time), upForGrabs: fc.boolean() }),
  fc.record({ kind: fc.constant('release'), ...about, fields: fc.dictionary(fieldPath, fc.oneof(near(2_000), number, fc.constant(null), fc.boolean()), { maxKeys: 4 }) }),
  fc.record({ kind: fc.constantFrom('withdraw', 'decline'), ...about, reason: near(500) }),
  fc.record({ kind: fc.constant('accept'), ...about, assignee }),
  fc.record({ kind: fc.constantFrom('status', 'stolen'), ...about, status: fc.constantFrom('assigned', 'contacted', 'qualified', 'won', 'lost', 'new'), amount: fc.option(number), reason: nullableNear(500), assignee }),
  fc.record({ kind: fc.constant('ack'), id, sentAt: time, ackOf: id, result: fc.constantFrom('applied', 'duplicate', 'conflict', 'maybe'), reason: nullableNear(500) }),
);
const document = fc.record({ version: fc.constantFrom(1, 1, 1, 2, '1'), messages: fc.array(message, { minLength: 0, maxLength: 3 }) });

/** Every object and array in `value` with its location, so a mutation can land anywhere. */
function places(value: Json, out: Array<Json[] | { [key: string]: Json }> = []): Array<Json[] | { [key: string]: Json }> {
  if (typeof value === 'object' && value !== null) {
    out.push(value);
    for (const child of Object.values(value)) places(child, out);
  }
  return out;
}

type Mutation = { at: number; kind: 'set' | 'delete' | 'add'; pick: number; value: Json };
const mutation = fc.record({ at: fc.nat(), kind: fc.constantFrom('set', 'delete', 'add'), pick: fc.nat(), value: fc.jsonValue({ maxDepth: 2 }) as fc.Arbitrary<Json> });

function mutate(value: Json, change: Mutation): Json {
  const all = places(value);
  const target = all[change.at % all.length]!;
  const keys = Object.keys(target);
  if (change.kind === 'add' || keys.length === 0) (target as Record<string, Json>)[Array.isArray(target) ? target.length : `extra${change.pick}`] = change.value;
  else if (change.kind === 'delete' && !Array.isArray(target)) delete target[keys[change.pick % keys.length]!];
  else (target as Record<string, Json>)[keys[change.pick % keys.length]!] = change.value;
  return value;
}

function agrees(value: Json): void {
  const fast = certainlyValidDocument(value);
  const parsed = ExchangeDocument.safeParse(value);
  expect({ fast, zod: parsed.success, value }).toEqual({ fast: parsed.success, zod: parsed.success, value });
  if (parsed.success) expect(value).toEqual(parsed.data);
}

const asJson = (value: unknown) => JSON.parse(JSON.stringify(value)) as Json;

describe('the hand-written exchange check', () => {
  it('accepts and refuses exactly what the zod schema does on generated documents', () => {
    fc.assert(fc.property(document, (doc) => agrees(asJson(doc))), { numRuns: 3_000 });
  });

  it('agrees with zod on documents broken at a random place', () => {
    fc.assert(fc.property(document, mutation, (doc, change) => agrees(mutate(asJson(doc), change))), { numRuns: 3_000 });
  });

  it('agrees with zod when any one key of a generated document is missing', () => {
    fc.assert(
      fc.property(document, (doc) => {
        const json = asJson(doc);
        places(json).forEach((place, at) => {
          if (Array.isArray(place)) return;
          for (const key of Object.keys(place)) {
            const copy = asJson(json);
            delete (places(copy)[at] as Record<string, Json>)[key];
            agrees(copy);
          }
        });
      }),
      { numRuns: 300 },
    );
  });

  it('covers both answers: the generators produce valid documents as well as invalid ones', () => {
    const samples = fc.sample(document, 2_000).map(asJson);
    const valid = samples.filter((doc) => certainlyValidDocument(doc)).length;
    expect(valid).toBeGreaterThan(100);
    expect(samples.length - valid).toBeGreaterThan(100);
  });

  it('leaves refusals to zod, whose error names the field path', () => {
    const offer = { kind: 'offer', id: 'm1', sentAt: 1, leadId: 'L1', lead: { createdAt: 1, priority: 'normal', contact: { firstName: 'x'.repeat(321) } }, withheld: [], expiresAt: null, upForGrabs: false };
    expect(() => validateDocument({ version: 1, messages: [offer] })).toThrow(ExchangeFormatError);
    expect(() => validateDocument({ version: 1, messages: [offer] })).toThrow(/^messages\.0\.lead\.contact\.firstName: /);
    expect(() => readExchangeJson(JSON.stringify({ version: 1, messages: [{ ...offer, lead: { ...offer.lead, contact: {}, custom: { n: [1] } } }] }))).toThrow(/messages\.0\.lead\.custom\.n/);
  });

  it('hands values it does not vouch for to zod, which strips an own __proto__ key', () => {
    const parsed = readExchangeJson('{"version":1,"messages":[{"kind":"release","id":"m","sentAt":1,"leadId":"L","fields":{"\\u005f_proto__":1}}]}');
    expect(parsed.messages[0]).toEqual({ kind: 'release', id: 'm', sentAt: 1, leadId: 'L', fields: {} });
    expect(Object.getPrototypeOf((parsed.messages[0] as { fields: object }).fields)).toBe(Object.prototype);
  });
});
