import { PRIORITIES } from '../lead/lead.ts';
import {
  ACK_RESULTS,
  CONTACT_PATHS,
  EXCHANGE_VERSION,
  ExchangeDocument,
  ExchangeFormatError,
  FEEDBACK_STATUSES,
  FIELD_PATHS,
  MAX_EXCHANGE_CUSTOM,
  MAX_EXCHANGE_TEXT,
  MAX_MESSAGES_PER_DOCUMENT,
} from './exchange-message.ts';

/**
 * A hand-written twin of the zod schema of exchange documents (exchange-message.ts) that only
 * answers "certainly valid". zod's cost per schema node made validating a 10k-lead document
 * take 2–3× as long as JSON.parse; this check walks the same value with plain comparisons.
 * It never has the last word on a refusal: `validateDocument` hands anything it refuses to
 * zod, which words the error with the field path, so what is accepted and refused stays
 * zod's (and zod stays the source of docs/exchange.schema.json). The unit test compares
 * both on random valid and broken documents.
 *
 * Accepted values are returned as they are (JSON.parse and the XML reader build them fresh):
 * the same content zod would return, though keys keep the sender's order.
 */
type Obj = Record<string, unknown>;

const ID = /^[A-Za-z0-9._:-]+$/;
const PRIORITY = new Set<unknown>(PRIORITIES);
const FIELD_PATH = new Set<unknown>(FIELD_PATHS);
const FEEDBACK = new Set<unknown>(FEEDBACK_STATUSES);
const ACK = new Set<unknown>(ACK_RESULTS);

/** Plain objects only; anything unusual (class instances, own `__proto__`) is left to zod. */
function isObj(value: unknown): value is Obj {
  if (typeof value !== 'object' || value === null) return false;
  const proto = Object.getPrototypeOf(value) as unknown;
  return (proto === Object.prototype || proto === null) && !Object.hasOwn(value, '__proto__');
}

/** Every own enumerable key is one of `keys` (zod's strictObject refuses the others). */
function onlyKeys(value: Obj, keys: ReadonlySet<string>): boolean {
  for (const key in value) if (!keys.has(key)) return false;
  return true;
}

const num = (value: unknown): value is number => typeof value === 'number' && Number.isFinite(value);
const time = (value: unknown) => Number.isSafeInteger(value) && (value as number) >= 0;
const id = (value: unknown) => typeof value === 'string' && value.length >= 1 && value.length <= 64 && ID.test(value);
const text = (value: unknown, max: number) => typeof value === 'string' && value.length <= max;
const nullableText = (value: unknown, max: number) => value === null || text(value, max);
const optionalText = (value: unknown, max: number) => value === undefined || nullableText(value, max);

const CONTACT_KEYS = new Set<string>(CONTACT_PATHS);
function contact(value: unknown): boolean {
  if (!isObj(value) || !onlyKeys(value, CONTACT_KEYS)) return false;
  for (const key in value) if (!optionalText(value[key], 320)) return false;
  return true;
}

const INTEREST_KEYS = new Set(['product', 'timeframe', 'size', 'budget']);
function interest(value: unknown): boolean {
  if (!isObj(value) || !onlyKeys(value, INTEREST_KEYS)) return false;
  const { size, budget } = value;
  return (
    optionalText(value.product, 200) &&
    optionalText(value.timeframe, 100) &&
    (size === undefined || size === null || time(size)) &&
    (budget === undefined || budget === null || (num(budget) && budget >= 0))
  );
}

function custom(value: unknown): boolean {
  if (!isObj(value)) return false;
  let count = 0;
  for (const key in value) {
    const entry = value[key];
    if (++count > MAX_EXCHANGE_CUSTOM || key.length > 100) return false;
    if (!(entry === null || typeof entry === 'boolean' || num(entry) || text(entry, MAX_EXCHANGE_TEXT))) return false;
  }
  return true;
}

const LEAD_KEYS = new Set(['createdAt', 'priority', 'score', 'contact', 'interest', 'source', 'campaign', 'custom']);
function lead(value: unknown): boolean {
  if (!isObj(value) || !onlyKeys(value, LEAD_KEYS)) return false;
  const { score } = value;
  return (
    time(value.createdAt) &&
    PRIORITY.has(value.priority) &&
    (score === undefined || (num(score) && score >= 0 && score <= 100)) &&
    contact(value.contact) &&
    (value.interest === undefined || interest(value.interest)) &&
    optionalText(value.source, 100) &&
    optionalText(value.campaign, 100) &&
    (value.custom === undefined || custom(value.custom))
  );
}

function withheld(value: unknown): boolean {
  if (!Array.isArray(value) || value.length > FIELD_PATHS.length) return false;
  for (const path of value) if (!FIELD_PATH.has(path)) return false;
  return true;
}

function released(value: unknown): boolean {
  if (!isObj(value)) return false;
  for (const key in value) {
    const entry = value[key];
    if (!FIELD_PATH.has(key) || !(entry === null || num(entry) || text(entry, MAX_EXCHANGE_TEXT))) return false;
  }
  return true;
}

const ASSIGNEE_KEYS = new Set(['name', 'email']);
const assignee = (value: unknown) => value === null || (isObj(value) && onlyKeys(value, ASSIGNEE_KEYS) && text(value.name, 200) && nullableText(value.email, 320));

const keys = (...names: string[]) => new Set(['kind', 'id', 'sentAt', ...names]);
const MESSAGE_KEYS: Record<string, ReadonlySet<string>> = {
  offer: keys('leadId', 'lead', 'withheld', 'expiresAt', 'upForGrabs'),
  release: keys('leadId', 'fields'),
  withdraw: keys('leadId', 'reason'),
  accept: keys('leadId', 'assignee'),
  decline: keys('leadId', 'reason'),
  status: keys('leadId', 'status', 'amount', 'reason', 'assignee'),
  ack: keys('ackOf', 'result', 'reason'),
};

function message(value: unknown): boolean {
  if (!isObj(value) || typeof value.kind !== 'string' || !Object.hasOwn(MESSAGE_KEYS, value.kind)) return false;
  const m = value;
  if (!onlyKeys(m, MESSAGE_KEYS[m.kind as string]!) || !id(m.id) || !time(m.sentAt)) return false;
  switch (m.kind) {
    case 'offer':
      return id(m.leadId) && lead(m.lead) && withheld(m.withheld) && (m.expiresAt === null || time(m.expiresAt)) && typeof m.upForGrabs === 'boolean';
    case 'release':
      return id(m.leadId) && released(m.fields);
    case 'withdraw':
    case 'decline':
      return id(m.leadId) && text(m.reason, 500);
    case 'accept':
      return id(m.leadId) && assignee(m.assignee);
    case 'status':
      return id(m.leadId) && FEEDBACK.has(m.status) && (m.amount === null || (num(m.amount) && m.amount >= 0 && m.amount <= 1e12)) && nullableText(m.reason, 500) && assignee(m.assignee);
    default:
      return id(m.ackOf) && ACK.has(m.result) && nullableText(m.reason, 500);
  }
}

const DOCUMENT_KEYS = new Set(['version', 'messages']);

/** True only when the zod schema would accept `value` as an exchange document unchanged. */
export function certainlyValidDocument(value: unknown): boolean {
  if (!isObj(value) || !onlyKeys(value, DOCUMENT_KEYS) || value.version !== EXCHANGE_VERSION) return false;
  const { messages } = value;
  if (!Array.isArray(messages) || messages.length < 1 || messages.length > MAX_MESSAGES_PER_DOCUMENT) return false;
  for (const entry of messages) if (!message(entry)) return false;
  return true;
}

/** Validates a decoded document; throws ExchangeFormatError naming the first field at fault. */
export function validateDocument(value: unknown): ExchangeDocument {
  if (certainlyValidDocument(value)) return value as ExchangeDocument;
  const parsed = ExchangeDocument.safeParse(value);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  throw new ExchangeFormatError(issue.message, issue.path.join('.'));
}
