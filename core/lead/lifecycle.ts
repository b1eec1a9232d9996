import { z } from 'zod';
import {
  displayName,
  isOwnedWork,
  WorkStatus,
  type HistoryEntry,
  type Lead,
  type LeadStatus,
  type Note,
} from './lead.ts';

/**
 * What a person does to a lead. The same shape is queued in the workstation's outbox and
 * applied by the server, so both sides run the one transition function below.
 */
const leadId = z.string().min(1, 'is required').max(64);
const reasonText = z.string().trim().min(1, 'is required').max(500);

export const LeadAction = z.discriminatedUnion('type', [
  z.object({ type: z.literal('accept'), leadId }),
  z.object({ type: z.literal('reject'), leadId, reason: reasonText }),
  z.object({
    type: z.literal('forward'),
    leadId,
    toUserId: z.string().min(1, 'is required').max(64),
    note: z.string().trim().max(2000).default(''),
  }),
  z.object({
    type: z.literal('setStatus'),
    leadId,
    status: WorkStatus,
    amount: z.number().nonnegative().max(1e12).nullable().default(null),
    reason: z.string().trim().max(500).nullable().default(null),
  }),
  z.object({ type: z.literal('incubate'), leadId, until: z.number().int().positive() }),
  z.object({ type: z.literal('addNote'), leadId, text: z.string().trim().min(1, 'is required').max(10_000) }),
]);
export type LeadAction = z.infer<typeof LeadAction>;
export type LeadActionType = LeadAction['type'];

export interface ActionContext {
  actor: string;
  actorName?: string;
  now: number;
  /** Id for the history entry (and note) this action creates. */
  newId: string;
  /** Display names of colleagues, to write readable history. */
  nameOf?: (userId: string) => string;
}

export type ActionOutcome =
  | { ok: true; lead: Lead; history: HistoryEntry; note: Note | null }
  | { ok: false; field: string; message: string };

const fail = (field: string, message: string): ActionOutcome => ({ ok: false, field, message });

const STATUS_WORDS: Record<LeadStatus, string> = {
  new: 'new',
  routed: 'routed',
  offered: 'offered',
  accepted: 'accepted',
  contacted: 'contacted',
  qualified: 'qualified',
  won: 'won',
  lost: 'lost',
  rejected: 'rejected',
  forwarded: 'forwarded',
  timed_out: 'timed out',
  incubating: 'incubating',
};

export function statusLabel(status: LeadStatus): string {
  return STATUS_WORDS[status];
}

/** Which actions a lead in a given status allows; the UI greys out the rest. */
export function allowedActions(lead: Pick<Lead, 'status'>): LeadActionType[] {
  const actions: LeadActionType[] = ['addNote'];
  if (lead.status === 'offered') actions.push('accept', 'reject', 'forward');
  if (isOwnedWork(lead.status)) actions.push('forward', 'setStatus', 'incubate');
  return actions;
}

/**
 * Applies one action to a lead: checks the transition is allowed now, returns the updated
 * lead and the history entry recording who, when and why. Pure: no clock, no ids, no I/O.
 */
export function applyLeadAction(lead: Lead, action: LeadAction, ctx: ActionContext): ActionOutcome {
  if (!allowedActions(lead).includes(action.type)) {
    return fail('type', `cannot ${describeType(action.type)} a lead that is ${statusLabel(lead.status)}`);
  }
  const entry = (kind: HistoryEntry['kind'], summary: string, reason: string | null, data: Record<string, unknown> = {}): HistoryEntry => ({
    id: ctx.newId,
    leadId: lead.id,
    at: ctx.now,
    actor: ctx.actor,
    kind,
    summary,
    reason,
    data,
  });
  const who = ctx.actorName ?? ctx.actor;
  const base = { ...lead, updatedAt: ctx.now };

  switch (action.type) {
    case 'accept': {
      if (lead.offerExpiresAt !== null && lead.offerExpiresAt <= ctx.now) {
        return fail('leadId', 'the offer has expired');
      }
      const next: Lead = { ...base, status: 'accepted', ownerId: ctx.actor, offerExpiresAt: null };
      return { ok: true, lead: next, history: entry('accepted', `${who} accepted the lead`, null), note: null };
    }
    case 'reject': {
      const next: Lead = { ...base, status: 'rejected', ownerId: null, offerExpiresAt: null };
      return { ok: true, lead: next, history: entry('rejected', `${who} rejected the lead`, action.reason), note: null };
    }
    case 'forward': {
      if (action.toUserId === ctx.actor) return fail('toUserId', 'cannot forward a lead to yourself');
      const toName = ctx.nameOf?.(action.toUserId) ?? action.toUserId;
      const next: Lead = { ...base, status: 'forwarded', ownerId: action.toUserId, offerExpiresAt: null };
      const history = entry('forwarded', `${who} forwarded the lead to ${toName}`, action.note || null, { toUserId: action.toUserId });
      return { ok: true, lead: next, history, note: null };
    }
    case 'setStatus': {
      if (action.status === 'won' && action.amount === null) return fail('amount', 'is required when the lead is won');
      if (action.status === 'lost' && !action.reason) return fail('reason', 'is required when the lead is lost');
      if (action.status === lead.status) return fail('status', `the lead is already ${statusLabel(lead.status)}`);
      const next: Lead = {
        ...base,
        status: action.status,
        wonAmount: action.status === 'won' ? action.amount : lead.wonAmount,
        closeReason: action.status === 'lost' ? action.reason : lead.closeReason,
      };
      const summary =
        action.status === 'won'
          ? `${who} marked the lead won (${action.amount})`
          : `${who} marked the lead ${statusLabel(action.status)}`;
      return { ok: true, lead: next, history: entry('status', summary, action.reason, { status: action.status, amount: action.amount }), note: null };
    }
    case 'incubate': {
      if (action.until <= ctx.now) return fail('until', 'must be in the future');
      const next: Lead = { ...base, status: 'incubating', incubateUntil: action.until };
      const day = new Date(action.until).toISOString().slice(0, 10);
      return { ok: true, lead: next, history: entry('incubated', `${who} incubated the lead until ${day}`, null, { until: action.until }), note: null };
    }
    case 'addNote': {
      const note: Note = { id: ctx.newId, leadId: lead.id, at: ctx.now, author: ctx.actor, text: action.text };
      const preview = action.text.length > 80 ? `${action.text.slice(0, 77)}...` : action.text;
      return { ok: true, lead: base, history: entry('note', `${who} added a note: ${preview}`, null, { noteId: note.id }), note };
    }
  }
}

function describeType(type: LeadActionType): string {
  switch (type) {
    case 'setStatus':
      return 'change the status of';
    case 'addNote':
      return 'add a note to';
    default:
      return type;
  }
}

export function leadTitle(lead: Pick<Lead, 'contact'>): string {
  const name = displayName(lead.contact);
  return lead.contact.company ? `${name}, ${lead.contact.company}` : name;
}
