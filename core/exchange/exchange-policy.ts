import { z } from 'zod';
import type { Lead, WithholdableField, WorkStatus } from '../lead/lead.ts';
import { CONTACT_PATHS, FEEDBACK_STATUSES, FieldPath, INTEREST_NUMBER_PATHS, INTEREST_TEXT_PATHS, type Assignee, type ExchangeLead, type FeedbackStatus } from './exchange-message.ts';

/**
 * What crosses to a partner. On the vendor's side: fields `withheld` until the partner
 * accepts (on top of those the routing rules withheld) and fields kept `private` (never
 * sent). On the reseller's side: which feedback goes back, and whether the assigned rep's
 * identity is shared.
 */
export const PartnerPolicy = z.strictObject({
  withheld: z.array(FieldPath).default([]),
  private: z.array(FieldPath).default([]),
  feedback: z
    .strictObject({
      statuses: z.array(z.enum(FEEDBACK_STATUSES)).default([...FEEDBACK_STATUSES]),
      assignee: z.enum(['hidden', 'name', 'nameAndEmail']).default('hidden'),
      amount: z.boolean().default(true),
      reason: z.boolean().default(true),
    })
    .default({ statuses: [...FEEDBACK_STATUSES], assignee: 'hidden', amount: true, reason: true }),
});
export type PartnerPolicy = z.infer<typeof PartnerPolicy>;

const RULE_WITHHELD: Record<WithholdableField, FieldPath> = { email: 'contact.email', phone: 'contact.phone', street: 'contact.street', lastName: 'contact.lastName' };

type Value = string | number | boolean | null;

/** The value of one field path of a lead (`custom` answers the whole map). */
function valueAt(lead: Lead, path: FieldPath): Value | Lead['custom'] {
  if (path === 'custom') return lead.custom;
  if (path === 'source' || path === 'campaign' || path === 'score') return lead[path];
  const [group, field] = path.split('.') as ['contact' | 'interest', string];
  return (lead[group] as Record<string, Value>)[field] ?? null;
}

/** The offer's content: withheld and private fields left out, and the list of what was withheld (private fields are not even named). */
export function offerContent(lead: Lead, policy: PartnerPolicy, ruleWithheld: readonly WithholdableField[]): { lead: ExchangeLead; withheld: FieldPath[] } {
  const hidden = new Set<FieldPath>(policy.private);
  const withheld = [...new Set([...ruleWithheld.map((field) => RULE_WITHHELD[field]), ...policy.withheld])].filter((path) => !hidden.has(path));
  const omit = new Set<FieldPath>([...hidden, ...withheld]);
  // Empty fields are left out: absent and null mean the same, in XML and JSON alike.
  const contact: Record<string, string> = {};
  for (const field of CONTACT_PATHS) if (!omit.has(`contact.${field}`) && lead.contact[field] !== null) contact[field] = lead.contact[field]!;
  const interest: Record<string, string | number> = {};
  for (const field of [...INTEREST_TEXT_PATHS, ...INTEREST_NUMBER_PATHS]) if (!omit.has(`interest.${field}`) && lead.interest[field] !== null) interest[field] = lead.interest[field]!;
  const out: ExchangeLead = { createdAt: lead.createdAt, priority: lead.priority, contact, interest };
  if (!omit.has('score')) out.score = lead.score;
  if (!omit.has('source') && lead.source !== null) out.source = lead.source;
  if (!omit.has('campaign') && lead.campaign !== null) out.campaign = lead.campaign;
  if (!omit.has('custom')) out.custom = lead.custom;
  return { lead: out, withheld };
}

/** The withheld values, sent once the partner has accepted. Custom values travel whole or not at all: `custom` withheld is never released. */
export function releasedFields(lead: Lead, withheld: readonly FieldPath[]): Partial<Record<FieldPath, string | number | null>> {
  const out: Partial<Record<FieldPath, string | number | null>> = {};
  for (const path of withheld) {
    const value = valueAt(lead, path);
    if (path !== 'custom' && typeof value !== 'object') out[path] = typeof value === 'boolean' ? String(value) : value;
    else if (value === null) out[path] = null;
  }
  return out;
}

/** Applies released values (or an offer's content) to a lead's fields. */
export function withFields(lead: Lead, fields: Partial<Record<FieldPath, string | number | null>>): Lead {
  const next: Lead = { ...lead, contact: { ...lead.contact }, interest: { ...lead.interest } };
  for (const [path, value] of Object.entries(fields) as Array<[FieldPath, string | number | null]>) {
    if (path === 'custom') continue;
    if (path === 'score') next.score = typeof value === 'number' ? value : next.score;
    else if (path === 'source' || path === 'campaign') next[path] = value === null ? null : String(value);
    else {
      const [group, field] = path.split('.') as ['contact' | 'interest', string];
      (next[group] as Record<string, string | number | null>)[field] = value;
    }
  }
  return next;
}

export interface Feedback {
  status: FeedbackStatus;
  amount: number | null;
  reason: string | null;
  assignee: Assignee | null;
}

/** What the reseller tells its vendor about a status change, or null when its policy sends nothing for it. */
export function feedbackFor(policy: PartnerPolicy, status: FeedbackStatus | WorkStatus, details: { amount: number | null; reason: string | null; assignee: Assignee | null }): Feedback | null {
  if (!policy.feedback.statuses.includes(status)) return null;
  const assignee = policy.feedback.assignee === 'hidden' || !details.assignee ? null : { name: details.assignee.name, email: policy.feedback.assignee === 'nameAndEmail' ? details.assignee.email : null };
  return { status, amount: policy.feedback.amount ? details.amount : null, reason: policy.feedback.reason ? details.reason : null, assignee };
}

/** The assignee as the policy lets it leave, for an acceptance. */
export function sharedAssignee(policy: PartnerPolicy, assignee: Assignee): Assignee | null {
  if (policy.feedback.assignee === 'hidden') return null;
  return { name: assignee.name, email: policy.feedback.assignee === 'nameAndEmail' ? assignee.email : null };
}
