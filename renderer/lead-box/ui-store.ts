import { create } from 'zustand';

export type DialogKind = 'reject' | 'forward' | 'status' | 'incubate';

export interface Notice {
  tone: 'success' | 'error';
  text: string;
  leadId: string;
}

/** Which dialog or popover is open (at most one), and the last action's outcome. */
interface UiState {
  dialog: DialogKind | null;
  helpOpen: boolean;
  notice: Notice | null;
  open(dialog: DialogKind): void;
  close(): void;
  toggleHelp(open?: boolean): void;
  setNotice(notice: Notice | null): void;
}

export const useUi = create<UiState>()((set) => ({
  dialog: null,
  helpOpen: false,
  notice: null,
  open: (dialog) => set({ dialog, helpOpen: false }),
  close: () => set({ dialog: null }),
  toggleHelp: (open) => set((s) => ({ helpOpen: open ?? !s.helpOpen })),
  setNotice: (notice) => set({ notice }),
}));
