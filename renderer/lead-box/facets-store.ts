import { create } from 'zustand';
import type { Facets, OutboxStatus } from '../../core/contract/index.ts';
import type { CallError } from '../../core/contract/errors.ts';
import { api } from '../api/client.ts';

/** Counts for the filter bar and the outbox badge: both change after every action. */
interface BoxStatusState {
  facets: Facets | null;
  facetsError: CallError | null;
  outbox: OutboxStatus | null;
  refreshFacets(): Promise<void>;
  refreshOutbox(): Promise<void>;
}

export const useBoxStatus = create<BoxStatusState>()((set) => ({
  facets: null,
  facetsError: null,
  outbox: null,
  async refreshFacets() {
    try {
      set({ facets: await api.call('leads.facets', {}), facetsError: null });
    } catch (error) {
      set({ facetsError: error as CallError });
    }
  },
  async refreshOutbox() {
    try {
      set({ outbox: await api.call('outbox.status', {}) });
    } catch {
      // The badge keeps its last known count; the next action or event tries again.
    }
  },
}));

export function refreshBoxStatus(): void {
  const { refreshFacets, refreshOutbox } = useBoxStatus.getState();
  void refreshFacets();
  void refreshOutbox();
}
