import { LEAD_ROW_FIELDS, type LeadRowField } from '../../core/sync/lead-row.ts';

/**
 * Where each field of a lead row (core/sync/lead-row.ts) sits in the server's `leads` table
 * (alias `l`). Keyed by field, so a field added to the row and missing here fails to compile;
 * the order of the SQL row is LEAD_ROW_FIELDS', never this object's. JSON columns go through
 * json() so they are nested as values, not quoted as strings.
 */
export const SNAPSHOT_COLUMNS: { readonly [F in LeadRowField]: string } = {
  id: 'l.id',
  createdAt: 'l.created_at',
  updatedAt: 'l.updated_at',
  status: 'l.status',
  priority: 'l.priority',
  score: 'l.score',
  'contact.firstName': 'l.first_name',
  'contact.lastName': 'l.last_name',
  'contact.company': 'l.company',
  'contact.title': 'l.title',
  'contact.email': 'l.email',
  'contact.phone': 'l.phone',
  'contact.street': 'l.street',
  'contact.city': 'l.city',
  'contact.region': 'l.region',
  'contact.postalCode': 'l.postal_code',
  'contact.country': 'l.country',
  'interest.product': 'l.product',
  'interest.size': 'l.size',
  'interest.timeframe': 'l.timeframe',
  'interest.budget': 'l.budget',
  source: 'l.source',
  campaign: 'l.campaign',
  boxId: 'l.box_id',
  ownerId: 'l.owner_id',
  offerExpiresAt: 'l.offer_expires_at',
  incubateUntil: 'l.incubate_until',
  withheld: 'json(l.withheld)',
  custom: 'json(l.custom)',
  attachments: 'json(l.attachments)',
  wonAmount: 'l.won_amount',
  closeReason: 'l.close_reason',
};

/** A lead's row as JSON array text, built by SQLite. */
export const LEAD_ROW_SQL = `json_array(${LEAD_ROW_FIELDS.map((field) => SNAPSHOT_COLUMNS[field]).join(', ')})`;
