import { nameTokens, normalizeCompany, normalizeCountry, normalizeEmail, normalizePhone, type RawContact } from './normalize.ts';
import { jaroWinkler, nameSimilarity, soundKey } from './similarity.ts';

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
  company: string | null;
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
    company: normalizeCompany(contact.company)?.key || null,
    country,
  };
}

const round = (n: number) => Math.round(n * 1000) / 1000;

/**
 * Scores one pair. The rules, strongest first:
 * - the same email is the same person (1.0);
 * - the same phone is strong (0.9), unless the names clearly differ: a shared switchboard;
 * - similar full names at a similar company score by how similar both are;
 * - a similar name alone, or at a different company, is at most worth a review.
 * Different countries take a name-based match down a notch.
 */
export function scorePair(incoming: MatchProfile, existing: MatchProfile): DedupeCandidate | null {
  const reasons: MatchReason[] = [];
  const name = nameSimilarity(incoming.name, existing.name);
  const fullNames = Math.min(incoming.name.length, existing.name.length) >= 2;
  const company = incoming.company && existing.company ? jaroWinkler(incoming.company, existing.company) : null;
  const sameEmail = incoming.email !== null && incoming.email === existing.email;
  const samePhone = incoming.phone !== null && incoming.phone === existing.phone;
  const countriesDiffer = incoming.country !== null && existing.country !== null && incoming.country !== existing.country;

  let nameScore = 0;
  if (name !== null && name >= 0.85) {
    if (fullNames && company !== null && company >= 0.85) nameScore = 0.55 + 0.45 * Math.min(name, company);
    else if (fullNames && company === null) nameScore = name >= 0.95 ? 0.7 : 0.6;
    else if (fullNames) nameScore = name >= 0.95 ? 0.6 : 0.4;
    else nameScore = company !== null && company >= 0.95 && name >= 0.95 ? 0.6 : 0.3;
    if (countriesDiffer) nameScore -= 0.15;
  }
  const namesClash = name !== null && name < 0.7;
  const phoneScore = samePhone ? (namesClash ? 0.45 : name !== null && name >= 0.85 ? 0.97 : 0.9) : 0;
  const score = Math.max(sameEmail ? 1 : 0, phoneScore, nameScore);
  if (score <= 0) return null;

  if (sameEmail) reasons.push({ field: 'email', similarity: 1 });
  if (samePhone) reasons.push({ field: 'phone', similarity: 1 });
  if (name !== null) reasons.push({ field: 'name', similarity: round(name) });
  if (company !== null) reasons.push({ field: 'company', similarity: round(company) });
  if (countriesDiffer) reasons.push({ field: 'country', similarity: 0 });
  return { id: existing.id, score: round(score), reasons };
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
    keys.push(`i:${words.map((word) => word.slice(0, 2)).sort().join(' ')}`);
  }
  if (profile.company) {
    const company = profile.company.replace(/ /g, '').slice(0, 4);
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
  findCandidates(record: DedupeRecord, options?: { minScore?: number; limit?: number }): DedupeCandidate[];
}

export interface DedupeIndexOptions extends DedupeOptions {
  /**
   * A name block larger than this (a very common name at a big company) is skipped: it would
   * cost a scan and rarely decide anything. Email and phone blocks are always used.
   */
  maxBlockSize?: number;
}

export function createDedupeIndex(options: DedupeIndexOptions = {}): DedupeIndex {
  const maxBlockSize = options.maxBlockSize ?? 2000;
  const profiles = new Map<string, MatchProfile>();
  const blocks = new Map<string, Set<string>>();

  const addProfile = (profile: MatchProfile) => {
    if (profiles.has(profile.id)) remove(profile.id);
    profiles.set(profile.id, profile);
    for (const key of blockingKeys(profile)) {
      let block = blocks.get(key);
      if (!block) blocks.set(key, (block = new Set()));
      block.add(profile.id);
    }
  };
  const remove = (id: string) => {
    const profile = profiles.get(id);
    if (!profile) return;
    profiles.delete(id);
    for (const key of blockingKeys(profile)) {
      const block = blocks.get(key);
      block?.delete(id);
      if (block?.size === 0) blocks.delete(key);
    }
  };

  return {
    get size() {
      return profiles.size;
    },
    add(record) {
      const profile = matchProfile(record, options);
      addProfile(profile);
      return profile;
    },
    addProfile,
    remove,
    findCandidates(record, { minScore = 0, limit = 10 } = {}) {
      const incoming = matchProfile(record, options);
      const seen = new Set<string>([incoming.id]);
      const candidates: DedupeCandidate[] = [];
      for (const key of blockingKeys(incoming)) {
        const block = blocks.get(key);
        if (!block || (block.size > maxBlockSize && !key.startsWith('e:') && !key.startsWith('p:'))) continue;
        for (const id of block) {
          if (seen.has(id)) continue;
          seen.add(id);
          const candidate = scorePair(incoming, profiles.get(id)!);
          if (candidate && candidate.score >= minScore) candidates.push(candidate);
        }
      }
      return candidates.sort((a, b) => b.score - a.score || a.id.localeCompare(b.id)).slice(0, limit);
    },
  };
}
