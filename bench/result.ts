/** One measured figure, ours beside a named peer. `ratio` is always "higher is better for us". */
export interface BenchResult {
  bench: string;
  metric: string;
  unit: string;
  ours: number;
  peer: number | null;
  peerName: string | null;
  ratio: number | null;
  target?: string;
}

export type Bench = () => Promise<BenchResult[]>;

/** For throughputs (more is better): ours / peer. */
export function throughput(bench: string, metric: string, unit: string, ours: number, peer: number | null, peerName: string | null, target?: string): BenchResult {
  return { bench, metric, unit, ours: round(ours), peer: peer === null ? null : round(peer), peerName, ratio: peer ? round(ours / peer) : null, ...(target ? { target } : {}) };
}

/** For latencies (less is better): peer / ours, so a ratio above 1 still means we are faster. */
export function latency(bench: string, metric: string, unit: string, ours: number, peer: number | null, peerName: string | null, target?: string): BenchResult {
  return { bench, metric, unit, ours: round(ours), peer: peer === null ? null : round(peer), peerName, ratio: peer && ours ? round(peer / ours) : null, ...(target ? { target } : {}) };
}

export function percentile(samples: number[], p: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index] ?? Number.NaN;
}

function round(n: number): number {
  return Math.abs(n) >= 100 ? Math.round(n) : Math.round(n * 1000) / 1000;
}
