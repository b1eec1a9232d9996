import { z } from 'zod';
import { Contact, Interest, Lead, LEAD_STATUSES, PRIORITIES, WITHHOLDABLE_FIELDS } from '../lead/lead.ts';

/**
 * A lead as a row: its values in the order of LEAD_ROW_FIELDS, contact and interest
 * flattened, lists and maps as JSON values. A first sync sends an account's leads this way
 * (docs/sync.md, "First sync: the snapshot"): a row parses in about half the time of the same
 * lead as an object, and its order is the workstation's column order, so a checked row is
 * bound to the insert as it is.
 */
export const LEAD_ROW_FIELDS = [
  'id', 'createdAt', 'updatedAt', 'status', 'priority', 'score',
  'contact.firstName', 'contact.lastName', 'contact.company', 'contact.title', 'contact.email', 'contact.phone',
  'contact.street', 'contact.city', 'contact.region', 'contact.postalCode', 'contact.country',
  'interest.product', 'interest.size', 'interest.timeframe', 'interest.budget',
  'source', 'campaign', 'boxId', 'ownerId', 'offerExpiresAt', 'incubateUntil',
  'withheld', 'custom', 'attachments', 'wonAmount', 'closeReason',
] as const;

export type LeadRowField = (typeof LEAD_ROW_FIELDS)[number];

type C = Lead['contact'];
type I = Lead['interest'];
export type LeadRow = [
  id: string, createdAt: number, updatedAt: number, status: Lead['status'], priority: Lead['priority'], score: number,
  firstName: C['firstName'], lastName: C['lastName'], company: C['company'], title: C['title'], email: C['email'], phone: C['phone'],
  street: C['street'], city: C['city'], region: C['region'], postalCode: C['postalCode'], country: C['country'],
  product: I['product'], size: I['size'], timeframe: I['timeframe'], budget: I['budget'],
  source: string | null, campaign: string | null, boxId: string | null, ownerId: string | null, offerExpiresAt: number | null, incubateUntil: number | null,
  withheld: Lead['withheld'], custom: Lead['custom'], attachments: Lead['attachments'], wonAmount: number | null, closeReason: string | null,
];

/** Where a field sits in a row, for readers that need only a few (search text, list entries). */
export const ROW = Object.fromEntries(LEAD_ROW_FIELDS.map((field, index) => [field, index])) as { [F in LeadRowField]: number };

export function rowLeadId(row: LeadRow): string {
  return row[0];
}

/** A text field of a row (ROW gives the place), for readers that need only a few. */
export function rowText(row: LeadRow, field: number): string | null {
  return row[field] as string | null;
}

export function toLeadRow(lead: Lead): LeadRow {
  const { contact: c, interest: i } = lead;
  return [
    lead.id, lead.createdAt, lead.updatedAt, lead.status, lead.priority, lead.score,
    c.firstName, c.lastName, c.company, c.title, c.email, c.phone, c.street, c.city, c.region, c.postalCode, c.country,
    i.product, i.size, i.timeframe, i.budget,
    lead.source, lead.campaign, lead.boxId, lead.ownerId, lead.offerExpiresAt, lead.incubateUntil,
    lead.withheld, lead.custom, lead.attachments, lead.wonAmount, lead.closeReason,
  ];
}

export function fromLeadRow(row: LeadRow): Lead {
  const [
    id, createdAt, updatedAt, status, priority, score,
    firstName, lastName, company, title, email, phone, street, city, region, postalCode, country,
    product, size, timeframe, budget,
    source, campaign, boxId, ownerId, offerExpiresAt, incubateUntil,
    withheld, custom, attachments, wonAmount, closeReason,
  ] = row;
  return {
    id, createdAt, updatedAt, status, priority, score,
    contact: { firstName, lastName, company, title, email, phone, street, city, region, postalCode, country },
    interest: { product, size, timeframe, budget },
    source, campaign, boxId, ownerId, offerExpiresAt, incubateUntil, withheld, custom, attachments, wonAmount, closeReason,
  };
}

export type RowCheck = { success: true; row: LeadRow } | { success: false; field: string; message: string };

/**
 * Checks a row received from a server. Each field has the zod schema of its Lead field and a
 * quick test that accepts only values that schema would pass through unchanged (trimmed text
 * within its length, numbers in range, known enum values); a value the quick test does not
 * accept goes through the schema, so what is accepted, what a lenient schema rewrites (a name
 * with a trailing space is trimmed) and every message stay zod's. A failure names the field
 * (`contact.email`, `custom.industry`).
 */
export function checkLeadRow(value: unknown): RowCheck {
  if (!Array.isArray(value) || value.length !== FIELD_CHECKS.length) {
    return { success: false, field: '', message: `must be an array of the ${FIELD_CHECKS.length} lead fields (${LEAD_ROW_FIELDS.join(', ')})` };
  }
  let row = value;
  for (let i = 0; i < FIELD_CHECKS.length; i += 1) {
    const { quick, schema } = FIELD_CHECKS[i]!;
    const field = value[i] as unknown;
    if (quick(field)) continue;
    const checked = schema.safeParse(field);
    if (!checked.success) {
      const issue = checked.error.issues[0];
      const path = [LEAD_ROW_FIELDS[i], ...(issue?.path ?? []).map(String)].join('.');
      return { success: false, field: path, message: `${path}: ${issue?.message ?? 'invalid value'}` };
    }
    if (checked.data !== field) {
      if (row === value) row = value.slice();
      row[i] = checked.data;
    }
  }
  return { success: true, row: row as LeadRow };
}

// What String.prototype.trim removes is what \s matches.
const EDGE_SPACE = /^\s|\s$/;
const COUNTRY = /^[A-Z]{2}$/;

const isText = (max: number) => (v: unknown) => v === null || (typeof v === 'string' && v.length <= max && !EDGE_SPACE.test(v));
const isInt = (v: unknown) => Number.isSafeInteger(v);
const isOptionalInt = (v: unknown) => v === null || Number.isSafeInteger(v);
const isAmount = (v: unknown) => v === null || (typeof v === 'number' && Number.isFinite(v) && v >= 0);
const isOneOf = (values: readonly string[]) => {
  const known = new Set(values);
  return (v: unknown) => typeof v === 'string' && known.has(v);
};
const isStatus = isOneOf(LEAD_STATUSES);
const isPriority = isOneOf(PRIORITIES);
const isWithheldField = isOneOf(WITHHOLDABLE_FIELDS);

function isPlainCustom(v: unknown): boolean {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;
  for (const key in v) {
    if (key.length > 100 || key === '__proto__') return false;
    const value = (v as Record<string, unknown>)[key];
    if (value === null || typeof value === 'boolean') continue;
    if (typeof value === 'number' ? !Number.isFinite(value) : typeof value !== 'string' || value.length > 2000) return false;
  }
  return true;
}

const isName = isText(255);
const isMimeType = isText(100);
const isRef = isText(500);

function isPlainAttachment(v: unknown): boolean {
  if (typeof v !== 'object' || v === null) return false;
  const { name, mimeType, size, ref } = v as Record<string, unknown>;
  let fields = 0;
  for (const _key in v) fields += 1;
  // Exactly the four fields: zod leaves any other out, which is a change.
  return fields === 4 && typeof name === 'string' && isName(name) && typeof mimeType === 'string' && isMimeType(mimeType)
    && Number.isSafeInteger(size) && (size as number) >= 0 && typeof ref === 'string' && isRef(ref);
}

const shape = Lead.shape;
const contact = Contact.shape;
const interest = Interest.shape;

/** In LEAD_ROW_FIELDS order; the unit test walks both lists together. */
const FIELD_CHECKS: ReadonlyArray<{ quick: (value: unknown) => boolean; schema: z.ZodType }> = [
  { quick: (v) => typeof v === 'string' && v.length >= 1 && v.length <= 64, schema: shape.id },
  { quick: isInt, schema: shape.createdAt },
  { quick: isInt, schema: shape.updatedAt },
  { quick: isStatus, schema: shape.status },
  { quick: isPriority, schema: shape.priority },
  { quick: (v) => typeof v === 'number' && v >= 0 && v <= 100, schema: shape.score },
  { quick: isText(100), schema: contact.firstName },
  { quick: isText(100), schema: contact.lastName },
  { quick: isText(200), schema: contact.company },
  { quick: isText(150), schema: contact.title },
  { quick: (v) => v === null || (typeof v === 'string' && v.length <= 254 && z.regexes.email.test(v)), schema: contact.email },
  { quick: isText(40), schema: contact.phone },
  { quick: isText(200), schema: contact.street },
  { quick: isText(100), schema: contact.city },
  { quick: isText(100), schema: contact.region },
  { quick: isText(20), schema: contact.postalCode },
  { quick: (v) => v === null || (typeof v === 'string' && COUNTRY.test(v)), schema: contact.country },
  { quick: isText(200), schema: interest.product },
  { quick: (v) => v === null || (Number.isSafeInteger(v) && (v as number) >= 0), schema: interest.size },
  { quick: isText(100), schema: interest.timeframe },
  { quick: isAmount, schema: interest.budget },
  { quick: isText(100), schema: shape.source },
  { quick: isText(100), schema: shape.campaign },
  { quick: isText(64), schema: shape.boxId },
  { quick: isText(64), schema: shape.ownerId },
  { quick: isOptionalInt, schema: shape.offerExpiresAt },
  { quick: isOptionalInt, schema: shape.incubateUntil },
  { quick: (v) => Array.isArray(v) && v.every(isWithheldField), schema: shape.withheld },
  { quick: isPlainCustom, schema: shape.custom },
  { quick: (v) => Array.isArray(v) && v.every(isPlainAttachment), schema: shape.attachments },
  { quick: isAmount, schema: shape.wonAmount },
  { quick: isText(500), schema: shape.closeReason },
];
