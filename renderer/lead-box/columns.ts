import type { SortField } from '../../core/contract/index.ts';

export interface Column {
  key: 'name' | 'company' | 'priority' | 'status' | 'source' | 'campaign' | 'age' | 'offer';
  label: string;
  sort: SortField;
  /** The direction a first click sorts in: names A→Z, scores high→low. */
  natural: 'asc' | 'desc';
  /** Age grows as createdAt shrinks, so the column reads the opposite way to its field. */
  inverted?: boolean;
}

export const COLUMNS: Column[] = [
  { key: 'name', label: 'Name', sort: 'name', natural: 'asc' },
  { key: 'company', label: 'Company', sort: 'company', natural: 'asc' },
  { key: 'priority', label: 'Priority', sort: 'score', natural: 'desc' },
  { key: 'status', label: 'Status', sort: 'status', natural: 'asc' },
  { key: 'source', label: 'Source', sort: 'source', natural: 'asc' },
  { key: 'campaign', label: 'Campaign', sort: 'campaign', natural: 'asc' },
  { key: 'age', label: 'Age', sort: 'createdAt', natural: 'desc', inverted: true },
  { key: 'offer', label: 'Answer in', sort: 'offerExpiresAt', natural: 'asc' },
];

export function ariaSort(column: Column, sort: SortField, direction: 'asc' | 'desc'): 'ascending' | 'descending' | 'none' {
  if (column.sort !== sort) return 'none';
  const ascending = (direction === 'asc') !== Boolean(column.inverted);
  return ascending ? 'ascending' : 'descending';
}
