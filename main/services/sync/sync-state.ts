import { z } from 'zod';
import { NeedsAttentionItem } from '../../../core/contract/sync.ts';
import type { Settings } from '../store/settings.ts';

/** What sync keeps in the local store's settings (the token lives only in the SecretStore). */
export const SyncAccount = z.object({
  serverUrl: z.string(),
  userId: z.string(),
  userName: z.string(),
  email: z.string(),
  /** This workstation for this user: the server counts its mutations per clientId. */
  clientId: z.string(),
  /**
   * Outbox seqs up to this one were made before this account: the server numbers this
   * clientId's mutations from 1, so a mutation goes out as `seq - seqBase`.
   */
  seqBase: z.number().int().nonnegative().default(0),
});
export type SyncAccount = z.infer<typeof SyncAccount>;

const NeedsAttention = NeedsAttentionItem;
type NeedsAttention = NeedsAttentionItem;

const KEYS = {
  account: 'sync.account', signedOut: 'sync.signedOutAccount', cursor: 'sync.cursor', snapshot: 'sync.snapshot',
  attention: 'sync.needsAttention', lastSyncAt: 'sync.lastSyncAt', keptLocally: 'sync.keptLocally',
} as const;

/**
 * How far the first sync's snapshot got: the feed position its first page named (where the
 * feed continues once it is whole) and the `after` of the next page, null once it is whole.
 */
export const SnapshotProgress = z.object({ cursor: z.number().int().nonnegative(), after: z.number().int().nonnegative().nullable() });
export type SnapshotProgress = z.infer<typeof SnapshotProgress>;
export const TOKEN_SECRET = 'sync.token';
/** The newest rejections are kept; older ones have long been seen. */
const ATTENTION_LIMIT = 500;

export class SyncState {
  constructor(private readonly settings: Settings) {}

  account(): SyncAccount | null {
    return this.settings.get(KEYS.account, SyncAccount) ?? null;
  }

  setAccount(account: SyncAccount): void {
    this.settings.set(KEYS.account, account);
    this.settings.delete(KEYS.signedOut);
  }

  /** Signing out keeps the account aside: signing in again as the same user resumes its clientId and numbering. */
  signOut(): void {
    const account = this.account();
    if (account) this.settings.set(KEYS.signedOut, account);
    this.settings.delete(KEYS.account);
  }

  /** The account this workstation last worked for, signed in or not. */
  lastAccount(): SyncAccount | null {
    return this.account() ?? this.settings.get(KEYS.signedOut, SyncAccount) ?? null;
  }

  /** A new account starts afresh: no cursor, no rejections or counts of the previous one. */
  resetForNewAccount(): void {
    for (const key of [KEYS.cursor, KEYS.snapshot, KEYS.attention, KEYS.keptLocally, KEYS.lastSyncAt]) this.settings.delete(key);
  }

  cursor(): number {
    return this.settings.get(KEYS.cursor, z.number().int().nonnegative()) ?? 0;
  }

  /**
   * Where the snapshot stands: null when there is none to take or continue, i.e. once it is
   * whole, or for an account that already follows the feed (a cursor past 0).
   */
  snapshotToTake(): SnapshotProgress | null {
    const progress = this.settings.get(KEYS.snapshot, SnapshotProgress);
    if (progress) return progress.after === null ? null : progress;
    return this.cursor() === 0 ? { cursor: 0, after: 0 } : null;
  }

  /** A page is written: the snapshot goes on after it, or, with `after` null, is whole and the feed takes over. */
  snapshotWritten(progress: SnapshotProgress): void {
    this.settings.set(KEYS.snapshot, progress);
    if (progress.after === null) this.advanceCursor(progress.cursor);
  }

  /** Never backwards: a stale answer arriving late cannot move the cursor back. */
  advanceCursor(cursor: number): void {
    if (cursor > this.cursor()) this.settings.set(KEYS.cursor, cursor);
  }

  needsAttention(): NeedsAttention[] {
    return this.settings.get(KEYS.attention, z.array(NeedsAttention)) ?? [];
  }

  addNeedsAttention(items: readonly NeedsAttention[]): void {
    if (items.length === 0) return;
    this.settings.set(KEYS.attention, [...this.needsAttention(), ...items].slice(-ATTENTION_LIMIT));
  }

  dismiss(mutationIds: ReadonlySet<string> | null): void {
    this.settings.set(KEYS.attention, mutationIds === null ? [] : this.needsAttention().filter((item) => !mutationIds.has(item.mutationId)));
  }

  /** How many rule and template changes stayed on this workstation because the server does not take them yet. */
  keptLocally(): number {
    return this.settings.get(KEYS.keptLocally, z.number().int().nonnegative()) ?? 0;
  }

  addKeptLocally(count: number): void {
    if (count > 0) this.settings.set(KEYS.keptLocally, this.keptLocally() + count);
  }

  lastSyncAt(): number | null {
    return this.settings.get(KEYS.lastSyncAt, z.number()) ?? null;
  }

  setLastSyncAt(at: number): void {
    this.settings.set(KEYS.lastSyncAt, at);
  }
}
