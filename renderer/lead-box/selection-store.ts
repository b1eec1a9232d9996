import { create } from 'zustand';
import type { LeadDetail, LeadRow } from '../../core/contract/index.ts';
import type { CallError } from '../../core/contract/errors.ts';
import type { Lead } from '../../core/lead/lead.ts';
import { api } from '../api/client.ts';
import { PAGE_SIZE } from './rows-store.ts';

/** Which lead is selected and its full detail (fields, history, notes) for the side pane. */
interface SelectionState {
  selectedId: string | null;
  /** Row index in the current list, or -1 when the list changed under the selection. */
  selectedIndex: number;
  detail: LeadDetail | null;
  detailError: CallError | null;
  select(index: number, id: string): void;
  clear(): void;
  /** Forgets the row index (the list was re-queried) but keeps the lead on screen. */
  detachIndex(): void;
  reloadDetail(): Promise<void>;
  /** Folds a changed lead into the pane without refetching, when it is the one shown. */
  applyLead(lead: Lead): void;
}

export const useSelection = create<SelectionState>()((set, get) => {
  const loadDetail = async (id: string) => {
    try {
      const detail = await api.call('leads.get', { id });
      if (get().selectedId === id) set({ detail, detailError: null });
    } catch (error) {
      if (get().selectedId === id) set({ detailError: error as CallError });
    }
  };
  return {
    selectedId: null,
    selectedIndex: -1,
    detail: null,
    detailError: null,
    select(index, id) {
      if (get().selectedId === id) {
        set({ selectedIndex: index });
        return;
      }
      set({ selectedId: id, selectedIndex: index, detail: null, detailError: null });
      void loadDetail(id);
    },
    clear: () => set({ selectedId: null, selectedIndex: -1, detail: null, detailError: null }),
    detachIndex: () => set({ selectedIndex: -1 }),
    async reloadDetail() {
      const id = get().selectedId;
      if (id) await loadDetail(id);
    },
    applyLead(lead) {
      const { detail } = get();
      if (detail && detail.lead.id === lead.id) set({ detail: { ...detail, lead } });
    },
  };
});

/** The list index of the selected lead, looked up in the cached pages when it moved. */
export function currentIndex(pages: ReadonlyMap<number, LeadRow[]>, id: string | null, fallback: number): number {
  if (id === null) return fallback;
  for (const [page, rows] of pages) {
    const at = rows.findIndex((row) => row.id === id);
    if (at >= 0) return page * PAGE_SIZE + at;
  }
  return fallback;
}
