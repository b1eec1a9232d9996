import { create } from 'zustand';

export type View = 'leads' | 'rules';

const KEY = 'leadrelay.view';

function saved(): View {
  try {
    return sessionStorage.getItem(KEY) === 'rules' ? 'rules' : 'leads';
  } catch {
    return 'leads';
  }
}

/** Which main screen is showing; kept for the tab's session so a reload stays where the person was. */
interface ViewState {
  view: View;
  show(view: View): void;
}

export const useView = create<ViewState>()((set) => ({
  view: saved(),
  show: (view) => {
    try {
      sessionStorage.setItem(KEY, view);
    } catch {
      // storage may be disabled; the view simply is not remembered
    }
    set({ view });
  },
}));
