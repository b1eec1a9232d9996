import { create } from 'zustand';
import type { NeedsAttentionItem, SyncConnectInput, SyncStatus } from '../../core/contract/index.ts';
import type { CallError } from '../../core/contract/errors.ts';
import { api } from '../api/client.ts';
import { useWorkspace } from '../state/workspace-store.ts';

interface SyncStoreState {
  status: SyncStatus | null;
  attention: NeedsAttentionItem[];
  connecting: boolean;
  error: CallError | null;
  load(): Promise<void>;
  connect(input: SyncConnectInput): Promise<boolean>;
  disconnect(): Promise<void>;
  syncNow(): Promise<void>;
  dismiss(mutationIds?: string[]): Promise<void>;
}

const SYNCING_RECHECK_MS = 1_000;

/** Sync status and the needs-attention list; follows 'sync.state' events once started. */
export const useSync = create<SyncStoreState>()((set) => {
  // Reads can be answered out of order (events come in bursts: syncing, online, syncing,
  // online within milliseconds); only the latest read's answer is shown. A round's end is
  // announced by an event, which is lost when it comes before the event stream has opened
  // (a round can end milliseconds after connecting), so while a round runs the status is read again.
  let reads = 0;
  let again: ReturnType<typeof setTimeout> | null = null;
  const refresh = async (): Promise<void> => {
    const read = ++reads;
    const [status, attention] = await Promise.all([api.call('sync.status', {}), api.call('sync.rejections', {})]);
    if (read !== reads) return;
    set({ status, attention });
    if (status.state === 'syncing' && again === null) {
      again = setTimeout(() => {
        again = null;
        void refresh().catch(() => undefined);
      }, SYNCING_RECHECK_MS);
    }
  };
  let listening = false;
  return {
    status: null,
    attention: [],
    connecting: false,
    error: null,
    async load() {
      if (!listening) {
        listening = true;
        api.on('sync.state', () => void refresh().catch(() => undefined));
      }
      await refresh().catch((error: CallError) => set({ error }));
    },
    async connect(input) {
      set({ connecting: true, error: null });
      try {
        set({ status: await api.call('sync.connect', input), connecting: false });
        await useWorkspace.getState().load();
        return true;
      } catch (error) {
        set({ error: error as CallError, connecting: false });
        return false;
      }
    },
    async disconnect() {
      set({ status: await api.call('sync.disconnect', {}) });
    },
    async syncNow() {
      set({ status: await api.call('sync.now', {}) });
      await refresh();
    },
    async dismiss(mutationIds) {
      set({ attention: await api.call('sync.dismiss', mutationIds ? { mutationIds } : {}) });
      await refresh();
    },
  };
});
