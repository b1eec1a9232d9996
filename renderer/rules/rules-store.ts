import { create } from 'zustand';
import type { RuleList, RuleSummary, WizardTemplate } from '../../core/contract/index.ts';
import type { CallError } from '../../core/contract/errors.ts';
import { api } from '../api/client.ts';
import { useBoxStatus } from '../lead-box/facets-store.ts';

export type RulesTab = 'rules' | 'try' | 'accuracy' | 'templates';

export interface WizardOpen {
  /** The rule being edited; null for a new rule. */
  editing: RuleSummary | null;
  boxId: string;
}

/** The Rules screen: the rules of my box and those below it, the wizard template, and what is open. */
interface RulesState {
  list: RuleList | null;
  template: WizardTemplate | null;
  error: CallError | null;
  boxId: string | null;
  tab: RulesTab;
  wizard: WizardOpen | null;
  notice: { tone: 'success' | 'error'; text: string } | null;
  load(): Promise<void>;
  selectBox(boxId: string): void;
  setTab(tab: RulesTab): void;
  openWizard(editing: RuleSummary | null): void;
  closeWizard(): void;
  setNotice(notice: RulesState['notice']): void;
  /** Optimistic: the list shows the new order at once and reverts if the store refuses it. */
  reorder(ids: string[]): Promise<void>;
  setEnabled(rule: RuleSummary, enabled: boolean): Promise<void>;
  remove(rule: RuleSummary): Promise<void>;
}

const refreshOutbox = () => void useBoxStatus.getState().refreshOutbox();

export const useRules = create<RulesState>()((set, get) => ({
  list: null,
  template: null,
  error: null,
  boxId: null,
  tab: 'rules',
  wizard: null,
  notice: null,
  async load() {
    try {
      const [list, template] = await Promise.all([api.call('rules.list', {}), api.call('rules.template', {})]);
      const boxId = get().boxId;
      set({ list, template, error: null, boxId: boxId && list.boxes.some((b) => b.id === boxId) ? boxId : (list.boxes[0]?.id ?? null) });
    } catch (error) {
      set({ error: error as CallError });
    }
  },
  selectBox: (boxId) => set({ boxId }),
  setTab: (tab) => set({ tab }),
  openWizard: (editing) => set((s) => ({ wizard: { editing, boxId: editing?.boxId ?? s.boxId ?? '' }, notice: null })),
  closeWizard: () => set({ wizard: null }),
  setNotice: (notice) => set({ notice }),
  async reorder(ids) {
    const { list, boxId } = get();
    if (!list || !boxId) return;
    set({ list: { ...list, rules: reorderWithin(list.rules, ids) } });
    try {
      const result = await api.call('rules.reorder', { boxId, ids });
      const byId = new Map(result.rules.map((r) => [r.id, r]));
      set((s) => (s.list ? { list: { ...s.list, rules: reorderWithin(s.list.rules, ids).map((r) => byId.get(r.id) ?? r) } } : {}));
      refreshOutbox();
    } catch (error) {
      set({ list, notice: { tone: 'error', text: `The new order was not saved: ${(error as Error).message}` } });
    }
  },
  async setEnabled(rule, enabled) {
    try {
      const { rule: saved } = await api.call('rules.setEnabled', { id: rule.id, enabled });
      set((s) => (s.list ? { list: { ...s.list, rules: s.list.rules.map((r) => (r.id === saved.id ? saved : r)) } } : {}));
      refreshOutbox();
    } catch (error) {
      set({ notice: { tone: 'error', text: (error as Error).message } });
    }
  },
  async remove(rule) {
    try {
      await api.call('rules.delete', { id: rule.id });
      set({ notice: { tone: 'success', text: `Deleted “${rule.name}”. The change waits in the outbox for the next sync.` } });
      refreshOutbox();
      await get().load();
    } catch (error) {
      set({ notice: { tone: 'error', text: (error as Error).message } });
    }
  },
}));

/** The rules of one box put in the given order, keeping every other rule where it was. */
function reorderWithin(rules: RuleSummary[], ids: string[]): RuleSummary[] {
  const byId = new Map(rules.map((r) => [r.id, r]));
  const queue = ids.map((id, i) => ({ ...byId.get(id)!, order: (i + 1) * 10 }));
  return rules.map((r) => (ids.includes(r.id) ? queue.shift()! : r));
}

/** The rules of the selected box, in order. */
export function rulesOfBox(list: RuleList | null, boxId: string | null): RuleSummary[] {
  return (list?.rules ?? []).filter((r) => r.boxId === boxId);
}
