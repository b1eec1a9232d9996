import { describe, expect, it } from 'vitest';
import { jsonNestedDeeperThan } from '../../../core/exchange/json-depth.ts';

describe('jsonNestedDeeperThan', () => {
  it('counts object and array nesting', () => {
    expect(jsonNestedDeeperThan('{"a":[{"b":1}]}', 3)).toBe(false);
    expect(jsonNestedDeeperThan('{"a":[{"b":[1]}]}', 3)).toBe(true);
    expect(jsonNestedDeeperThan('['.repeat(100_000), 32)).toBe(true);
  });

  it('ignores brackets inside strings, including after escaped quotes and backslashes', () => {
    expect(jsonNestedDeeperThan('{"a":"[[[[[[[["}', 1)).toBe(false);
    expect(jsonNestedDeeperThan('{"a":"say \\"[[[[\\" twice"}', 1)).toBe(false);
    expect(jsonNestedDeeperThan('{"a":"ends in a backslash \\\\","b":[[1]]}', 2)).toBe(true);
  });
});
