/**
 * True when JSON text nests objects/arrays deeper than `maxDepth`, found in one pass over the
 * raw text: JSON.parse of `[[[[…` thousands deep ends in a stack overflow, not an answer, so
 * every JSON entry point asks this before parsing. Brackets inside strings do not count.
 */
export function jsonNestedDeeperThan(text: string, maxDepth: number): boolean {
  let depth = 0;
  let i = 0;
  const n = text.length;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === 34 /* " */) {
      i++;
      for (;;) {
        const q = text.indexOf('"', i);
        if (q < 0) return false; // JSON.parse reports the unterminated string
        let backslashes = 0;
        for (let k = q - 1; text.charCodeAt(k) === 92; k--) backslashes++;
        i = q + 1;
        if (backslashes % 2 === 0) break;
      }
      continue;
    }
    if (c === 123 || c === 91) {
      if (++depth > maxDepth) return true;
    } else if (c === 125 || c === 93) depth--;
    i++;
  }
  return false;
}
