import type { WorkspaceInfo } from '../../../core/contract/index.ts';
import type { HistoryEntry } from '../../../core/lead/lead.ts';
import { fromLeadRow, ROW, rowLeadId } from '../../../core/sync/lead-row.ts';
import { planFeed, type FeedPlan } from '../../../core/sync/merge.ts';
import type { FeedHistoryEntry } from '../../../core/sync/protocol.ts';
import { DEFAULT_SNAPSHOT_LIMIT } from '../../../core/sync/snapshot.ts';
import type { EventHub } from '../events.ts';
import type { LocalStore } from '../store/index.ts';
import { remoteRow, type RemoteRow, type RemoteWriteOptions } from '../store/remote-changes.ts';
import { HistoryCheck } from './history-check.ts';
import { notUnderstood, snapshotPath, SyncHttpError, type ServerApi } from './server-api.ts';
import { SharedBuffers } from './shared-buffers.ts';
import { SnapshotPageError, type SnapshotPage } from './snapshot-page.ts';
import type { SyncState } from './sync-state.ts';

export interface PullOptions {
  store: LocalStore;
  events: EventHub;
  state: SyncState;
  /** Leads the live stream said were offered here; each is announced as 'lead.offered' once it is written. */
  offered: Set<string>;
  pullLimit?: number;
  /** Leads per page of a first sync's snapshot. */
  snapshotLimit?: number;
  /** For one 'workspace.changed' per large page instead of one 'lead.changed' per lead. */
  workspaceInfo?: () => WorkspaceInfo;
}

/** The connection a round belongs to was closed while it waited; it stops without a word. */
export class RoundSuperseded extends Error {}

/** Feed entries as the store keeps them; every answer that carries them was checked against FeedHistoryEntry on arrival. */
export const asHistory = (entries: FeedHistoryEntry[]): HistoryEntry[] => entries as HistoryEntry[];

/** Leads written per transaction while pulling; small enough that a slice holds the event loop for milliseconds. */
const WRITE_SLICE = 200;

/**
 * The pull half of a sync round (docs/sync.md): a fresh account's snapshot first, then the
 * change feed, each page written into the store in slices while the next is on its way.
 */
export class Pull {
  constructor(private readonly options: PullOptions) {}

  /** Everything the server has for this account that the store has not; `current` turns false once the round's connection is closed. */
  async run(api: ServerApi, current: () => boolean): Promise<void> {
    await this.snapshotAll(api, current);
    await this.pullAll(api, current);
  }

  /**
   * A fresh account's first sync (docs/sync.md, "First sync: the snapshot"): the leads the
   * user may see now, page by page, each written while the next is on its way; then the feed
   * from the position the first page named, which brings whatever changed meanwhile. Progress
   * is kept per page, so a snapshot broken off (offline, the workstation closed) goes on where
   * it stopped.
   */
  private async snapshotAll(api: ServerApi, current: () => boolean): Promise<void> {
    let progress = this.options.state.snapshotToTake();
    if (!progress) return;
    const limit = this.options.snapshotLimit ?? DEFAULT_SNAPSHOT_LIMIT;
    const histories = new HistoryCheck();
    const buffers = new SharedBuffers();
    // Each page is read as soon as it has arrived, while the page before is written, and its histories are checked on their own thread meanwhile.
    const fetchPage = (after: number) => api.snapshot(after, limit, buffers).then((body) => histories.read(body)).catch((error: unknown) => {
      if (!(error instanceof SnapshotPageError)) throw error;
      throw notUnderstood(snapshotPath(after, limit), error.message);
    });
    try {
      let next = fetchPage(progress.after ?? 0);
      for (;;) {
        let page: SnapshotPage;
        try {
          page = await next;
        } catch (error) {
          // A server from before snapshots: the feed from 0 brings the same leads.
          if (error instanceof SyncHttpError && error.status === 404 && progress.after === 0) return this.options.state.snapshotWritten({ cursor: 0, after: null });
          throw error;
        }
        const { header } = page;
        if (header.next !== null) {
          next = fetchPage(header.next);
          next.catch(() => undefined);
        }
        await this.writePage(current, page.leads, [], { searchLater: true, historiesChecked: page.historiesChecked });
        buffers.give(page.body);
        progress = { cursor: progress.after === 0 ? header.cursor : progress.cursor, after: header.next };
        this.options.state.snapshotWritten(progress);
        if (header.next === null) return;
      }
    } finally {
      histories.stop();
    }
  }

  /**
   * Pages until the feed is drained. The next page is asked for as soon as this one has
   * arrived, so the server reads and sends it while this one is written; it is still written
   * only after this one's cursor is stored, and a failure of either ends the round.
   */
  private async pullAll(api: ServerApi, current: () => boolean): Promise<void> {
    const limit = this.options.pullLimit ?? 1_000;
    let next = api.pull(this.options.state.cursor(), limit);
    for (;;) {
      const page = await next;
      if (page.hasMore) {
        next = api.pull(page.cursor, limit);
        // Awaited on the next turn; until then a failure must not count as unhandled.
        next.catch(() => undefined);
      }
      const plan = planFeed(page.items, this.options.store.outbox.pendingLeadIds());
      await this.writePage(current, plan.upsert.map((item) => remoteRow({ lead: item.lead, history: asHistory(item.history) })), plan.remove);
      this.options.state.advanceCursor(page.cursor);
      if (!page.hasMore) return;
    }
  }

  /**
   * Writes a page in slices of WRITE_SLICE leads, each its own transaction, with the event loop
   * free before each: the services answer the UI between slices, so a first sync of a large
   * account never holds a click for the whole page. A slice is planned again just before it is
   * written, because a lead the rep acted on meanwhile keeps their change until it is pushed;
   * and nothing more is written once this connection is closed (a sign-out, or someone else
   * signing in and the store being cleared for them). The cursor moves only after the last
   * slice, so a page cut short is simply pulled and written again.
   */
  private async writePage(current: () => boolean, upserts: readonly RemoteRow[], removals: FeedPlan['remove'], options: RemoteWriteOptions = {}): Promise<void> {
    const { store, events } = this.options;
    const written: RemoteRow[] = [];
    const inserted: number[] = [];
    const slices = Math.max(1, Math.ceil(upserts.length / WRITE_SLICE));
    for (let i = 0; i < slices; i += 1) {
      await new Promise((resolve) => setImmediate(resolve));
      if (!current()) throw new RoundSuperseded();
      const pending = store.outbox.pendingLeadIds();
      const slice = upserts.slice(i * WRITE_SLICE, (i + 1) * WRITE_SLICE).filter((item) => !pending.has(rowLeadId(item.row)));
      const leaving = i === slices - 1 ? removals.filter((item) => !pending.has(item.leadId)) : [];
      if (slice.length === 0 && leaving.length === 0) continue;
      const { removed, inserted: rids } = store.leads.applyRemoteRows(slice, leaving.map((item) => item.leadId), options);
      written.push(...slice);
      inserted.push(...rids);
      // Only leads that were in this box left it: a first sync also names every lead once offered here, and a refused change's lead is gone already.
      const left = new Set(removed);
      for (const { leadId, reason } of leaving) if (left.has(leadId)) events.emit('lead.rerouted', { leadId, reason });
    }
    if (inserted.length > 0 && options.searchLater) {
      if (!current()) throw new RoundSuperseded();
      store.leads.indexForSearch(inserted);
    }
    // A first sync of a large account tells the UI once per page, not once per lead.
    const info = this.options.workspaceInfo;
    if (info && written.length > 50) events.emit('workspace.changed', info());
    else for (const { row } of written) events.emit('lead.changed', { lead: fromLeadRow(row), cause: 'sync' });
    for (const { row } of written) {
      if (this.options.offered.delete(rowLeadId(row)) && row[ROW.status] === 'offered') events.emit('lead.offered', { leadId: rowLeadId(row), expiresAt: row[ROW.offerExpiresAt] as number | null });
    }
  }
}
