import { z } from 'zod';
import { Lead } from '../lead/lead.ts';
import { FeedHistoryEntry, FeedItem, type PullPage } from './protocol.ts';

/**
 * The workstation's check of a pull answer. A first sync checks a whole account this way
 * (100k leads, ~640k history entries), and parsing the page with the PullPage schema cost
 * more than writing it, so: the envelope and every lead go through their zod schemas as
 * before, and a history entry that is plainly well formed (exactly the eight fields, of the
 * right types) is taken as it is. Anything else goes through FeedHistoryEntry, so what is
 * accepted and every message stay zod's; a failure names the field (`items.3.history.2.at`).
 */
export type PageCheck = { success: true; data: PullPage } | { success: false; field: string; message: string };

const Envelope = z.object({ items: z.array(z.unknown()), cursor: z.number().int().nonnegative(), hasMore: z.boolean() });
const ENTRY_FIELDS = 8;

class Refusal extends Error {
  constructor(readonly field: string, message: string) {
    super(message);
  }
}

export function checkPullPage(value: unknown): PageCheck {
  const envelope = Envelope.safeParse(value);
  if (!envelope.success) return refusal([], envelope.error);
  try {
    const items = envelope.data.items.map(checkItem);
    return { success: true, data: { items, cursor: envelope.data.cursor, hasMore: envelope.data.hasMore } };
  } catch (error) {
    if (error instanceof Refusal) return { success: false, field: error.field, message: error.message };
    throw error;
  }
}

function checkItem(item: unknown, index: number): FeedItem {
  if (!isRecord(item) || item.type !== 'lead' || !Array.isArray(item.history)) return parsed(FeedItem, item, ['items', index]);
  const lead = parsed(Lead, item.lead, ['items', index, 'lead']);
  const history = item.history as unknown[];
  for (let i = 0; i < history.length; i += 1) {
    if (!isPlainEntry(history[i])) history[i] = parsed(FeedHistoryEntry, history[i], ['items', index, 'history', i]);
  }
  return { type: 'lead', lead, history: history as FeedHistoryEntry[] };
}

/** One history entry as a reader may use it, or null when it is not one. */
export function checkHistoryEntry(entry: unknown): FeedHistoryEntry | null {
  if (isPlainEntry(entry)) return entry;
  const parsed = FeedHistoryEntry.safeParse(entry);
  return parsed.success ? parsed.data : null;
}

function isPlainEntry(entry: unknown): entry is FeedHistoryEntry {
  if (!isRecord(entry)) return false;
  const { id, leadId, at, actor, kind, summary, reason, data } = entry;
  if (typeof id !== 'string' || typeof leadId !== 'string' || typeof at !== 'number' || typeof actor !== 'string') return false;
  if (typeof kind !== 'string' || typeof summary !== 'string' || (reason !== null && typeof reason !== 'string')) return false;
  if (!isRecord(data) || Array.isArray(data)) return false;
  // Unknown fields are zod's to strip, so only an entry with exactly these is taken as is.
  let fields = 0;
  for (const _key in entry) fields += 1;
  return fields === ENTRY_FIELDS;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

function parsed<T>(schema: z.ZodType<T>, value: unknown, path: (string | number)[]): T {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const failed = refusal(path, result.error);
  throw new Refusal(failed.field, failed.message);
}

/** A zod failure as a refusal naming the field: `path` is where the checked value sits in the answer. */
export function refusal(path: (string | number)[], error: z.ZodError): { success: false; field: string; message: string } {
  const issue = error.issues[0];
  const field = [...path, ...(issue?.path ?? [])].map(String).join('.');
  return { success: false, field, message: `${field || 'answer'}: ${issue?.message ?? 'invalid value'}` };
}
