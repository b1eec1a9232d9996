import { create } from 'zustand';
import type { Colleague } from '../../core/contract/index.ts';
import type { CallError } from '../../core/contract/errors.ts';
import { api } from '../api/client.ts';

/** Colleagues change rarely: fetched the first time the forward dialog opens. */
interface ColleaguesState {
  colleagues: Colleague[] | null;
  error: CallError | null;
  load(): Promise<void>;
}

export const useColleagues = create<ColleaguesState>()((set, get) => ({
  colleagues: null,
  error: null,
  async load() {
    if (get().colleagues) return;
    try {
      set({ colleagues: await api.call('colleagues.list', {}), error: null });
    } catch (error) {
      set({ error: error as CallError });
    }
  },
}));
