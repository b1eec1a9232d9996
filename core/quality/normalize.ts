import { z } from 'zod';
import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js';
import type { Contact } from '../lead/lead.ts';
import { COUNTRY_BY_ALIAS, ISO_ALPHA2 } from './countries.ts';
import { lookupRegion } from './regions.ts';
import { collapseWhitespace, matchWords } from './text.ts';

/**
 * Canonical forms of contact fields, for storage and for matching duplicates. Every function
 * is total: empty input gives `null`, unusable input gives a problem the caller can show.
 */
export type Cleaned<T> = { ok: true; value: T | null } | { ok: false; value: null; problem: string };

const ok = <T>(value: T | null): Cleaned<T> => ({ ok: true, value });
const bad = <T>(problem: string): Cleaned<T> => ({ ok: false, value: null, problem });

// ---- person names -------------------------------------------------------------------------

/** Lower-case inside a name unless first: "Ludwig van Beethoven", "Maria de la Cruz". */
const NAME_PARTICLES = new Set(['van', 'von', 'der', 'den', 'de', 'del', 'della', 'di', 'da', 'das', 'dos', 'du', 'la', 'le', 'ten', 'ter', 'zu', 'zum', 'zur', 'af', 'y', 'bin', 'ibn']);

function capitalise(part: string): string {
  return part.charAt(0).toUpperCase() + part.slice(1);
}

/** "o'neil" → "O'Neil", "mcdonald" → "McDonald", "jean-luc" → "Jean-Luc". */
function caseWord(word: string): string {
  return word
    .split(/(-|')/)
    .map((part) => (part.startsWith('mc') && part.length > 2 ? `Mc${capitalise(part.slice(2))}` : capitalise(part)))
    .join('');
}

/**
 * Trims, collapses spaces and fixes the case of names typed all in lower or upper case.
 * A name typed in mixed case is kept as typed: people know how "DeShawn" or "MacLeod" is
 * spelt better than any rule does.
 */
export function normalizePersonName(raw: string | null | undefined): string | null {
  const text = collapseWhitespace(raw).replace(/[’`´]/g, "'");
  if (!text) return null;
  const letters = text.replace(/[^\p{L}]/gu, '');
  if (letters !== letters.toLowerCase() && letters !== letters.toUpperCase()) return text;
  return text
    .toLowerCase()
    .split(' ')
    .map((word, index) => (index > 0 && NAME_PARTICLES.has(word) ? word : caseWord(word)))
    .join(' ');
}

const HONORIFICS = new Set(['mr', 'mrs', 'ms', 'miss', 'dr', 'prof', 'herr', 'frau', 'mme', 'mlle', 'sr', 'sra', 'dipl', 'ing', 'phd', 'jr', 'sr']);

/** Name words for matching: accents folded, lower case, titles dropped, in typed order. */
export function nameTokens(...parts: Array<string | null | undefined>): string[] {
  return parts.flatMap((part) => matchWords(part ?? '')).filter((word) => !HONORIFICS.has(word));
}

// ---- companies ----------------------------------------------------------------------------

/** Legal-form words, compared after dots are dropped ("S.r.l." → "srl", "A/S" → "as"). */
const LEGAL_FORMS = new Set([
  'gmbh', 'mbh', 'ag', 'kg', 'kgaa', 'ohg', 'gbr', 'ug', 'haftungsbeschrankt', 'ev', 'eg', 'se', 'inc', 'incorporated', 'llc', 'llp', 'lp',
  'ltd', 'limited', 'corp', 'corporation', 'co', 'company', 'plc', 'sa', 'sas', 'sarl', 'srl', 'spa', 'snc', 'sl', 'slu', 'bv', 'nv', 'vof',
  'oy', 'oyj', 'ab', 'as', 'asa', 'aps', 'pty', 'pte', 'kk', 'sro', 'sp', 'z', 'oo', 'kft', 'zrt', 'doo', 'ad', 'ou',
]);
const CONNECTORS = new Set(['and', 'und', 'et', 'y']);

export interface CompanyName {
  /** As the lead gave it, tidied: shown to people. */
  display: string;
  /** Without legal form, accents or punctuation: compared when looking for duplicates. */
  key: string;
}

export function normalizeCompany(raw: string | null | undefined): CompanyName | null {
  const display = collapseWhitespace(raw);
  if (!display) return null;
  const spelled = display.replace(/\bA\s*\/\s*S\b/gi, 'AS').replace(/[&+]/g, ' and ');
  const words = matchWords(spelled);
  if (words[0] === 'the' && words.length > 1) words.shift();
  // Strip from the end only, and never the last word: "AB Volvo" and "Co-op" keep their words.
  while (words.length > 1 && (LEGAL_FORMS.has(words.at(-1)!) || CONNECTORS.has(words.at(-1)!))) words.pop();
  return { display, key: words.join(' ') };
}

// ---- email --------------------------------------------------------------------------------

const EmailSchema = z.email();

/** Lower case (providers treat the local part case-insensitively in practice), `mailto:` and `Name <…>` unwrapped. */
export function normalizeEmail(raw: string | null | undefined): Cleaned<string> {
  let text = collapseWhitespace(raw);
  if (!text) return ok(null);
  const bracketed = /<([^<>]+)>/.exec(text);
  if (bracketed) text = bracketed[1]!.trim();
  text = text.replace(/^mailto:/i, '').replace(/\.$/, '').toLowerCase();
  if (text.length > 254 || !EmailSchema.safeParse(text).success) return bad(`"${collapseWhitespace(raw)}" is not a valid email address`);
  return ok(text);
}

// ---- phone --------------------------------------------------------------------------------

export interface PhoneNumber {
  e164: string;
  /** The country the number belongs to, when the numbering plan tells. */
  country: string | null;
}

/**
 * E.164 ("+493012345678"). Numbers written nationally ("030 1234 5678") need the country
 * they were dialled in; international prefixes "+" and "00" are understood without one.
 */
export function normalizePhone(raw: string | null | undefined, defaultCountry?: string | null): Cleaned<PhoneNumber> {
  const text = collapseWhitespace(raw);
  if (!text) return ok(null);
  const dialable = text.replace(/^00(?=[1-9])/, '+').replace(/\(0\)/g, '');
  const region = defaultCountry && ISO_ALPHA2.has(defaultCountry) ? (defaultCountry as CountryCode) : undefined;
  const key = `${region ?? ''} ${text}`;
  let cleaned = recentPhones.get(key);
  if (cleaned === undefined) {
    cleaned = Object.freeze(parsePhone(text, dialable, region));
    if (recentPhones.size >= RECENT_PHONES) recentPhones.clear();
    recentPhones.set(key, cleaned);
  }
  return cleaned;
}

/**
 * Parsing is the costly part of a lead's normalisation, and one number is parsed again and
 * again (intake, then each save of the lead derives its phone key): recent answers are kept.
 */
const RECENT_PHONES = 4096;
const recentPhones = new Map<string, Cleaned<PhoneNumber>>();

function parsePhone(text: string, dialable: string, region: CountryCode | undefined): Cleaned<PhoneNumber> {
  const parsed = parsePhoneNumberFromString(dialable, region);
  if (!parsed || !parsed.isValid()) {
    if (dialable.startsWith('+')) return bad(`"${text}" is not a valid phone number`);
    return bad(region ? `"${text}" is not a valid phone number for ${region}` : `"${text}" needs an international prefix such as +49, or a country`);
  }
  return ok(Object.freeze({ e164: parsed.number, country: parsed.country ?? null }));
}

// ---- country and region -------------------------------------------------------------------

/** "DE", "de", "Deutschland", "Germany", "DEU", "U.S.A.", "UK" → ISO 3166-1 alpha-2. */
export function normalizeCountry(raw: string | null | undefined): Cleaned<string> {
  const text = collapseWhitespace(raw);
  if (!text) return ok(null);
  const upper = text.toUpperCase();
  if (ISO_ALPHA2.has(upper)) return ok(upper);
  const words = matchWords(text);
  const code = COUNTRY_BY_ALIAS.get(words.join(' ')) ?? (words[0] === 'the' ? COUNTRY_BY_ALIAS.get(words.slice(1).join(' ')) : undefined);
  return code ? ok(code) : bad(`"${text}" is not a country this server recognises; use an ISO code such as "DE"`);
}

/** ISO 3166-2 ("US-CA") where the table knows the country; otherwise the tidied text. */
export function normalizeRegion(raw: string | null | undefined, country: string | null): string | null {
  const text = collapseWhitespace(raw);
  if (!text) return null;
  return (country ? lookupRegion(matchWords(text), country) : null) ?? text;
}

// ---- a whole contact ----------------------------------------------------------------------

export type RawContact = Partial<Record<keyof Contact, string | null | undefined>>;

export interface FieldProblem {
  field: keyof Contact;
  value: string;
  problem: string;
}

export interface NormalizedContact {
  contact: Contact;
  /** Values that could not be used; they are left out of `contact`, so keep them elsewhere. */
  problems: FieldProblem[];
}

export function normalizeContact(raw: RawContact, options: { defaultCountry?: string | null } = {}): NormalizedContact {
  const problems: FieldProblem[] = [];
  const keep = <T>(field: keyof Contact, result: Cleaned<T>): T | null => {
    if (!result.ok) problems.push({ field, value: collapseWhitespace(raw[field]), problem: result.problem });
    return result.value;
  };
  const text = (field: keyof Contact) => collapseWhitespace(raw[field]) || null;

  let country = keep('country', normalizeCountry(raw.country));
  const phone = keep('phone', normalizePhone(raw.phone, country ?? options.defaultCountry));
  country ??= phone && !raw.country ? phone.country : null;
  const contact: Contact = {
    firstName: normalizePersonName(raw.firstName),
    lastName: normalizePersonName(raw.lastName),
    company: normalizeCompany(raw.company)?.display ?? null,
    title: text('title'),
    email: keep('email', normalizeEmail(raw.email)),
    phone: phone?.e164 ?? null,
    street: text('street'),
    city: text('city'),
    region: normalizeRegion(raw.region, country),
    postalCode: text('postalCode')?.toUpperCase() ?? null,
    country,
  };
  return { contact, problems };
}
