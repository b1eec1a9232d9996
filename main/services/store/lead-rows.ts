import type { Lead, Note } from '../../../core/lead/lead.ts';
import { ROW, toLeadRow, type LeadRow } from '../../../core/sync/lead-row.ts';

/**
 * Column order shared by the insert and update statements: the order of a lead row
 * (core/sync/lead-row.ts LEAD_ROW_FIELDS), so a row pulled from the server binds as it is.
 */
export const LEAD_COLUMNS = [
  'id', 'created_at', 'updated_at', 'status', 'priority', 'score',
  'first_name', 'last_name', 'company', 'title', 'email', 'phone', 'street', 'city', 'region', 'postal_code', 'country',
  'product', 'size', 'timeframe', 'budget',
  'source', 'campaign', 'box_id', 'owner_id', 'offer_expires_at', 'incubate_until',
  'withheld', 'custom', 'attachments', 'won_amount', 'close_reason',
] as const;

export type SqlValue = string | number | null;

/** JSON text for a column; the empty cases, which most rows have, skip JSON.stringify (bulk import is hot). */
export function jsonText(value: unknown[] | Record<string, unknown>): string {
  if (Array.isArray(value)) return value.length === 0 ? '[]' : JSON.stringify(value);
  for (const _key in value) return JSON.stringify(value);
  return '{}';
}

/** A lead row as column values: the lists and maps become JSON text. */
export function rowValues(row: LeadRow): SqlValue[] {
  const values = row.slice() as unknown[];
  for (const field of [ROW.withheld, ROW.custom, ROW.attachments]) values[field] = jsonText(row[field] as unknown[] | Record<string, unknown>);
  return values as SqlValue[];
}

export function leadValues(lead: Lead): SqlValue[] {
  return rowValues(toLeadRow(lead));
}

export const INSERT_LEAD_SQL = `INSERT INTO leads (${LEAD_COLUMNS.join(', ')}) VALUES (${LEAD_COLUMNS.map(() => '?').join(', ')})`;
export const UPDATE_LEAD_SQL = `UPDATE leads SET ${LEAD_COLUMNS.slice(1).map((c) => `${c} = ?`).join(', ')}, version = version + 1 WHERE id = ? RETURNING version`;

/** Column values reordered for UPDATE_LEAD_SQL: every column but the id, then the id. */
export function updateValues(values: readonly SqlValue[]): SqlValue[] {
  const [id, ...rest] = values;
  return [...rest, id ?? null];
}

export interface LeadRowData {
  rid: number;
  version: number;
  id: string;
  created_at: number;
  updated_at: number;
  status: Lead['status'];
  priority: Lead['priority'];
  score: number;
  first_name: string | null;
  last_name: string | null;
  company: string | null;
  title: string | null;
  email: string | null;
  phone: string | null;
  street: string | null;
  city: string | null;
  region: string | null;
  postal_code: string | null;
  country: string | null;
  product: string | null;
  size: number | null;
  timeframe: string | null;
  budget: number | null;
  source: string | null;
  campaign: string | null;
  box_id: string | null;
  owner_id: string | null;
  offer_expires_at: number | null;
  incubate_until: number | null;
  withheld: string;
  custom: string;
  attachments: string;
  won_amount: number | null;
  close_reason: string | null;
}

export function rowToLead(r: LeadRowData): Lead {
  return {
    id: r.id,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    status: r.status,
    priority: r.priority,
    score: r.score,
    contact: {
      firstName: r.first_name, lastName: r.last_name, company: r.company, title: r.title, email: r.email, phone: r.phone,
      street: r.street, city: r.city, region: r.region, postalCode: r.postal_code, country: r.country,
    },
    interest: { product: r.product, size: r.size, timeframe: r.timeframe, budget: r.budget },
    source: r.source,
    campaign: r.campaign,
    boxId: r.box_id,
    ownerId: r.owner_id,
    offerExpiresAt: r.offer_expires_at,
    incubateUntil: r.incubate_until,
    withheld: JSON.parse(r.withheld) as Lead['withheld'],
    custom: JSON.parse(r.custom) as Lead['custom'],
    attachments: JSON.parse(r.attachments) as Lead['attachments'],
    wonAmount: r.won_amount,
    closeReason: r.close_reason,
  };
}

export const INSERT_NOTE_SQL = 'INSERT INTO notes (id, lead_id, at, author, text) VALUES (?, ?, ?, ?, ?)';

export function noteValues(n: Note): SqlValue[] {
  return [n.id, n.leadId, n.at, n.author, n.text];
}

export interface NoteRowData {
  id: string;
  lead_id: string;
  at: number;
  author: string;
  text: string;
}

export function rowToNote(r: NoteRowData): Note {
  return { id: r.id, leadId: r.lead_id, at: r.at, author: r.author, text: r.text };
}
