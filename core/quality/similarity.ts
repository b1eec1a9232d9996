/**
 * String similarity for names. Jaro-Winkler suits short strings with typos near the end and
 * rewards a shared start, which is how names get mistyped; tests check it against talisman.
 */
// Reused between calls: the matcher compares millions of short words and allocation dominates.
let aFlags = new Uint8Array(64);
let bFlags = new Uint8Array(64);

export function jaroWinkler(first: string, second: string): number {
  if (first === second) return 1;
  // Matching from the shorter string keeps the result symmetric; halved transpositions are
  // rounded down as in Winkler's strcmp95 (and talisman).
  const swap = first.length > second.length;
  const a = swap ? second : first;
  const b = swap ? first : second;
  const aLength = a.length;
  const bLength = b.length;
  if (aLength === 0) return 0;
  const window = bLength < 4 ? 0 : (bLength >> 1) - 1;
  if (bLength > bFlags.length) {
    aFlags = new Uint8Array(bLength * 2);
    bFlags = new Uint8Array(bLength * 2);
  }
  // Cleared by hand: a fill() call per word pair costs more than the loop on short names.
  for (let i = 0; i < aLength; i++) aFlags[i] = 0;
  for (let j = 0; j < bLength; j++) bFlags[j] = 0;
  let matches = 0;
  for (let i = 0; i < aLength; i++) {
    const code = a.charCodeAt(i);
    const start = i > window ? i - window : 0;
    const end = i + window + 1 < bLength ? i + window + 1 : bLength;
    for (let j = start; j < end; j++) {
      if (bFlags[j] || code !== b.charCodeAt(j)) continue;
      aFlags[i] = bFlags[j] = 1;
      matches++;
      break;
    }
  }
  if (matches === 0) return 0;
  let transpositions = 0;
  for (let i = 0, j = 0; i < aLength; i++) {
    if (!aFlags[i]) continue;
    while (!bFlags[j]) j++;
    if (a.charCodeAt(i) !== b.charCodeAt(j)) transpositions++;
    j++;
  }
  const halfTranspositions = transpositions >> 1;
  const jaro = (matches / aLength + matches / bLength + (matches - halfTranspositions) / matches) / 3;
  if (jaro <= 0.7) return jaro;
  let prefix = 0;
  while (prefix < 4 && prefix < aLength && a.charCodeAt(prefix) === b.charCodeAt(prefix)) prefix++;
  return jaro + prefix * 0.1 * (1 - jaro);
}

/**
 * A coarse sound key for one lower-case word: "smith", "smyth" and "schmidt" all give "smt",
 * "john" and "jon" give "jn". Used only to put likely matches in the same block.
 */
export function soundKey(word: string): string {
  const simplified = word
    .replace(/[^a-z]/g, '')
    .replace(/sch/g, 's')
    .replace(/ph/g, 'f')
    .replace(/ck|q|c(?=[aou]|$)/g, 'k')
    .replace(/c/g, 's')
    .replace(/x/g, 'ks')
    .replace(/z/g, 's')
    .replace(/w/g, 'v')
    .replace(/y/g, 'i')
    .replace(/dt|th|d$/g, 't');
  if (!simplified) return '';
  const rest = simplified.slice(1).replace(/[aeiouh]/g, '');
  return (simplified[0] + rest).replace(/(.)\1+/g, '$1').slice(0, 6);
}

export interface WordComparison {
  /** Mean similarity of the paired words, less a little for each unpaired extra word. */
  similarity: number;
  /** The least similar pair: one word that does not match marks two different names. */
  weakest: number;
}

/** Two words of a name: Jaro-Winkler, and an initial matches a word it begins. */
export function wordSimilarity(word: string, other: string): number {
  return word.length === 1 || other.length === 1 ? (word[0] === other[0] ? 0.9 : 0) : jaroWinkler(word, other);
}

/**
 * Compares two names (or company names) given as word lists, ignoring order ("Smith John" =
 * "John Smith"): each word of the shorter list pairs with its best unused partner; an initial
 * matches a word it begins. Extra words (a middle name) cost a little, not a lot.
 */
export function compareWords(a: readonly string[], b: readonly string[], similarity: (word: string, other: string) => number = wordSimilarity): WordComparison | null {
  if (a.length === 0 || b.length === 0) return null;
  // `used` is a bit set; no real name or company has more than 31 words.
  const short = a.length <= b.length ? a : b;
  const long = short === a ? b : a;
  if (long.length > 31) return compareWords(short.slice(0, 31), long.slice(0, 31), similarity);
  let used = 0;
  let total = 0;
  let weakest = 1;
  for (const word of short) {
    let best = 0;
    let bestIndex = -1;
    for (let index = 0; index < long.length; index++) {
      if (used & (1 << index)) continue;
      const alike = similarity(word, long[index]!);
      if (alike > best) {
        best = alike;
        bestIndex = index;
      }
    }
    if (bestIndex >= 0) used |= 1 << bestIndex;
    total += best;
    weakest = Math.min(weakest, best);
  }
  return { similarity: Math.max(0, total / short.length - 0.04 * (long.length - short.length)), weakest };
}

export function nameSimilarity(a: readonly string[], b: readonly string[]): number | null {
  return compareWords(a, b)?.similarity ?? null;
}
