import type Database from 'better-sqlite3';
import type { HistoryEntry, Lead } from '../../core/lead/lead.ts';
import { normalizeEmail, normalizePhone } from '../../core/quality/normalize.ts';

/**
 * Leads and their history in the server store: one column per Lead field, so routing and
 * reports can filter in SQL; arrays and maps as JSON. Matching keys are kept beside each
 * lead so duplicate lookups by email or phone are an index probe.
 */
const LEAD_COLUMNS = [
  'id', 'created_at', 'updated_at', 'status', 'priority', 'score', 'first_name', 'last_name', 'company', 'title', 'email', 'phone',
  'street', 'city', 'region', 'postal_code', 'country', 'product', 'size', 'timeframe', 'budget', 'source', 'campaign', 'box_id',
  'owner_id', 'offer_expires_at', 'incubate_until', 'withheld', 'custom', 'attachments', 'won_amount', 'close_reason', 'email_key',
  'phone_key',
] as const;
export type LeadRow = Record<(typeof LEAD_COLUMNS)[number], string | number | null>;

function toRow(lead: Lead): LeadRow {
  const { contact: c, interest: i } = lead;
  return {
    id: lead.id, created_at: lead.createdAt, updated_at: lead.updatedAt, status: lead.status, priority: lead.priority, score: lead.score,
    first_name: c.firstName, last_name: c.lastName, company: c.company, title: c.title, email: c.email, phone: c.phone, street: c.street,
    city: c.city, region: c.region, postal_code: c.postalCode, country: c.country, product: i.product, size: i.size,
    timeframe: i.timeframe, budget: i.budget, source: lead.source, campaign: lead.campaign, box_id: lead.boxId, owner_id: lead.ownerId,
    offer_expires_at: lead.offerExpiresAt, incubate_until: lead.incubateUntil, withheld: JSON.stringify(lead.withheld),
    custom: JSON.stringify(lead.custom), attachments: JSON.stringify(lead.attachments), won_amount: lead.wonAmount,
    close_reason: lead.closeReason, email_key: normalizeEmail(c.email).value,
    phone_key: normalizePhone(c.phone, c.country).value?.e164 ?? null,
  };
}

export function fromRow(row: LeadRow): Lead {
  const text = (value: string | number | null) => (value === null ? null : String(value));
  const number = (value: string | number | null) => (value === null ? null : Number(value));
  return {
    id: String(row.id), createdAt: Number(row.created_at), updatedAt: Number(row.updated_at), status: row.status as Lead['status'],
    priority: row.priority as Lead['priority'], score: Number(row.score),
    contact: {
      firstName: text(row.first_name), lastName: text(row.last_name), company: text(row.company), title: text(row.title),
      email: text(row.email), phone: text(row.phone), street: text(row.street), city: text(row.city), region: text(row.region),
      postalCode: text(row.postal_code), country: text(row.country),
    },
    interest: { product: text(row.product), size: number(row.size), timeframe: text(row.timeframe), budget: number(row.budget) },
    source: text(row.source), campaign: text(row.campaign), boxId: text(row.box_id), ownerId: text(row.owner_id),
    offerExpiresAt: number(row.offer_expires_at), incubateUntil: number(row.incubate_until),
    withheld: JSON.parse(String(row.withheld)) as Lead['withheld'], custom: JSON.parse(String(row.custom)) as Lead['custom'],
    attachments: JSON.parse(String(row.attachments)) as Lead['attachments'], wonAmount: number(row.won_amount), closeReason: text(row.close_reason),
  };
}

export interface HistoryRow {
  id: string;
  lead_id: string;
  at: number;
  actor: string;
  kind: string;
  summary: string;
  reason: string | null;
  data: string;
}

export interface LeadRows {
  /** Inserts or replaces the lead as a whole (callers hold the transaction). */
  save(lead: Lead): void;
  get(id: string): Lead | null;
  findByEmailKey(emailKey: string): Lead[];
  findByPhoneKey(phoneKey: string): Lead[];
  appendHistory(entries: readonly HistoryEntry[]): void;
  history(leadId: string): HistoryEntry[];
}

export function leadRows(db: Database.Database): LeadRows {
  const placeholders = LEAD_COLUMNS.map((column) => `@${column}`).join(', ');
  const updates = LEAD_COLUMNS.filter((column) => column !== 'id').map((column) => `${column} = excluded.${column}`).join(', ');
  const upsert = db.prepare(`INSERT INTO leads (${LEAD_COLUMNS.join(', ')}) VALUES (${placeholders}) ON CONFLICT (id) DO UPDATE SET ${updates}`);
  const byId = db.prepare('SELECT * FROM leads WHERE id = ?');
  const byEmail = db.prepare('SELECT * FROM leads WHERE email_key = ? ORDER BY created_at');
  const byPhone = db.prepare('SELECT * FROM leads WHERE phone_key = ? ORDER BY created_at');
  const insertHistory = db.prepare('INSERT INTO lead_history (id, lead_id, at, actor, kind, summary, reason, data) VALUES (@id, @lead_id, @at, @actor, @kind, @summary, @reason, @data)');
  // History ids are UUIDv7 made where the entry happened, so they also break ties in time order.
  const historyOf = db.prepare('SELECT * FROM lead_history WHERE lead_id = ? ORDER BY at, id');

  return {
    save: (lead) => void upsert.run(toRow(lead)),
    get: (id) => {
      const row = byId.get(id) as LeadRow | undefined;
      return row ? fromRow(row) : null;
    },
    findByEmailKey: (emailKey) => (byEmail.all(emailKey) as LeadRow[]).map(fromRow),
    findByPhoneKey: (phoneKey) => (byPhone.all(phoneKey) as LeadRow[]).map(fromRow),
    appendHistory: (entries) => {
      for (const entry of entries) {
        insertHistory.run({ id: entry.id, lead_id: entry.leadId, at: entry.at, actor: entry.actor, kind: entry.kind, summary: entry.summary, reason: entry.reason, data: JSON.stringify(entry.data) });
      }
    },
    history: (leadId) => (historyOf.all(leadId) as HistoryRow[]).map(historyFromRow),
  };
}

export function historyFromRow(row: HistoryRow): HistoryEntry {
  return {
    id: row.id, leadId: row.lead_id, at: row.at, actor: row.actor, kind: row.kind as HistoryEntry['kind'], summary: row.summary,
    reason: row.reason, data: JSON.parse(row.data) as Record<string, unknown>,
  };
}
