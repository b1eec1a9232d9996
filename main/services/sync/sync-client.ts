import { setTimeout as sleep } from 'node:timers/promises';
import type { NeedsAttentionItem, SyncConnectInput, SyncState as SyncStateName, SyncStatus } from '../../../core/contract/sync.ts';
import { backoffDelay, DEFAULT_BACKOFF, toMutation, type BackoffPolicy } from '../../../core/sync/merge.ts';
import type { LiveEvent } from '../../../core/sync/protocol.ts';
import type { SecretStore } from '../secrets.ts';
import { asHistory, Pull, RoundSuperseded, type PullOptions } from './pull.ts';
import { createServerApi, normalizeServerUrl, SyncHttpError, type ServerApi } from './server-api.ts';
import { SyncState, TOKEN_SECRET, type SyncAccount } from './sync-state.ts';

/** The client's dependencies; the store, events, page sizes and workspace summary are its pull half's (pull.ts), passed on as they are. */
export interface SyncClientOptions extends Pick<PullOptions, 'store' | 'events' | 'pullLimit' | 'snapshotLimit' | 'workspaceInfo'> {
  secrets: SecretStore;
  now: () => number;
  newId: () => string;
  /** Who the workstation acts as; sync sets it to the signed-in user. */
  setProfile: (profile: { id: string; name: string }) => void;
  random?: () => number;
  backoff?: BackoffPolicy;
  /** How often to sync when nothing nudges it (live events and local changes do). */
  pollMs?: number;
  pushBatch?: number;
  /** Names the workstation in the server's token list. */
  deviceLabel?: string;
  /** How long the live stream may stay silent before it counts as dead (server-api's LIVE_IDLE_MS). */
  liveIdleMs?: number;
  /**
   * Called when a different account than the last one signs in (the first sign-in included),
   * before anything of it is stored: the workstation clears what belonged to the previous
   * account or to a demo. Unsent changes of a previous account stop the sign-in before this.
   */
  onNewAccount?: (previous: SyncAccount | null) => void;
}

/** Signing in as someone else while the previous account's changes are not on the server yet. */
export class AccountSwitchError extends Error {
  override name = 'AccountSwitchError';
}

/**
 * The workstation's side of docs/sync.md: push the outbox in order, then pull the feed,
 * one round at a time; rounds run after local changes, live events, a poll interval, or
 * after a failure with backoff. Every state change is announced as 'sync.state'.
 */
export class SyncClient {
  private readonly state: SyncState;
  private token: string | null = null;
  private api: ServerApi | null = null;
  private status: { state: SyncStateName; message: string | null } = { state: 'offline', message: null };
  private running: Promise<void> | null = null;
  private again = false;
  private timer: NodeJS.Timeout | null = null;
  private attempt = 0;
  private live: AbortController | null = null;
  private readonly offered = new Set<string>();
  private stopped = false;
  private readonly unsubscribe: () => void;
  private readonly pull: Pull;

  constructor(private readonly options: SyncClientOptions) {
    this.state = new SyncState(options.store.settings);
    this.pull = new Pull({ ...options, state: this.state, offered: this.offered });
    this.unsubscribe = options.events.subscribe((name, payload) => {
      if (name === 'lead.changed' && (payload as { cause: string }).cause === 'local') this.kick();
    });
  }

  /** Resumes with the saved account and token, if any. */
  async start(): Promise<void> {
    const account = this.state.account();
    if (!account) return;
    this.token = await this.options.secrets.get(TOKEN_SECRET);
    if (!this.token) return this.setStatus('error', 'Sign in to the lead server again.');
    this.open(account);
  }

  async connect(input: SyncConnectInput): Promise<SyncStatus> {
    const serverUrl = normalizeServerUrl(input.serverUrl);
    const api = createServerApi(serverUrl, () => null);
    const login = await api.login(input.email, input.password, this.options.deviceLabel ?? 'LeadRelay workstation');
    const previous = this.state.lastAccount();
    const sameUser = previous !== null && previous.serverUrl === serverUrl && previous.userId === login.user.id;
    const { store } = this.options;
    if (!sameUser) {
      const { pending } = store.outbox.status();
      // Sent under another clientId they would count as the new user's work, or be refused.
      if (previous && pending > 0) {
        await createServerApi(serverUrl, () => login.token).logout();
        throw new AccountSwitchError(`${pending} change(s) made as ${previous.userName} are not on ${previous.serverUrl} yet; sign in as ${previous.email} to send them first`);
      }
      // A round of the previous account still waiting on the server must not write into the store cleared for this one.
      this.close();
      this.options.onNewAccount?.(previous);
      this.state.resetForNewAccount();
    }
    await this.options.secrets.set(TOKEN_SECRET, login.token);
    this.token = login.token;
    const identity = { serverUrl, userId: login.user.id, userName: login.user.name, email: login.user.email };
    const account: SyncAccount = sameUser ? { ...previous, ...identity } : { ...identity, clientId: `ws-${this.options.newId()}`, seqBase: store.outbox.seqBaseForNewAccount() };
    this.state.setAccount(account);
    this.options.setProfile({ id: account.userId, name: account.userName });
    this.open(account);
    await this.syncNow();
    return this.currentStatus();
  }

  async disconnect(): Promise<SyncStatus> {
    const api = this.api;
    this.close();
    await api?.logout();
    await this.options.secrets.delete(TOKEN_SECRET);
    this.token = null;
    this.state.signOut();
    this.setStatus('offline', null);
    return this.currentStatus();
  }

  /** Runs a round now (or waits for the one running, then one more) and answers the outcome. */
  async syncNow(): Promise<SyncStatus> {
    if (!this.api) return this.currentStatus();
    this.clearTimer();
    if (this.running) this.again = true;
    while (this.running) await this.running;
    await this.runRound();
    return this.currentStatus();
  }

  currentStatus(): SyncStatus {
    const account = this.state.account();
    return {
      state: account ? this.status.state : 'disconnected',
      lastSyncAt: this.state.lastSyncAt(),
      message: this.status.message,
      account: account && { serverUrl: account.serverUrl, userId: account.userId, userName: account.userName, email: account.email },
      pending: this.options.store.outbox.status().pending,
      needsAttention: this.state.needsAttention().length,
      keptLocally: this.state.keptLocally(),
    };
  }

  needsAttention(): NeedsAttentionItem[] {
    return this.state.needsAttention();
  }

  dismiss(mutationIds: string[] | undefined): NeedsAttentionItem[] {
    this.state.dismiss(mutationIds ? new Set(mutationIds) : null);
    return this.state.needsAttention();
  }

  /**
   * The computer woke from sleep or its network changed: the live stream may be dead without
   * knowing it, so it is opened again, and a round runs now rather than at the next poll.
   */
  wake(): void {
    if (!this.api) return;
    this.listen(this.api);
    this.kick();
  }

  stop(): void {
    this.stopped = true;
    this.close();
    this.unsubscribe();
  }

  private open(account: SyncAccount): void {
    this.close();
    this.api = createServerApi(account.serverUrl, () => this.token);
    this.listen(this.api);
    this.kick();
  }

  private close(): void {
    this.clearTimer();
    this.live?.abort();
    this.live = null;
    this.api = null;
  }

  /** A round soon: coalesces nudges that arrive while one runs. */
  private kick(): void {
    if (!this.api) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.schedule(0);
  }

  private schedule(delayMs: number): void {
    this.clearTimer();
    this.timer = setTimeout(() => void this.runRound(), delayMs);
    this.timer.unref?.();
  }

  private clearTimer(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  private runRound(): Promise<void> {
    if (this.running) return this.running;
    this.running = this.round().finally(() => {
      this.running = null;
      if (this.again && this.api) {
        this.again = false;
        this.schedule(0);
      }
    });
    return this.running;
  }

  private async round(): Promise<void> {
    const api = this.api;
    const account = this.state.account();
    if (!api || !account) return;
    this.setStatus('syncing', null);
    try {
      await this.pushAll(api, account);
      await this.pull.run(api, () => this.api === api);
      this.attempt = 0;
      this.state.setLastSyncAt(this.options.now());
      this.setStatus('online', null);
      if (this.api === api) this.schedule(this.options.pollMs ?? 30_000);
    } catch (error) {
      // Stopped mid-round (the workstation is closing): the store may be closed already.
      if (this.stopped || error instanceof RoundSuperseded) return;
      const failure = error instanceof SyncHttpError ? error : new SyncHttpError('server', (error as Error).message);
      if (failure.kind === 'auth') {
        this.setStatus('error', `Sign in to the lead server again (${failure.message}).`);
        return;
      }
      this.setStatus(failure.kind === 'offline' ? 'offline' : 'error', failure.message);
      const random = this.options.random ?? Math.random;
      if (this.api === api) this.schedule(backoffDelay(this.attempt++, random(), this.options.backoff ?? DEFAULT_BACKOFF));
    }
  }

  private async pushAll(api: ServerApi, account: SyncAccount): Promise<void> {
    const { store } = this.options;
    const refetch = new Set<string>();
    for (;;) {
      const pending = store.outbox.pending(this.options.pushBatch ?? 100);
      if (pending.length === 0) break;
      // The server numbers this clientId's mutations from 1: outbox seq minus the account's base.
      const base = account.seqBase;
      const answer = await api.push({ clientId: account.clientId, mutations: pending.map((entry) => toMutation({ ...entry, seq: entry.seq - base }, account.clientId)) });
      const bySeq = new Map(pending.map((entry) => [entry.seq - base, entry]));
      const attention: NeedsAttentionItem[] = [];
      let keptLocally = 0;
      for (const result of answer.results) {
        if (result.status !== 'rejected' || !result.rejection) continue;
        const entry = bySeq.get(result.seq);
        // Rule and template edits still go out, so the server's count of this client's changes
        // has no gap, but until it stores them they are simply this workstation's own.
        if (result.rejection.code === 'unsupported' && entry && entry.leadId === null) {
          keptLocally += 1;
          continue;
        }
        attention.push({ seq: result.seq + base, mutationId: result.mutationId, kind: entry?.kind ?? 'unknown', leadId: result.leadId, ...result.rejection, at: this.options.now() });
        if (result.leadId) refetch.add(result.leadId);
      }
      store.db.transaction(() => {
        store.outbox.markSent(answer.results.map((result) => result.seq + base), this.options.now());
        this.state.addNeedsAttention(attention);
        this.state.addKeptLocally(keptLocally);
      })();
      if (attention.length > 0) this.options.events.emit('sync.rejected', { items: attention });
      if (answer.refused) throw new SyncHttpError('refused', `The server refused change ${answer.refused.seq}: ${answer.refused.message}`);
      if (answer.results.length === 0) throw new SyncHttpError('server', 'the server answered a push without handling any change');
    }
    // A rejected change was applied here optimistically: put the server's copy back.
    for (const leadId of refetch) {
      if (this.options.store.outbox.pendingLeadIds().has(leadId)) continue;
      const current = await api.lead(leadId);
      if (current) store.leads.applyRemote([{ lead: current.lead, history: asHistory(current.history) }]);
      else store.leads.applyRemote([], [leadId]);
      if (current) this.options.events.emit('lead.changed', { lead: current.lead, cause: 'sync' });
      else this.options.events.emit('lead.rerouted', { leadId, reason: 'the server did not accept your change and the lead is no longer yours' });
    }
  }

  /** Keeps one live stream open while connected, reconnecting with backoff. */
  private listen(api: ServerApi): void {
    this.live?.abort();
    const controller = new AbortController();
    this.live = controller;
    const onEvent = (event: LiveEvent) => {
      if (event.type === 'notice') this.options.events.emit('lead.notice', { leadId: event.leadId, title: event.title });
      if (event.type === 'offer' && event.event === 'offered') this.offered.add(event.leadId);
      if (event.type === 'offer' || event.type === 'notice' || event.cursor > this.state.cursor()) this.kick();
    };
    void (async () => {
      let failures = 0;
      while (!controller.signal.aborted) {
        try {
          await api.listen(onEvent, controller.signal, this.options.liveIdleMs);
          failures = 0;
        } catch {
          failures += 1;
        }
        if (controller.signal.aborted) return;
        // Back online after a drop (sleep, network change, server restart): catch up at once.
        this.kick();
        const wait = backoffDelay(failures, (this.options.random ?? Math.random)(), this.options.backoff ?? DEFAULT_BACKOFF);
        // Aborting ends the wait early; the timer's abort listener goes with it.
        await sleep(wait, undefined, { signal: controller.signal }).catch(() => undefined);
      }
    })();
  }

  private setStatus(state: SyncStateName, message: string | null): void {
    if (this.stopped) return;
    const changed = state !== this.status.state || message !== this.status.message;
    this.status = { state, message };
    if (changed) this.options.events.emit('sync.state', { state, lastSyncAt: this.state.lastSyncAt(), ...(message ? { message } : {}) });
  }
}
