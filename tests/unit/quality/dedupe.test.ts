import { describe, expect, it } from 'vitest';
import {
  blockingKeys,
  createDedupeIndex,
  decide,
  matchProfile,
  scorePair,
  type DedupeCandidate,
  type DedupeRecord,
} from '../../../core/quality/dedupe.ts';

const lead = (id: string, contact: DedupeRecord['contact']): DedupeRecord => ({ id, contact });
const profile = (contact: DedupeRecord['contact'], id = 'x') => matchProfile(lead(id, contact), { defaultCountry: 'DE' });

const anna = { firstName: 'Anna', lastName: 'Schmidt', company: 'Acme GmbH', email: 'anna.schmidt@acme.de', phone: '+49 30 1234567', country: 'DE' };

describe('scorePair', () => {
  it('is certain on the same email, whatever its case', () => {
    const candidate = scorePair(profile({ email: ' Anna.Schmidt@ACME.de' }), profile(anna, 'a'))!;
    expect(candidate.score).toBe(1);
    expect(candidate.reasons).toContainEqual({ field: 'email', similarity: 1 });
  });

  it('only flags a shared mailbox used by two clearly different people', () => {
    const candidate = scorePair(profile({ firstName: 'Peter', lastName: 'Novak', email: 'ANNA.SCHMIDT@acme.de' }), profile(anna, 'a'))!;
    expect(candidate.score).toBeGreaterThanOrEqual(0.6);
    expect(candidate.score).toBeLessThan(0.85);
  });

  it('is strong on the same phone written another way', () => {
    const candidate = scorePair(profile({ phone: '030 123 45 67' }), profile(anna, 'a'))!;
    expect(candidate.score).toBeGreaterThanOrEqual(0.85);
    expect(candidate.reasons.map((reason) => reason.field)).toEqual(['phone']);
  });

  it('does not merge colleagues sharing a switchboard number', () => {
    const colleague = scorePair(profile({ firstName: 'Peter', lastName: 'Novak', phone: '+49 30 1234567', company: 'Acme' }), profile(anna, 'a'))!;
    expect(colleague.score).toBeLessThan(0.6);
  });

  it('keeps apart relatives or colleagues who share a surname and a phone', () => {
    const candidate = scorePair(profile({ firstName: 'Brandon', lastName: 'Schmidt', company: 'Acme', phone: '030 1234567' }), profile(anna, 'a'));
    expect(candidate?.score ?? 0).toBeLessThan(0.6);
  });

  it('keeps apart same-surname colleagues whose first names are close but different', () => {
    const candidate = scorePair(profile({ firstName: 'Jules', lastName: 'Lorenz', company: 'Harz Industries' }), profile({ firstName: 'Julie', lastName: 'Lopez', company: 'Harz Industries Corp.' }, 'b'));
    expect(candidate?.score ?? 0).toBeLessThan(0.85);
  });

  it.each([
    ['a typo in the last name', { firstName: 'Anna', lastName: 'Schmitd', company: 'ACME' }],
    ['swapped first and last name', { firstName: 'Schmidt', lastName: 'Anna', company: 'Acme Inc.' }],
    ['a different legal form and case', { firstName: 'ANNA', lastName: 'SCHMIDT', company: 'acme gmbh & co. kg' }],
    ['accents and a typo in the company', { firstName: 'Änna', lastName: 'Schmidt', company: 'Acmee' }],
  ])('scores a duplicate with %s above the merge bar', (_case, contact) => {
    expect(scorePair(profile(contact), profile(anna, 'a'))!.score).toBeGreaterThanOrEqual(0.85);
  });

  it('only flags a same-named person when no company says otherwise', () => {
    const score = scorePair(profile({ firstName: 'Anna', lastName: 'Schmidt' }), profile(anna, 'a'))!.score;
    expect(score).toBeGreaterThanOrEqual(0.6);
    expect(score).toBeLessThan(0.85);
  });

  it('keeps a namesake at another company out of the merge', () => {
    const candidate = scorePair(profile({ firstName: 'Anna', lastName: 'Schmidt', company: 'Globex' }), profile(anna, 'a'));
    expect(candidate?.score ?? 0).toBeLessThan(0.85);
  });

  it('lowers a name match across countries', () => {
    const home = scorePair(profile({ firstName: 'Anna', lastName: 'Schmidt', company: 'Acme', country: 'DE' }), profile(anna, 'a'))!;
    const abroad = scorePair(profile({ firstName: 'Anna', lastName: 'Schmidt', company: 'Acme', country: 'US' }), profile(anna, 'a'))!;
    expect(abroad.score).toBeLessThan(home.score);
    expect(abroad.reasons).toContainEqual({ field: 'country', similarity: 0 });
  });

  it('does not treat a first name alone as a match', () => {
    expect(scorePair(profile({ firstName: 'Anna', company: 'Acme' }), profile(anna, 'a'))?.score ?? 0).toBeLessThan(0.85);
  });

  it('returns null for strangers', () => {
    expect(scorePair(profile({ firstName: 'Peter', lastName: 'Novak', company: 'Globex' }), profile(anna, 'a'))).toBeNull();
  });
});

describe('decide', () => {
  const candidate = (id: string, score: number): DedupeCandidate => ({ id, score, reasons: [] });
  const thresholds = { mergeThreshold: 0.85, reviewThreshold: 0.6 };

  it('merges, reviews or creates by the thresholds', () => {
    expect(decide([candidate('a', 0.9), candidate('b', 0.7)], thresholds)).toEqual({ action: 'merge', into: candidate('a', 0.9) });
    expect(decide([candidate('a', 0.7), candidate('b', 0.65), candidate('c', 0.3)], thresholds)).toEqual({
      action: 'review',
      candidates: [candidate('a', 0.7), candidate('b', 0.65)],
    });
    expect(decide([candidate('a', 0.5)], thresholds)).toEqual({ action: 'new' });
    expect(decide([], thresholds)).toEqual({ action: 'new' });
  });

  it('asks a person when two leads are equally certain matches', () => {
    expect(decide([candidate('a', 1), candidate('b', 1)], thresholds).action).toBe('review');
  });

  it('honours the thresholds given', () => {
    expect(decide([candidate('a', 0.9)], { mergeThreshold: 0.95, reviewThreshold: 0.5 }).action).toBe('review');
  });
});

describe('blockingKeys', () => {
  it('gives a typo, a swap and a reformatted phone a key in common with the original', () => {
    const original = new Set(blockingKeys(profile(anna)));
    const variants = [
      { firstName: 'Anna', lastName: 'Schmitd', company: 'Acme AG' },
      { firstName: 'Schmidt', lastName: 'Anna' },
      { firstName: 'Ana', lastName: 'Smith', company: 'ACME' },
      { phone: '030/1234567' },
      { email: 'ANNA.SCHMIDT@acme.de' },
    ];
    for (const variant of variants) expect(blockingKeys(profile(variant)).some((key) => original.has(key))).toBe(true);
  });

  it('has no name keys for a lead without a name', () => {
    expect(blockingKeys(profile({ company: 'Acme' }))).toEqual([]);
  });
});

describe('createDedupeIndex', () => {
  const build = () => {
    const index = createDedupeIndex({ defaultCountry: 'DE' });
    index.add(lead('anna', anna));
    index.add(lead('peter', { firstName: 'Peter', lastName: 'Novak', company: 'Acme GmbH', phone: '+49 30 1234567' }));
    index.add(lead('maria', { firstName: 'Maria', lastName: 'Garcia', company: 'Globex', email: 'maria@globex.com' }));
    return index;
  };

  it('finds the duplicate among stored leads, best first, with reasons', () => {
    const found = build().findCandidates(lead('new', { firstName: 'anna', lastName: 'schmitd', company: 'ACME', phone: '030 1234567' }));
    expect(found[0]).toMatchObject({ id: 'anna', score: expect.any(Number) });
    expect(found[0]!.score).toBeGreaterThanOrEqual(0.85);
    expect(found.map((candidate) => candidate.reasons.map((reason) => reason.field))[0]).toEqual(['phone', 'name', 'company']);
    expect(decide(found)).toMatchObject({ action: 'merge', into: { id: 'anna' } });
  });

  it('answers with plain data only', () => {
    const found = build().findCandidates(lead('new', { email: 'maria@globex.com' }));
    expect(JSON.parse(JSON.stringify(found))).toEqual(found);
  });

  it('never proposes the lead itself, and forgets removed leads', () => {
    const index = build();
    expect(index.findCandidates(lead('anna', anna)).map((candidate) => candidate.id)).not.toContain('anna');
    index.remove('maria');
    expect(index.size).toBe(2);
    expect(index.findCandidates(lead('new', { email: 'maria@globex.com' }))).toEqual([]);
  });

  it('re-indexes a lead added again with new values', () => {
    const index = build();
    index.add(lead('maria', { firstName: 'Maria', lastName: 'Garcia', email: 'm.garcia@initech.com' }));
    expect(index.findCandidates(lead('new', { email: 'maria@globex.com' }))).toEqual([]);
    expect(index.findCandidates(lead('new', { email: 'M.Garcia@initech.com' }))[0]?.id).toBe('maria');
  });

  it('filters by minimum score and limits the answer', () => {
    const index = createDedupeIndex();
    for (let i = 0; i < 20; i++) index.add(lead(`l${i}`, { email: 'shared@example.com' }));
    expect(index.findCandidates(lead('new', { email: 'shared@example.com' }), { limit: 5 })).toHaveLength(5);
    expect(index.findCandidates(lead('new', { firstName: 'No', lastName: 'Body', email: 'x@example.com' }), { minScore: 0.6 })).toEqual([]);
  });

  it('skips oversized name blocks but never email blocks', () => {
    const index = createDedupeIndex({ maxBlockSize: 3 });
    for (let i = 0; i < 5; i++) index.add(lead(`smith${i}`, { firstName: 'John', lastName: 'Smith', email: `john${i}@example.com` }));
    expect(index.findCandidates(lead('new', { firstName: 'John', lastName: 'Smith' }))).toEqual([]);
    expect(index.findCandidates(lead('new', { firstName: 'John', lastName: 'Smith', email: 'john3@example.com' }))[0]?.id).toBe('smith3');
  });
});
