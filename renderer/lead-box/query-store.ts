import { create } from 'zustand';
import type { LeadStatus, Priority } from '../../core/lead/lead.ts';
import type { SortField } from '../../core/contract/index.ts';

/** What the rep asked the lead box to show: filters, search and sort (no paging). */
export interface ListQuery {
  statuses: LeadStatus[];
  priorities: Priority[];
  sources: string[];
  campaigns: string[];
  search: string;
  sort: SortField;
  direction: 'asc' | 'desc';
}

export type FacetKey = 'statuses' | 'priorities' | 'sources' | 'campaigns';

export const DEFAULT_QUERY: ListQuery = {
  statuses: [],
  priorities: [],
  sources: [],
  campaigns: [],
  search: '',
  sort: 'createdAt',
  direction: 'desc',
};

interface QueryState {
  query: ListQuery;
  setSearch(search: string): void;
  setFilter(key: FacetKey, values: string[]): void;
  clearFilters(): void;
  /** Clicking the sorted column flips direction; another column starts at its natural one. */
  sortBy(field: SortField, naturalDirection: 'asc' | 'desc'): void;
}

export const useQuery = create<QueryState>()((set) => ({
  query: DEFAULT_QUERY,
  setSearch: (search) => set(({ query }) => (query.search === search ? {} : { query: { ...query, search } })),
  setFilter: (key, values) => set(({ query }) => ({ query: { ...query, [key]: values } })),
  clearFilters: () =>
    set(({ query }) => ({ query: { ...query, statuses: [], priorities: [], sources: [], campaigns: [], search: '' } })),
  sortBy: (field, naturalDirection) =>
    set(({ query }) => ({
      query: {
        ...query,
        sort: field,
        direction: query.sort === field ? (query.direction === 'asc' ? 'desc' : 'asc') : naturalDirection,
      },
    })),
}));

export function isFiltered(query: ListQuery): boolean {
  return (
    query.search.trim() !== '' ||
    query.statuses.length > 0 ||
    query.priorities.length > 0 ||
    query.sources.length > 0 ||
    query.campaigns.length > 0
  );
}
