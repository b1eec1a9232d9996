import { z } from 'zod';
import { LeadStatus, Priority, type HistoryEntry, type Lead, type Note } from '../lead/lead.ts';

export const SORT_FIELDS = ['name', 'company', 'score', 'status', 'source', 'campaign', 'createdAt', 'offerExpiresAt'] as const;
export const SortField = z.enum(SORT_FIELDS);
export type SortField = z.infer<typeof SortField>;

export const LeadQuery = z.object({
  statuses: z.array(LeadStatus).max(20).default([]),
  priorities: z.array(Priority).max(10).default([]),
  sources: z.array(z.string().max(100)).max(50).default([]),
  campaigns: z.array(z.string().max(100)).max(50).default([]),
  /** Full-text search over name, company, email and notes. */
  search: z.string().trim().max(200).default(''),
  sort: SortField.default('createdAt'),
  direction: z.enum(['asc', 'desc']).default('desc'),
  offset: z.number().int().nonnegative().max(10_000_000).default(0),
  limit: z.number().int().positive().max(500).default(50),
});
export type LeadQuery = z.infer<typeof LeadQuery>;
export type LeadQueryInput = z.input<typeof LeadQuery>;

/** One row of the lead box: only what the list shows. */
export interface LeadRow {
  id: string;
  name: string;
  company: string | null;
  priority: Lead['priority'];
  score: number;
  status: Lead['status'];
  source: string | null;
  campaign: string | null;
  createdAt: number;
  offerExpiresAt: number | null;
}

export interface LeadPage {
  rows: LeadRow[];
  /** Number of leads matching the filters, for the scrollbar. */
  total: number;
  offset: number;
  /**
   * True when a search matched more leads than the store examines (the newest few thousand):
   * rows and total then cover only those, and the UI should suggest a narrower search.
   */
  capped?: boolean;
}

export interface LeadDetail {
  lead: Lead;
  history: HistoryEntry[];
  notes: Note[];
}

export interface Facets {
  statuses: { value: Lead['status']; count: number }[];
  priorities: { value: Lead['priority']; count: number }[];
  sources: { value: string; count: number }[];
  campaigns: { value: string; count: number }[];
}
