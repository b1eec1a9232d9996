import { z } from 'zod';
import { RejectionCode } from '../sync/protocol.ts';

/** The workstation's calls for connecting to a lead server and watching sync (docs/sync.md). */
export const SyncConnectInput = z.object({
  serverUrl: z.string().trim().min(1, 'is required').max(500).refine((value) => /^https?:\/\/[^\s/]+/i.test(value), 'must be a URL such as https://leads.example.com'),
  email: z.email().max(254),
  password: z.string().min(1, 'is required').max(200),
  /** Needed to connect a demo workspace: its leads exist on no server, so they are removed. */
  discardDemo: z.boolean().optional(),
}).strict();
export type SyncConnectInput = z.infer<typeof SyncConnectInput>;

export const SyncDismissInput = z.object({
  /** The rejections to clear; absent clears them all. */
  mutationIds: z.array(z.string().min(1).max(64)).max(500).optional(),
}).strict();

export type SyncState = 'online' | 'syncing' | 'offline' | 'error';

export interface SyncStatus {
  state: SyncState | 'disconnected';
  lastSyncAt: number | null;
  message: string | null;
  account: { serverUrl: string; userId: string; userName: string; email: string } | null;
  pending: number;
  needsAttention: number;
  /** Rule and template changes made here that the server does not take yet: they stay local, nothing is wrong. */
  keptLocally?: number;
}

/** A change the server could not apply: the rep decides what to do about it. */
export const NeedsAttentionItem = z.object({
  seq: z.number(),
  mutationId: z.string(),
  kind: z.string(),
  leadId: z.string().nullable(),
  code: RejectionCode,
  message: z.string(),
  at: z.number(),
});
export type NeedsAttentionItem = z.infer<typeof NeedsAttentionItem>;
