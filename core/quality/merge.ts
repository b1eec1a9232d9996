import type { Contact, CustomValue, HistoryEntry, Interest, Lead } from '../lead/lead.ts';
import { displayName } from '../lead/lead.ts';
import { nameTokens, normalizeCompany, normalizeEmail, normalizePhone } from './normalize.ts';

/**
 * Folding an incoming duplicate into the lead we already have. The existing lead wins every
 * conflict (people may already be working it with those values); the incoming lead fills
 * what is empty, and every value it could not place is written into history, not lost.
 */
export interface IncomingLead {
  id: string;
  contact: Contact;
  interest: Interest;
  source: string | null;
  campaign: string | null;
  custom: Record<string, CustomValue>;
  attachments: Lead['attachments'];
}

export interface MergeContext {
  now: number;
  actor: string;
  /** Id of the history entry that records the merge. */
  newId: string;
  /** Country for reading phone numbers that lack an international prefix. */
  defaultCountry?: string | null;
  /** The incoming lead's own history, if it had one: it moves over to the kept lead. */
  incomingHistory?: readonly HistoryEntry[];
  /** Why these two were judged the same (the dedupe reasons), kept on the merge entry. */
  matchedOn?: readonly string[];
}

export interface FieldConflict {
  field: string;
  kept: unknown;
  alternative: unknown;
}

export interface MergeResult {
  lead: Lead;
  /** The incoming lead's history (re-pointed at the kept lead), then one entry for the merge. */
  history: HistoryEntry[];
  filled: string[];
  conflicts: FieldConflict[];
}

type Comparable = string | number | boolean | null;

/** Values that are spelled differently but say the same thing are not conflicts. */
function sameValue(field: string, a: Comparable, b: Comparable, defaultCountry: string | null): boolean {
  if (a === b) return true;
  if (typeof a !== 'string' || typeof b !== 'string') return false;
  switch (field) {
    case 'contact.email':
      return normalizeEmail(a).value === normalizeEmail(b).value;
    case 'contact.phone': {
      const phoneA = normalizePhone(a, defaultCountry).value?.e164;
      return phoneA !== undefined && phoneA === normalizePhone(b, defaultCountry).value?.e164;
    }
    case 'contact.company':
      return normalizeCompany(a)?.key === normalizeCompany(b)?.key;
    default:
      return nameTokens(a).join(' ') === nameTokens(b).join(' ');
  }
}

/** "J." on file and "John" arriving: the fuller form adds information rather than conflicting. */
function expandsInitial(field: string, kept: Comparable, incoming: Comparable): boolean {
  if (field !== 'contact.firstName' || typeof kept !== 'string' || typeof incoming !== 'string') return false;
  const initial = kept.replace(/\.$/, '');
  return initial.length === 1 && incoming.length > 1 && incoming[0]!.toLowerCase() === initial.toLowerCase();
}

export function mergeLead(existing: Lead, incoming: IncomingLead, ctx: MergeContext): MergeResult {
  const filled: string[] = [];
  const conflicts: FieldConflict[] = [];
  const defaultCountry = existing.contact.country ?? ctx.defaultCountry ?? null;

  const mergeField = <T extends Comparable>(field: string, kept: T, offered: T): T => {
    if (offered === null || offered === '') return kept;
    if (kept === null || kept === '' || expandsInitial(field, kept, offered)) {
      filled.push(field);
      return offered;
    }
    if (!sameValue(field, kept, offered, defaultCountry)) conflicts.push({ field, kept, alternative: offered });
    return kept;
  };
  const mergeRecord = <R extends Record<string, Comparable>>(prefix: string, kept: R, offered: R): R =>
    Object.fromEntries(Object.entries(kept).map(([key, value]) => [key, mergeField(`${prefix}${key}`, value, offered[key] ?? null)])) as R;

  const contact = mergeRecord('contact.', existing.contact, incoming.contact);
  const interest = mergeRecord('interest.', existing.interest, incoming.interest);
  const custom = { ...existing.custom };
  for (const [key, value] of Object.entries(incoming.custom)) custom[key] = mergeField(`custom.${key}`, existing.custom[key] ?? null, value);
  const knownRefs = new Set(existing.attachments.map((attachment) => attachment.ref));
  const newAttachments = incoming.attachments.filter((attachment) => !knownRefs.has(attachment.ref));
  if (newAttachments.length > 0) filled.push('attachments');
  // First touch keeps the attribution; the later touch is recorded, which reports count.
  const source = mergeField('source', existing.source, incoming.source);
  const campaign = mergeField('campaign', existing.campaign, incoming.campaign);

  const lead: Lead = {
    ...existing,
    updatedAt: ctx.now,
    contact,
    interest,
    custom,
    source,
    campaign,
    attachments: [...existing.attachments, ...newAttachments],
  };
  const moved = (ctx.incomingHistory ?? []).map((entry) => ({ ...entry, leadId: existing.id, data: { ...entry.data, mergedFrom: incoming.id } }));
  const entry: HistoryEntry = {
    id: ctx.newId,
    leadId: existing.id,
    at: ctx.now,
    actor: ctx.actor,
    // HISTORY_KINDS has no 'merged' yet; `data.event` marks these until it does.
    kind: 'note',
    summary: describeMerge(incoming, filled, conflicts),
    reason: ctx.matchedOn && ctx.matchedOn.length > 0 ? `duplicate: ${ctx.matchedOn.join(', ')}` : 'duplicate',
    data: { event: 'merged', mergedFrom: incoming.id, source: incoming.source, filled, conflicts },
  };
  return { lead, history: [...moved, entry], filled, conflicts };
}

function describeMerge(incoming: IncomingLead, filled: string[], conflicts: FieldConflict[]): string {
  const from = incoming.source ? ` from ${incoming.source}` : '';
  const parts = [`Merged a duplicate submission${from} (${displayName(incoming.contact)})`];
  if (filled.length > 0) parts.push(`added ${filled.map((field) => field.replace(/^\w+\./, '')).join(', ')}`);
  if (conflicts.length > 0) parts.push(`kept ${conflicts.length} existing value${conflicts.length === 1 ? '' : 's'} that differed`);
  return parts.join('; ');
}
