import { create } from 'zustand';
import type { WorkspaceInfo } from '../../core/contract/index.ts';
import type { CallError } from '../../core/contract/errors.ts';
import { api } from '../api/client.ts';

type Phase = 'loading' | 'ready' | 'error';

interface WorkspaceState {
  phase: Phase;
  info: WorkspaceInfo | null;
  error: CallError | null;
  /** Set while the welcome screen is building the workspace. */
  creating: 'demo' | 'empty' | null;
  load(): Promise<void>;
  setInfo(info: WorkspaceInfo): void;
  createDemo(count: number): Promise<void>;
  startEmpty(): Promise<void>;
}

export const useWorkspace = create<WorkspaceState>()((set, get) => ({
  phase: 'loading',
  info: null,
  error: null,
  creating: null,
  async load() {
    if (!get().info) set({ phase: 'loading', error: null });
    try {
      set({ phase: 'ready', info: await api.call('workspace.info', {}), error: null });
    } catch (error) {
      set({ phase: 'error', error: error as CallError });
    }
  },
  setInfo: (info) => set({ info, phase: 'ready', error: null }),
  async createDemo(count) {
    await build(set, 'demo', () => api.call('workspace.createDemo', { count }));
  },
  async startEmpty() {
    await build(set, 'empty', () => api.call('workspace.startEmpty', {}));
  },
}));

async function build(
  set: (partial: Partial<WorkspaceState>) => void,
  kind: 'demo' | 'empty',
  run: () => Promise<WorkspaceInfo>,
): Promise<void> {
  set({ creating: kind, error: null });
  try {
    set({ info: await run(), phase: 'ready', creating: null });
  } catch (error) {
    set({ error: error as CallError, creating: null });
  }
}
