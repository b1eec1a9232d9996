import { create } from 'zustand';

/** Whether this page may talk to LeadRelay at all (the web bridge rejects a bad token). */
interface SessionState {
  unauthorized: boolean;
  setUnauthorized(): void;
}

export const useSession = create<SessionState>()((set) => ({
  unauthorized: false,
  setUnauthorized: () => set({ unauthorized: true }),
}));
