import type { Facets } from '../../core/contract/index.ts';
import { statusLabel } from '../../core/lead/lifecycle.ts';
import type { LeadStatus } from '../../core/lead/lead.ts';
import { MultiSelect, type Option } from '../ui/multi-select.tsx';
import { useBoxStatus } from './facets-store.ts';
import { capitalize, formatCount } from './format.ts';
import { isFiltered, useQuery, type FacetKey } from './query-store.ts';
import { useRows } from './rows-store.ts';

const FILTERS: { key: FacetKey; label: string; text: (value: string) => string }[] = [
  { key: 'statuses', label: 'Status', text: (value) => capitalize(statusLabel(value as LeadStatus)) },
  { key: 'priorities', label: 'Priority', text: capitalize },
  { key: 'sources', label: 'Source', text: (value) => value },
  { key: 'campaigns', label: 'Campaign', text: (value) => value },
];

export function FilterBar() {
  const facets = useBoxStatus((s) => s.facets);
  const query = useQuery((s) => s.query);
  const setFilter = useQuery((s) => s.setFilter);
  const clearFilters = useQuery((s) => s.clearFilters);
  const total = useRows((s) => s.total);
  const filtered = isFiltered(query);

  return (
    <div className="filter-bar" role="toolbar" aria-label="Filters">
      {FILTERS.map(({ key, label, text }) => (
        <MultiSelect
          key={key}
          label={label}
          options={optionsOf(facets, key, text)}
          selected={query[key]}
          onChange={(values) => setFilter(key, values)}
        />
      ))}
      {filtered && (
        <button type="button" className="link-button" onClick={clearFilters}>
          Clear all
        </button>
      )}
      <span className="filter-bar__count" role="status" aria-live="polite">
        {total === null ? 'Loading…' : `${formatCount(total)} ${total === 1 ? 'lead' : 'leads'}${filtered ? ' match' : ''}`}
      </span>
    </div>
  );
}

function optionsOf(facets: Facets | null, key: FacetKey, text: (value: string) => string): Option[] {
  if (!facets) return [];
  return facets[key].map(({ value, count }) => ({ value, label: text(value), count }));
}
