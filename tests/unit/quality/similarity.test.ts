import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import talismanJaroWinkler from 'talisman/metrics/jaro-winkler.js';
import { compareWords, jaroWinkler, nameSimilarity, soundKey } from '../../../core/quality/similarity.ts';

describe('jaroWinkler', () => {
  it('gives the textbook values', () => {
    expect(jaroWinkler('martha', 'marhta')).toBeCloseTo(0.961, 3);
    expect(jaroWinkler('dwayne', 'duane')).toBeCloseTo(0.84, 3);
    expect(jaroWinkler('dixon', 'dicksonx')).toBeCloseTo(0.813, 3);
    expect(jaroWinkler('abc', 'xyz')).toBe(0);
    expect(jaroWinkler('', 'abc')).toBe(0);
    expect(jaroWinkler('same', 'same')).toBe(1);
  });

  it('agrees with talisman on arbitrary strings', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom(...'abcdeh'), maxLength: 12 }), fc.string({ unit: fc.constantFrom(...'abcdeh'), maxLength: 12 }), (a, b) => {
        expect(jaroWinkler(a, b)).toBeCloseTo(talismanJaroWinkler(a, b), 10);
      }),
      { numRuns: 2000 },
    );
  });

  it('is symmetric', () => {
    fc.assert(fc.property(fc.string({ maxLength: 10 }), fc.string({ maxLength: 10 }), (a, b) => Math.abs(jaroWinkler(a, b) - jaroWinkler(b, a)) < 1e-12));
  });
});

describe('soundKey', () => {
  it('puts spellings that sound alike together', () => {
    expect(new Set(['smith', 'smyth', 'schmidt'].map(soundKey))).toEqual(new Set(['smt']));
    expect(soundKey('john')).toBe(soundKey('jon'));
    expect(soundKey('catherine')).toBe(soundKey('katherine'));
    expect(soundKey('meyer')).toBe(soundKey('maier'));
    expect(soundKey('philipp')).toBe(soundKey('filip'));
    expect(soundKey('miller')).not.toBe(soundKey('smith'));
  });
});

describe('nameSimilarity', () => {
  it('ignores word order', () => {
    expect(nameSimilarity(['smith', 'john'], ['john', 'smith'])).toBe(1);
  });

  it('tolerates typos and initials', () => {
    expect(nameSimilarity(['jon', 'smtih'], ['john', 'smith'])).toBeGreaterThan(0.9);
    expect(nameSimilarity(['j', 'smith'], ['john', 'smith'])).toBeGreaterThan(0.9);
  });

  it('costs a little for an extra middle name', () => {
    const withMiddle = nameSimilarity(['john', 'michael', 'smith'], ['john', 'smith'])!;
    expect(withMiddle).toBeLessThan(1);
    expect(withMiddle).toBeGreaterThan(0.9);
  });

  it('keeps different people apart', () => {
    expect(nameSimilarity(['maria', 'garcia'], ['peter', 'novak'])).toBeLessThan(0.6);
  });

  it('is unknown when a side has no name', () => {
    expect(nameSimilarity([], ['john'])).toBeNull();
  });
});

describe('compareWords', () => {
  it('reports the weakest pair, which exposes a different first name behind a shared surname', () => {
    const comparison = compareWords(['laura', 'martinez'], ['sandra', 'martinez'])!;
    expect(comparison.similarity).toBeGreaterThan(0.8);
    expect(comparison.weakest).toBeLessThan(0.75);
  });

  it('copes with very long word lists', () => {
    const many = Array.from({ length: 40 }, (_, i) => `word${i}`);
    expect(compareWords(many, many)?.similarity).toBe(1);
  });
});
