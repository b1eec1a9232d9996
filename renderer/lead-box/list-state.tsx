import { StatePanel } from '../ui/state-panel.tsx';
import { readableMessage } from '../ui/field-error.tsx';
import { isFiltered, useQuery } from './query-store.ts';
import { useRows } from './rows-store.ts';

/** What the list says when it has no rows to show: loading, failed, nothing matches, empty. */
export function ListState() {
  const total = useRows((s) => s.total);
  const error = useRows((s) => s.error);
  const retry = useRows((s) => s.retry);
  const filtered = useQuery((s) => isFiltered(s.query));
  const clearFilters = useQuery((s) => s.clearFilters);

  if (error && total === null) {
    return (
      <StatePanel title="The lead box could not be loaded" tone="error" action={{ label: 'Try again', onClick: retry }}>
        <p>{readableMessage(error)}</p>
      </StatePanel>
    );
  }
  if (error) {
    return (
      <p className="list-banner" role="alert">
        Some leads could not be loaded: {readableMessage(error)}{' '}
        <button type="button" className="link-button" onClick={retry}>
          Try again
        </button>
      </p>
    );
  }
  if (total === null) return <StatePanel title="Loading leads…" busy />;
  if (total > 0) return null;
  if (filtered) {
    return (
      <StatePanel title="No leads match" action={{ label: 'Clear filters', onClick: clearFilters }}>
        <p>Nothing in your lead box matches this search and these filters.</p>
      </StatePanel>
    );
  }
  return (
    <StatePanel title="Your lead box is empty">
      <p>Leads appear here when they are routed to you. Connecting this workstation to a lead server comes in a later version.</p>
    </StatePanel>
  );
}
