// Dedupe quality on a seeded set with known duplicates, and speed of the blocking index
// (100k leads) beside a naive all-pairs comparison (10k leads) using the same scorer.
import {
  createDedupeIndex,
  decide,
  matchProfile,
  scorePair,
  DEFAULT_THRESHOLDS,
  type DedupeCandidate,
  type DedupeDecision,
  type MatchProfile,
} from '../core/quality/dedupe.ts';
import { dedupeDataset, type LabelledRecord } from './dedupe-dataset.ts';
import { throughput, type BenchResult } from './result.ts';

const OPTIONS = { defaultCountry: 'DE' };

interface Tally {
  shouldMerge: number;
  merged: number;
  mergedCorrectly: number;
  flaggedCorrectly: number;
}

/** Feeds records in arrival order; a merged record joins its match and is not indexed itself. */
function run(records: readonly LabelledRecord[], find: (profile: MatchProfile) => DedupeCandidate[], keep: (profile: MatchProfile) => void): Tally {
  const personOf = new Map<string, number>();
  const seenPeople = new Set<number>();
  const tally: Tally = { shouldMerge: 0, merged: 0, mergedCorrectly: 0, flaggedCorrectly: 0 };
  for (const record of records) {
    const profile = matchProfile(record, OPTIONS);
    const decision: DedupeDecision = decide(find(profile), DEFAULT_THRESHOLDS);
    const duplicate = seenPeople.has(record.person);
    if (duplicate) tally.shouldMerge++;
    if (decision.action === 'merge') {
      tally.merged++;
      if (personOf.get(decision.into.id) === record.person) tally.mergedCorrectly++;
    } else {
      if (duplicate && decision.action === 'review' && decision.candidates.some((c) => personOf.get(c.id) === record.person)) tally.flaggedCorrectly++;
      keep(profile);
      personOf.set(profile.id, record.person);
    }
    seenPeople.add(record.person);
  }
  return tally;
}

function withIndex(records: readonly LabelledRecord[]): Tally {
  const index = createDedupeIndex(OPTIONS);
  return run(records, (profile) => index.findCandidatesFor(profile), (profile) => index.addProfile(profile));
}

function allPairs(records: readonly LabelledRecord[]): Tally {
  const kept: MatchProfile[] = [];
  const find = (profile: MatchProfile) => {
    const candidates: DedupeCandidate[] = [];
    for (const other of kept) {
      const candidate = scorePair(profile, other);
      if (candidate) candidates.push(candidate);
    }
    return candidates.sort((a, b) => b.score - a.score || a.id.localeCompare(b.id)).slice(0, 10);
  };
  return run(records, find, (profile) => kept.push(profile));
}

function timed<T>(work: () => T): { result: T; seconds: number } {
  const start = performance.now();
  const result = work();
  return { result, seconds: (performance.now() - start) / 1000 };
}

function qualityLines(label: string, tally: Tally): BenchResult[] {
  return [
    throughput('dedupe', `recall, merged automatically (${label})`, 'ratio', tally.mergedCorrectly / tally.shouldMerge, null, null, '>= 0.95'),
    throughput('dedupe', `precision of automatic merges (${label})`, 'ratio', tally.mergedCorrectly / tally.merged, null, null, '>= 0.98'),
    throughput('dedupe', `recall, merged or flagged for review (${label})`, 'ratio', (tally.mergedCorrectly + tally.flaggedCorrectly) / tally.shouldMerge, null, null),
  ];
}

export default async function dedupeBench(): Promise<BenchResult[]> {
  // A quarter of the people submit twice, so the sets are 10k and 100k leads.
  const big = dedupeDataset(80_000, 0.25, 11);
  const small = dedupeDataset(8_000, 0.25, 13);
  const ours = timed(() => withIndex(big));
  const oursSmall = withIndex(small);
  const naive = timed(() => allPairs(small));
  return [
    ...qualityLines(`${big.length} leads`, ours.result),
    ...qualityLines(`${small.length} leads`, oursSmall),
    throughput('dedupe', `correct merges kept by blocking, vs all pairs (${small.length} leads)`, 'ratio', oursSmall.mergedCorrectly / naive.result.mergedCorrectly, null, null),
    throughput('dedupe', `throughput: index on ${big.length} leads vs all-pairs on ${small.length}`, 'leads/s', big.length / ours.seconds, small.length / naive.seconds, 'naive all-pairs (same scorer)'),
  ];
}
