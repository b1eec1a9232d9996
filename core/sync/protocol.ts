import { z } from 'zod';
import { Lead } from '../lead/lead.ts';

/**
 * The sync protocol between a workstation and its lead server (docs/sync.md): the messages
 * both sides exchange, as zod schemas, so the server validates what it receives and the
 * client validates what it is answered with the very same definitions.
 */

export const ClientId = z.string().trim().min(8, 'must be at least 8 characters').max(64).regex(/^[A-Za-z0-9._:-]+$/, 'may use letters, digits, ".", "_", ":" and "-"');

/** One queued change, as pushed: who queued it (clientId), its place in that client's queue (seq) and its own id. */
export const Mutation = z.object({
  clientId: ClientId,
  seq: z.number().int().positive().max(Number.MAX_SAFE_INTEGER),
  mutationId: z.string().min(1, 'is required').max(64),
  kind: z.string().min(1, 'is required').max(64),
  /** For lead actions: the LeadAction; checked by the server when it applies it, so a bad one is a rejection, not a refused batch. */
  payload: z.record(z.string(), z.unknown()),
});
export type Mutation = z.infer<typeof Mutation>;

export const MAX_PUSH_BATCH = 200;

export const PushRequest = z
  .object({
    clientId: ClientId,
    mutations: z.array(Mutation).min(1, 'must hold at least one mutation').max(MAX_PUSH_BATCH),
  })
  .superRefine((request, ctx) => {
    request.mutations.forEach((mutation, index) => {
      if (mutation.clientId !== request.clientId) {
        ctx.addIssue({ code: 'custom', path: ['mutations', index, 'clientId'], message: 'must equal the clientId of the request' });
      }
      const previous = request.mutations[index - 1];
      if (previous && mutation.seq !== previous.seq + 1) {
        ctx.addIssue({ code: 'custom', path: ['mutations', index, 'seq'], message: `must follow ${previous.seq} without a gap` });
      }
    });
  });
export type PushRequest = z.infer<typeof PushRequest>;

/** Why the server could not apply a mutation; the rep reads `message`, code drives the UI. */
export const REJECTION_CODES = ['conflict', 'not_found', 'forbidden', 'invalid', 'unsupported'] as const;
export const RejectionCode = z.enum(REJECTION_CODES);
export type RejectionCode = z.infer<typeof RejectionCode>;

export const Rejection = z.object({
  code: RejectionCode,
  message: z.string(),
  field: z.string().nullable(),
});
export type Rejection = z.infer<typeof Rejection>;

/**
 * Per mutation: `applied` (now or earlier: a replay answers the stored outcome),
 * `rejected` (recorded as done, never retried; the rep sees the reason). `lead` is the
 * lead as this user may now see it (null when it is no longer theirs), so the client can
 * correct its optimistic copy without waiting for the feed.
 */
export const MutationResult = z.object({
  seq: z.number().int(),
  mutationId: z.string(),
  status: z.enum(['applied', 'rejected']),
  replayed: z.boolean(),
  rejection: Rejection.nullable(),
  leadId: z.string().nullable(),
  lead: Lead.nullable(),
});
export type MutationResult = z.infer<typeof MutationResult>;

/**
 * `results` covers the prefix of the batch the server handled, in order. When the batch
 * starts past the next expected seq (`gap`), or reuses a seq for another mutationId
 * (`mismatch`), the server handles nothing from there on and says which seq it expects.
 */
export const PushResponse = z.object({
  results: z.array(MutationResult),
  lastAppliedSeq: z.number().int().nonnegative(),
  refused: z
    .object({ reason: z.enum(['gap', 'mismatch']), seq: z.number().int(), expectedSeq: z.number().int(), message: z.string() })
    .nullable(),
});
export type PushResponse = z.infer<typeof PushResponse>;

/** The feed position: a server sequence number, opaque to clients except that it only grows. */
export const Cursor = z.coerce.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER);

export const MAX_PULL_LIMIT = 2_000;
export const PullQuery = z.object({
  cursor: Cursor.default(0),
  limit: z.coerce.number().int().min(1).max(MAX_PULL_LIMIT).default(500),
});
export type PullQuery = z.infer<typeof PullQuery>;

export const FeedHistoryEntry = z.object({
  id: z.string(),
  leadId: z.string(),
  at: z.number(),
  actor: z.string(),
  kind: z.string(),
  summary: z.string(),
  reason: z.string().nullable(),
  data: z.record(z.string(), z.unknown()),
});
export type FeedHistoryEntry = z.infer<typeof FeedHistoryEntry>;

/**
 * A changed lead with its whole history (the server's, authoritative) as this user may see
 * it; or word that a lead the user had is no longer theirs (re-routed, taken, withdrawn).
 */
export const FeedItem = z.discriminatedUnion('type', [
  z.object({ type: z.literal('lead'), lead: Lead, history: z.array(FeedHistoryEntry) }),
  z.object({ type: z.literal('revoked'), leadId: z.string(), reason: z.string() }),
]);
export type FeedItem = z.infer<typeof FeedItem>;

/** `cursor` is where to continue from; `hasMore` says whether to ask again at once. */
export const PullPage = z.object({
  items: z.array(FeedItem),
  cursor: z.number().int().nonnegative(),
  hasMore: z.boolean(),
});
export type PullPage = z.infer<typeof PullPage>;

/** What the live channel (SSE) sends; each is a hint to pull, carrying enough to notify at once. */
export const LiveEvent = z.discriminatedUnion('type', [
  z.object({ type: z.literal('hello'), cursor: z.number().int() }),
  z.object({ type: z.literal('changed'), cursor: z.number().int() }),
  z.object({
    type: z.literal('offer'),
    event: z.enum(['offered', 'withdrawn', 'accepted', 'rejected', 'expired', 'forwarded']),
    leadId: z.string(),
    at: z.number(),
  }),
  /** A rule's desktop notice for this user (`notify` with channel desktop); `title` is the rule's template text. */
  z.object({ type: z.literal('notice'), leadId: z.string(), at: z.number(), title: z.string().max(200) }),
]);
export type LiveEvent = z.infer<typeof LiveEvent>;
