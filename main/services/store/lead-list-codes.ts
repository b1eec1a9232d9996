/** Small value codes the list index is built from. */

/** Case- and accent-insensitive sort key, cheap to compare with < (Intl.Collator is ~20x slower). */
export function fold(value: string | null): string | null {
  return value === null || value === '' ? null : value.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
}

/** Interns strings as small integer codes (-1 for null) so filters are array lookups. */
export class Dictionary {
  readonly values: string[] = [];
  private readonly codes = new Map<string, number>();

  code(value: string | null): number {
    if (value === null) return -1;
    let code = this.codes.get(value);
    if (code === undefined) {
      code = this.values.length;
      this.values.push(value);
      this.codes.set(value, code);
    }
    return code;
  }

  lookup(value: string): number | undefined {
    return this.codes.get(value);
  }
}

/** A lookup table of allowed codes, or null when the filter is not set (everything passes). */
export function mask(codes: (number | undefined)[], size: number): Uint8Array | null {
  if (codes.length === 0) return null;
  const allowed = new Uint8Array(Math.max(size, 1));
  for (const code of codes) if (code !== undefined) allowed[code] = 1;
  return allowed;
}
