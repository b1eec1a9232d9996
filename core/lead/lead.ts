import { z } from 'zod';

/**
 * The lead model shared by the workstation and the server.
 * Plain data only: ids and timestamps are produced at the edges and passed in.
 */

export const LEAD_STATUSES = [
  'new',
  'routed',
  'offered',
  'accepted',
  'contacted',
  'qualified',
  'won',
  'lost',
  'rejected',
  'forwarded',
  'timed_out',
  'incubating',
] as const;
export const LeadStatus = z.enum(LEAD_STATUSES);
export type LeadStatus = z.infer<typeof LeadStatus>;

/** Statuses a rep sets by hand while working an accepted lead. */
export const WORK_STATUSES = ['contacted', 'qualified', 'won', 'lost'] as const;
export const WorkStatus = z.enum(WORK_STATUSES);
export type WorkStatus = z.infer<typeof WorkStatus>;

export const PRIORITIES = ['low', 'normal', 'high', 'urgent'] as const;
export const Priority = z.enum(PRIORITIES);
export type Priority = z.infer<typeof Priority>;

/** Contact fields a routing rule may withhold from a recipient until it accepts. */
export const WITHHOLDABLE_FIELDS = ['email', 'phone', 'street', 'lastName'] as const;
export const WithholdableField = z.enum(WITHHOLDABLE_FIELDS);
export type WithholdableField = z.infer<typeof WithholdableField>;

const text = (max: number) => z.string().trim().max(max);
const optionalText = (max: number) => text(max).nullable().default(null);

export const Contact = z.object({
  firstName: optionalText(100),
  lastName: optionalText(100),
  company: optionalText(200),
  title: optionalText(150),
  email: z.email().max(254).nullable().default(null),
  phone: optionalText(40),
  street: optionalText(200),
  city: optionalText(100),
  region: optionalText(100),
  postalCode: optionalText(20),
  country: z
    .string()
    .regex(/^[A-Z]{2}$/, 'must be an ISO 3166-1 alpha-2 code such as "DE"')
    .nullable()
    .default(null),
});
export type Contact = z.infer<typeof Contact>;

export const Interest = z.object({
  product: optionalText(200),
  /** Seats, units or employees: whatever "size" means for the product line. */
  size: z.number().int().nonnegative().nullable().default(null),
  timeframe: optionalText(100),
  budget: z.number().nonnegative().nullable().default(null),
});
export type Interest = z.infer<typeof Interest>;

export const CustomValue = z.union([z.string().max(2000), z.number(), z.boolean(), z.null()]);
export type CustomValue = z.infer<typeof CustomValue>;

export const Attachment = z.object({
  name: text(255),
  mimeType: text(100),
  size: z.number().int().nonnegative(),
  ref: text(500),
});
export type Attachment = z.infer<typeof Attachment>;

export const Lead = z.object({
  id: z.string().min(1).max(64),
  createdAt: z.number().int(),
  updatedAt: z.number().int(),
  status: LeadStatus,
  priority: Priority,
  score: z.number().min(0).max(100),
  contact: Contact,
  interest: Interest,
  source: optionalText(100),
  campaign: optionalText(100),
  boxId: optionalText(64),
  ownerId: optionalText(64),
  /** When an open offer lapses (epoch ms); null when no offer awaits an answer. */
  offerExpiresAt: z.number().int().nullable().default(null),
  incubateUntil: z.number().int().nullable().default(null),
  withheld: z.array(WithholdableField).default([]),
  custom: z.record(z.string().max(100), CustomValue).default({}),
  attachments: z.array(Attachment).default([]),
  wonAmount: z.number().nonnegative().nullable().default(null),
  closeReason: optionalText(500),
});
export type Lead = z.infer<typeof Lead>;

export const HISTORY_KINDS = [
  'created',
  'routed',
  'offered',
  'accepted',
  'rejected',
  'forwarded',
  'status',
  'incubated',
  'reactivated',
  'note',
  'rule',
  'email',
  'microsite',
  'sync',
] as const;
export const HistoryKind = z.enum(HISTORY_KINDS);
export type HistoryKind = z.infer<typeof HistoryKind>;

export interface HistoryEntry {
  id: string;
  leadId: string;
  at: number;
  actor: string;
  kind: HistoryKind;
  /** Plain-English line a rep reads in the timeline. */
  summary: string;
  /** Why it happened: a reason typed by a person, or the rule that fired. */
  reason: string | null;
  data: Record<string, unknown>;
}

export interface Note {
  id: string;
  leadId: string;
  at: number;
  author: string;
  text: string;
}

export function displayName(contact: Pick<Contact, 'firstName' | 'lastName'>): string {
  return [contact.firstName, contact.lastName].filter(Boolean).join(' ') || '(no name)';
}

export function isOpenOffer(lead: Pick<Lead, 'status' | 'offerExpiresAt'>): boolean {
  return lead.status === 'offered';
}

export function isOwnedWork(status: LeadStatus): boolean {
  return status === 'accepted' || status === 'contacted' || status === 'qualified';
}
