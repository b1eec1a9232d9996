import { z } from 'zod';
import { Priority } from '../lead/lead.ts';

/**
 * The messages two LeadRelay servers (a vendor's central server and a reseller's) exchange,
 * version 1. One model, two encodings with the same content (exchange-json.ts,
 * exchange-xml.ts). Every message has an id the receiver remembers, so a retry is applied
 * at most once; the answer to each delivered message is an `ack`.
 */
export const EXCHANGE_VERSION = 1;
export const EXCHANGE_NAMESPACE = 'urn:leadrelay:exchange';

/** Longest text value in any message; the codecs refuse longer ones while reading. */
export const MAX_EXCHANGE_TEXT = 2_000;
export const MAX_EXCHANGE_CUSTOM = 100;

export const CONTACT_PATHS = ['firstName', 'lastName', 'company', 'title', 'email', 'phone', 'street', 'city', 'region', 'postalCode', 'country'] as const;
export const INTEREST_TEXT_PATHS = ['product', 'timeframe'] as const;
export const INTEREST_NUMBER_PATHS = ['size', 'budget'] as const;

/** Every field a policy may withhold or keep private: `contact.email`, `custom` (all custom values), `source`, … */
export const FIELD_PATHS = [
  ...CONTACT_PATHS.map((field) => `contact.${field}` as const),
  ...[...INTEREST_TEXT_PATHS, ...INTEREST_NUMBER_PATHS].map((field) => `interest.${field}` as const),
  'source',
  'campaign',
  'score',
  'custom',
] as const;
export const FieldPath = z.enum(FIELD_PATHS);
export type FieldPath = z.infer<typeof FieldPath>;

const messageId = z.string().min(1).max(64).regex(/^[A-Za-z0-9._:-]+$/, 'may contain only letters, digits and . _ : -');
const time = z.number().int().nonnegative();
const text = (max: number) => z.string().max(max);
const optionalText = (max: number) => text(max).nullable().optional();

export const ExchangeContact = z.strictObject(Object.fromEntries(CONTACT_PATHS.map((field) => [field, optionalText(320)])) as Record<(typeof CONTACT_PATHS)[number], z.ZodOptional<z.ZodNullable<z.ZodString>>>);

export const ExchangeInterest = z.strictObject({
  product: optionalText(200),
  timeframe: optionalText(100),
  size: z.number().int().nonnegative().nullable().optional(),
  budget: z.number().nonnegative().nullable().optional(),
});

const customValue = z.union([text(MAX_EXCHANGE_TEXT), z.number(), z.boolean(), z.null()]);

/** A lead as it travels: only what the partner's field policy lets leave the server. */
export const ExchangeLead = z.strictObject({
  createdAt: time,
  priority: Priority,
  score: z.number().min(0).max(100).optional(),
  contact: ExchangeContact,
  interest: ExchangeInterest.optional(),
  source: optionalText(100),
  campaign: optionalText(100),
  custom: z.record(text(100), customValue).refine((value) => Object.keys(value).length <= MAX_EXCHANGE_CUSTOM, `at most ${MAX_EXCHANGE_CUSTOM} custom values`).optional(),
});
export type ExchangeLead = z.infer<typeof ExchangeLead>;

export const Assignee = z.strictObject({ name: text(200), email: text(320).nullable() });
export type Assignee = z.infer<typeof Assignee>;

export const FEEDBACK_STATUSES = ['assigned', 'contacted', 'qualified', 'won', 'lost'] as const;
export const FeedbackStatus = z.enum(FEEDBACK_STATUSES);
export type FeedbackStatus = z.infer<typeof FeedbackStatus>;

export const ACK_RESULTS = ['applied', 'duplicate', 'conflict'] as const;

const head = { id: messageId, sentAt: time };
const about = { ...head, leadId: messageId };

export const ExchangeMessage = z.discriminatedUnion('kind', [
  /** Vendor → reseller: the lead, policy-filtered; withheld fields are named, never sent. */
  z.strictObject({ kind: z.literal('offer'), ...about, lead: ExchangeLead, withheld: z.array(FieldPath).max(FIELD_PATHS.length), expiresAt: time.nullable(), upForGrabs: z.boolean() }),
  /** Vendor → reseller, after its acceptance: the withheld values. */
  z.strictObject({ kind: z.literal('release'), ...about, fields: z.partialRecord(FieldPath, z.union([text(MAX_EXCHANGE_TEXT), z.number(), z.null()])) }),
  /** Vendor → reseller: the offer is gone (another partner accepted first, it timed out). */
  z.strictObject({ kind: z.literal('withdraw'), ...about, reason: text(500) }),
  /** Reseller → vendor. */
  z.strictObject({ kind: z.literal('accept'), ...about, assignee: Assignee.nullable() }),
  z.strictObject({ kind: z.literal('decline'), ...about, reason: text(500) }),
  z.strictObject({
    kind: z.literal('status'),
    ...about,
    status: FeedbackStatus,
    amount: z.number().nonnegative().max(1e12).nullable(),
    reason: text(500).nullable(),
    assignee: Assignee.nullable(),
  }),
  /** The answer to a delivered message. `conflict`: understood but too late (another partner won the lead). */
  z.strictObject({ kind: z.literal('ack'), ...head, ackOf: messageId, result: z.enum(ACK_RESULTS), reason: text(500).nullable() }),
]);
export type ExchangeMessage = z.infer<typeof ExchangeMessage>;
export type ExchangeKind = ExchangeMessage['kind'];
export type MessageOf<K extends ExchangeKind> = Extract<ExchangeMessage, { kind: K }>;

export const MAX_MESSAGES_PER_DOCUMENT = 100_000;

export const ExchangeDocument = z.strictObject({
  version: z.literal(EXCHANGE_VERSION),
  messages: z.array(ExchangeMessage).min(1).max(MAX_MESSAGES_PER_DOCUMENT),
});
export type ExchangeDocument = z.infer<typeof ExchangeDocument>;

/** A document that could not be read: the field at fault (dotted path) and why. */
export class ExchangeFormatError extends Error {
  override name = 'ExchangeFormatError';
  constructor(
    message: string,
    readonly field = '',
  ) {
    super(field ? `${field}: ${message}` : message);
  }
}
