/**
 * A User Timing mark when the first lead rows are in the DOM after page load, so the
 * renderer benchmark (bench/renderer.bench.ts) and DevTools can read time-to-first-rows.
 */
export const FIRST_ROWS_MARK = 'leadrelay:first-rows';

export function markFirstRows(): void {
  if (performance.getEntriesByName(FIRST_ROWS_MARK).length === 0) performance.mark(FIRST_ROWS_MARK);
}
