/** Small text helpers shared by the normalisers and the matcher. */

export function collapseWhitespace(value: string | null | undefined): string {
  return (value ?? '').replace(/[\s\u00a0\u200b]+/g, ' ').trim();
}

/** "Müller" → "Muller", "Ørsted" → "Orsted": accents must not decide whether two names match. */
export function foldDiacritics(value: string): string {
  return value
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .replace(/ß/g, 'ss')
    .replace(/[øØ]/g, (c) => (c === 'ø' ? 'o' : 'O'))
    .replace(/[łŁ]/g, (c) => (c === 'ł' ? 'l' : 'L'))
    .replace(/[æÆ]/g, (c) => (c === 'æ' ? 'ae' : 'AE'));
}

/** Lower-case ASCII-ish words for comparison: accents folded, punctuation gone, dotted abbreviations joined. */
export function matchWords(value: string): string[] {
  return foldDiacritics(value)
    .toLowerCase()
    .replace(/[’'`.]/g, '')
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean);
}
