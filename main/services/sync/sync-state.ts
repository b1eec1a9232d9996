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
});
export type SyncAccount = z.infer<typeof SyncAccount>;

const NeedsAttention = NeedsAttentionItem;
type NeedsAttention = NeedsAttentionItem;

const KEYS = { account: 'sync.account', cursor: 'sync.cursor', attention: 'sync.needsAttention', lastSyncAt: 'sync.lastSyncAt', keptLocally: 'sync.keptLocally' } as const;
export const TOKEN_SECRET = 'sync.token';
/** The newest rejections are kept; older ones have long been seen. */
const ATTENTION_LIMIT = 500;

export class SyncState {
  constructor(private readonly settings: Settings) {}

  account(): SyncAccount | null {
    return this.settings.get(KEYS.account, SyncAccount) ?? null;
  }

  setAccount(account: SyncAccount | null): void {
    if (account) this.settings.set(KEYS.account, account);
    else this.settings.delete(KEYS.account);
  }

  cursor(): number {
    return this.settings.get(KEYS.cursor, z.number().int().nonnegative()) ?? 0;
  }

  /** Never backwards: a stale answer arriving late cannot move the cursor back. */
  advanceCursor(cursor: number): void {
    if (cursor > this.cursor()) this.settings.set(KEYS.cursor, cursor);
  }

  resetCursor(): void {
    this.settings.delete(KEYS.cursor);
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
