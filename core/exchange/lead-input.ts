import { z } from 'zod';
import { CustomValue, Lead, Priority, type Contact } from '../lead/lead.ts';
import { normalizeContact } from '../quality/normalize.ts';

/**
 * One incoming lead as a source sends it, before normalisation: every intake format (JSON,
 * exchange XML, ADF, CSV, email) is read into this shape, then `prepareLead` turns it into a
 * `Lead` or a rejection naming the field.
 */
const raw = (max: number) => z.string().max(max).nullable().optional();

export const IncomingContact = z.object({
  firstName: raw(200),
  lastName: raw(200),
  company: raw(300),
  title: raw(300),
  email: raw(320),
  phone: raw(80),
  street: raw(400),
  city: raw(200),
  region: raw(200),
  postalCode: raw(40),
  country: raw(100),
});
export type IncomingContact = z.infer<typeof IncomingContact>;

export const IncomingInterest = z.object({
  product: raw(200),
  size: z.number().int().nonnegative().nullable().optional(),
  timeframe: raw(100),
  budget: z.number().nonnegative().nullable().optional(),
});

export const MAX_CUSTOM_FIELDS = 100;

export const IncomingLead = z.object({
  contact: IncomingContact.default({}),
  interest: IncomingInterest.default({}),
  source: raw(100),
  campaign: raw(100),
  priority: Priority.optional(),
  custom: z
    .record(z.string().min(1).max(100), CustomValue)
    .refine((custom) => Object.keys(custom).length <= MAX_CUSTOM_FIELDS, `at most ${MAX_CUSTOM_FIELDS} custom fields`)
    .optional(),
});
export type IncomingLead = z.infer<typeof IncomingLead>;
/** The same before defaults: what callers in code may pass straight to `prepareLead`. */
export type IncomingLeadInput = z.input<typeof IncomingLead>;

export interface PrepareContext {
  id: string;
  now: number;
  /**
   * Strict (JSON and exchange XML, written by programs): an unusable email, phone or country
   * rejects the record. Lenient (ADF, CSV, email, written by whatever a vendor runs): the
   * value is left out of the contact and kept in `custom` under `invalid.<field>`.
   */
  strict: boolean;
  defaultCountry?: string | null;
  /** Fallback source name when the record names none (the API key's source). */
  source?: string | null;
}

export type Prepared = { ok: true; lead: Lead; warnings: string[] } | { ok: false; field: string; reason: string };

const blank = (value: string | null | undefined) => (value ?? '').trim() === '';

/** A lead nobody can contact or identify is not a lead. */
function identifiable(contact: Contact): boolean {
  return contact.email !== null || contact.phone !== null || contact.lastName !== null || contact.company !== null;
}

export function prepareLead(input: IncomingLeadInput, ctx: PrepareContext): Prepared {
  const { contact, problems } = normalizeContact(input.contact ?? {}, { defaultCountry: ctx.defaultCountry });
  const custom: Record<string, CustomValue> = { ...input.custom };
  const warnings: string[] = [];
  for (const problem of problems) {
    if (ctx.strict) return { ok: false, field: `contact.${problem.field}`, reason: problem.problem };
    custom[`invalid.${problem.field}`] = problem.value.slice(0, 2000);
    warnings.push(`contact.${problem.field}: ${problem.problem}`);
  }
  if (!identifiable(contact)) return { ok: false, field: 'contact', reason: 'needs at least an email, a phone, a last name or a company' };
  const candidate = {
    id: ctx.id,
    createdAt: ctx.now,
    updatedAt: ctx.now,
    status: 'new',
    priority: input.priority ?? 'normal',
    score: 0,
    contact,
    interest: input.interest ?? {},
    source: blank(input.source) ? (ctx.source ?? null) : input.source,
    campaign: blank(input.campaign) ? null : input.campaign,
    custom,
  };
  const parsed = Lead.safeParse(candidate);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    return { ok: false, field: issue.path.map(String).join('.'), reason: issue.message };
  }
  return { ok: true, lead: parsed.data, warnings };
}

/** The zod issue of a record that does not even have the incoming shape, as field + reason. */
export function readIncoming(value: unknown): { ok: true; input: IncomingLead } | { ok: false; field: string; reason: string } {
  const parsed = IncomingLead.safeParse(value);
  if (parsed.success) return { ok: true, input: parsed.data };
  const issue = parsed.error.issues[0]!;
  return { ok: false, field: issue.path.map(String).join('.'), reason: issue.message };
}
