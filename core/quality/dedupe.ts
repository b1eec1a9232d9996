import { nameTokens, normalizeCompany, normalizeCountry, normalizeEmail, normalizePhone, type RawContact } from './normalize.ts';
import { compareWords, soundKey, wordSimilarity, type WordComparison } from './similarity.ts';

/**
 * Finding the existing lead an incoming one duplicates. Plain data in and out: the server
 * keeps the index in memory and rebuilds it from its store; nothing here touches I/O.
 */
export interface DedupeRecord {
  id: string;
  contact: Pick<RawContact, 'firstName' | 'lastName' | 'company' | 'email' | 'phone' | 'country'>;
}

/** What matching needs of a lead, computed once: canonical email and phone, name words, company key. */
export interface MatchProfile {
  id: string;
  email: string | null;
  phone: string | null;
  name: string[];
  /** Company words without the legal form; empty when unknown. */
  company: string[];
  country: string | null;
}

export type MatchField = 'email' | 'phone' | 'name' | 'company' | 'country';

export interface MatchReason {
  field: MatchField;
  /** 1 is identical; for country, 0 means the two leads name different countries. */
  similarity: number;
}

export interface DedupeCandidate {
  id: string;
  /** 0..1: how sure we are the incoming lead is this existing one. */
  score: number;
  reasons: MatchReason[];
}

export interface DedupeOptions {
  /** Country for phone numbers written without an international prefix. */
  defaultCountry?: string | null;
}

export function matchProfile(record: DedupeRecord, options: DedupeOptions = {}): MatchProfile {
  const { contact } = record;
  const country = normalizeCountry(contact.country).value;
  return {
    id: record.id,
    email: normalizeEmail(contact.email).value,
    phone: normalizePhone(contact.phone, country ?? options.defaultCountry).value?.e164 ?? null,
    name: nameTokens(contact.firstName, contact.lastName),
    company: normalizeCompany(contact.company)?.key.split(' ').filter(Boolean) ?? [],
    country,
  };
}

const round = (n: number) => Math.round(n * 1000) / 1000;

/** Every word pairs well: a shared surname with a different first name is two people. */
const matches = (comparison: WordComparison | null, mean: number, weakest: number): comparison is WordComparison =>
  comparison !== null && comparison.similarity >= mean && comparison.weakest >= weakest;

/**
 * Scores one pair. The rules, strongest first:
 * - the same email is the same person (1.0), unless two full names clearly differ: a shared
 *   mailbox such as info@ is then worth a review, not a merge;
 * - the same phone is strong (0.9; 0.97 with the same name), unless the names differ: a
 *   switchboard shared by colleagues;
 * - the same full name at the same company scores by how alike both are (0.955 and up);
 * - the same name with no company to compare, or a close name at the same company, is worth
 *   a review; a namesake at another company is not.
 * Different countries take a name-based match below the merge bar.
 */
export function scorePair(incoming: MatchProfile, existing: MatchProfile): DedupeCandidate | null {
  return scoreCompared(incoming, existing, compareWords(incoming.name, existing.name), () => compareWords(incoming.company, existing.company), 0);
}

/** The name-based rules alone (before the country check): they need only the two word comparisons. */
function nameBasedScore(name: WordComparison | null, company: WordComparison | null, fullNames: boolean): number {
  const sameName = matches(name, 0.9, 0.88);
  const sameCompany = matches(company, 0.9, 0.85);
  if (sameName && fullNames && sameCompany) return 0.55 + 0.45 * Math.min(name.similarity, company.similarity);
  if (sameName && fullNames && company === null) return name.similarity >= 0.95 ? 0.7 : 0.6;
  if (sameName && sameCompany) return 0.6;
  if (fullNames && sameCompany && matches(name, 0.8, 0.7)) return 0.6;
  if (sameName && fullNames && name.similarity >= 0.99) return 0.45;
  return 0;
}

/** scorePair with the word comparisons supplied, so an index can compare each distinct name once per lookup. */
function scoreCompared(
  incoming: MatchProfile,
  existing: MatchProfile,
  name: WordComparison | null,
  compareCompany: () => WordComparison | null,
  minScore: number,
): DedupeCandidate | null {
  const sameEmail = incoming.email !== null && incoming.email === existing.email;
  const samePhone = incoming.phone !== null && incoming.phone === existing.phone;
  // Every name-based rule needs at least this much; most pairs in a block stop here.
  if (!sameEmail && !samePhone && !matches(name, 0.8, 0.7)) return null;
  const company = compareCompany();
  const fullNames = Math.min(incoming.name.length, existing.name.length) >= 2;
  const sameName = matches(name, 0.9, 0.88);
  const namesDiffer = name !== null && !matches(name, 0.85, 0.85);
  const countriesDiffer = incoming.country !== null && existing.country !== null && incoming.country !== existing.country;

  let nameScore = nameBasedScore(name, company, fullNames);
  if (nameScore > 0 && countriesDiffer) nameScore -= 0.2;
  const emailScore = sameEmail ? (fullNames && namesDiffer ? 0.8 : 1) : 0;
  const phoneScore = samePhone ? (namesDiffer ? 0.45 : sameName ? 0.97 : 0.9) : 0;
  const score = Math.max(emailScore, phoneScore, nameScore);
  const rounded = round(score);
  if (score <= 0 || rounded < minScore) return null;

  const reasons: MatchReason[] = [];
  if (sameEmail) reasons.push({ field: 'email', similarity: 1 });
  if (samePhone) reasons.push({ field: 'phone', similarity: 1 });
  if (name !== null) reasons.push({ field: 'name', similarity: round(name.similarity) });
  if (company !== null) reasons.push({ field: 'company', similarity: round(company.similarity) });
  if (countriesDiffer) reasons.push({ field: 'country', similarity: 0 });
  return { id: existing.id, score: rounded, reasons };
}

export interface Thresholds {
  /** At or above: merge into the best candidate without asking. */
  mergeThreshold: number;
  /** At or above (and below merge): keep the lead separate but flag it for a person. */
  reviewThreshold: number;
}

export const DEFAULT_THRESHOLDS: Thresholds = { mergeThreshold: 0.85, reviewThreshold: 0.6 };

export type DedupeDecision =
  | { action: 'merge'; into: DedupeCandidate }
  | { action: 'review'; candidates: DedupeCandidate[] }
  | { action: 'new' };

/** Candidates best first (as findCandidates returns them). Two different leads both above the merge bar go to review: merging into either would be a guess. */
export function decide(candidates: readonly DedupeCandidate[], thresholds: Thresholds = DEFAULT_THRESHOLDS): DedupeDecision {
  const [best, second] = candidates;
  if (!best || best.score < thresholds.reviewThreshold) return { action: 'new' };
  const ambiguous = second !== undefined && second.score >= thresholds.mergeThreshold && second.score === best.score;
  if (best.score >= thresholds.mergeThreshold && !ambiguous) return { action: 'merge', into: best };
  return { action: 'review', candidates: candidates.filter((candidate) => candidate.score >= thresholds.reviewThreshold) };
}

/**
 * Blocking keys: two duplicates share at least one unless every field disagrees. Each name
 * word is keyed by sound and by its first letters, paired with the company's start, so a
 * typo in one word, swapped names or a changed legal form still meet.
 */
export function blockingKeys(profile: MatchProfile): string[] {
  const keys: string[] = [];
  if (profile.email) keys.push(`e:${profile.email}`);
  if (profile.phone) keys.push(`p:${profile.phone}`);
  const words = profile.name.filter((word) => word.length > 1);
  if (words.length >= 2) {
    keys.push(`n:${words.map(soundKey).sort().join(' ')}`);
    keys.push(`i:${words.map((word) => word.slice(0, 3)).sort().join(' ')}`);
  }
  if (profile.company.length > 0) {
    const company = profile.company.join('').slice(0, 8);
    for (const word of words) keys.push(`c:${soundKey(word)}|${company}`, `c:${word.slice(0, 3)}|${company}`);
  }
  return [...new Set(keys)];
}

export interface DedupeIndex {
  readonly size: number;
  add(record: DedupeRecord): MatchProfile;
  addProfile(profile: MatchProfile): void;
  remove(id: string): void;
  /** Scored candidates, best first, above `minScore` (default: anything that scores at all). */
  findCandidates(record: DedupeRecord, options?: FindOptions): DedupeCandidate[];
  /** The same for a profile already computed (to add it afterwards without normalising twice). */
  findCandidatesFor(profile: MatchProfile, options?: FindOptions): DedupeCandidate[];
}

export interface FindOptions {
  minScore?: number;
  limit?: number;
}

export interface DedupeIndexOptions extends DedupeOptions {
  /**
   * A name block larger than this (a very common name at a big company) is skipped: it would
   * cost a scan and rarely decide anything. Email and phone blocks are always used.
   */
  maxBlockSize?: number;
}

/**
 * Word similarity remembered for one lookup: the incoming lead's few words meet the same
 * stored words (one string each, see wordListIds) again and again.
 */
function memoSimilarity(): (word: string, other: string) => number {
  const memo = new Map<string, Map<string, number>>();
  return (word, other) => {
    let row = memo.get(word);
    if (row === undefined) memo.set(word, (row = new Map()));
    let alike = row.get(other);
    if (alike === undefined) row.set(other, (alike = wordSimilarity(word, other)));
    return alike;
  };
}

/**
 * Numbers for distinct word lists, and per lookup a memo of one list compared with each:
 * the memo is valid while its stamp is the lookup's, so nothing is cleared between lookups.
 */
function wordListIds() {
  const ids = new Map<string, number>();
  // One string per distinct word: comparisons then read a few hot strings, not a copy per lead.
  const canonical = new Map<string, string>();
  const intern = (word: string) => {
    const known = canonical.get(word);
    if (known !== undefined) return known;
    canonical.set(word, word);
    return word;
  };
  const lists: Array<readonly string[]> = [];
  const stamps: number[] = [];
  const results: Array<WordComparison | null> = [];
  return {
    idOf(words: readonly string[]): number {
      const key = words.join(' ');
      let id = ids.get(key);
      if (id === undefined) {
        ids.set(key, (id = lists.length));
        lists.push(words.map(intern));
        stamps.push(0);
        results.push(null);
      }
      return id;
    },
    words: (id: number) => lists[id]!,
    lookup(incoming: readonly string[], stamp: number, similarity: (word: string, other: string) => number) {
      return (id: number): WordComparison | null => {
        if (stamps[id] !== stamp) {
          stamps[id] = stamp;
          results[id] = compareWords(incoming, lists[id]!, similarity);
        }
        return results[id] ?? null;
      };
    },
  };
}

const isContactKey = (key: string) => key.startsWith('e:') || key.startsWith('p:');

export function createDedupeIndex(options: DedupeIndexOptions = {}): DedupeIndex {
  const maxBlockSize = options.maxBlockSize ?? 2000;
  // Profiles live in a slot array and blocks hold slot numbers: a lookup then de-duplicates
  // with a visit stamp per slot instead of building a Set, which matters at 100k leads.
  const slots: Array<MatchProfile | undefined> = [];
  const visited: number[] = [];
  // Common names and companies recur across thousands of leads: each distinct word list gets
  // a number, and a lookup compares the incoming lead with each number once.
  const names = wordListIds();
  const companies = wordListIds();
  const slotName: number[] = [];
  const slotCompany: number[] = [];
  const slotById = new Map<string, number>();
  const blocks = new Map<string, number[]>();
  const keysOf = new WeakMap<MatchProfile, string[]>();
  let lookups = 0;

  const keys = (profile: MatchProfile) => {
    let found = keysOf.get(profile);
    if (!found) keysOf.set(profile, (found = blockingKeys(profile)));
    return found;
  };
  const remove = (id: string) => {
    const slot = slotById.get(id);
    if (slot === undefined) return;
    for (const key of keys(slots[slot]!)) {
      const remaining = blocks.get(key)!.filter((other) => other !== slot);
      if (remaining.length > 0) blocks.set(key, remaining);
      else blocks.delete(key);
    }
    slots[slot] = undefined;
    slotById.delete(id);
  };
  const addProfile = (profile: MatchProfile) => {
    remove(profile.id);
    const slot = slots.length;
    slots.push(profile);
    visited.push(0);
    slotName.push(names.idOf(profile.name));
    slotCompany.push(companies.idOf(profile.company));
    slotById.set(profile.id, slot);
    for (const key of keys(profile)) {
      const block = blocks.get(key);
      if (block) block.push(slot);
      else blocks.set(key, [slot]);
    }
  };

  return {
    get size() {
      return slotById.size;
    },
    add(record) {
      const profile = matchProfile(record, options);
      addProfile(profile);
      return profile;
    },
    addProfile,
    remove,
    findCandidates(record, findOptions) {
      return this.findCandidatesFor(matchProfile(record, options), findOptions);
    },
    findCandidatesFor(incoming, { minScore = 0, limit = 10 } = {}) {
      const stamp = ++lookups;
      const own = slotById.get(incoming.id);
      if (own !== undefined) visited[own] = stamp;
      const similarity = memoSimilarity();
      const nameOf = names.lookup(incoming.name, stamp, similarity);
      const companyOf = companies.lookup(incoming.company, stamp, similarity);
      const candidates: DedupeCandidate[] = [];
      const score = (slot: number) => {
        const candidate = scoreCompared(incoming, slots[slot]!, nameOf(slotName[slot]!), () => companyOf(slotCompany[slot]!), minScore);
        if (candidate) candidates.push(candidate);
      };
      const all = keys(incoming);
      for (const key of all) {
        if (!isContactKey(key)) continue;
        for (const slot of blocks.get(key) ?? []) {
          if (visited[slot] === stamp) continue;
          visited[slot] = stamp;
          score(slot);
        }
      }
      // Every lead sharing the email or phone was in those blocks (never skipped) and is scored
      // by now; a lead met first in a name block shares neither, so a name too far apart rules
      // it out before its profile is even read — most of a block, at 100k leads.
      const byNameAlone = incoming.email !== '' && incoming.phone !== '';
      for (const key of all) {
        const block = blocks.get(key);
        if (!block || isContactKey(key) || block.length > maxBlockSize) continue;
        for (const slot of block) {
          if (visited[slot] === stamp) continue;
          visited[slot] = stamp;
          if (byNameAlone) {
            // The pair can score no more than its name-based score: the company memo and the
            // name's word count settle most slots without reading the stored profile at all.
            const name = nameOf(slotName[slot]!);
            if (!matches(name, 0.8, 0.7)) continue;
            const fullNames = Math.min(incoming.name.length, names.words(slotName[slot]!).length) >= 2;
            const best = nameBasedScore(name, companyOf(slotCompany[slot]!), fullNames);
            if (best <= 0 || round(best) < minScore) continue;
          }
          score(slot);
        }
      }
      return candidates.sort((a, b) => b.score - a.score || a.id.localeCompare(b.id)).slice(0, limit);
    },
  };
}
