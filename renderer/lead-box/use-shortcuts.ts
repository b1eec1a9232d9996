import { useEffect } from 'react';
import { acceptSelected, openDialog } from './lead-commands.ts';
import { NOTE_INPUT_ID } from './notes-panel.tsx';
import { rowAt, useRows } from './rows-store.ts';
import { SEARCH_INPUT_ID } from './search-box.tsx';
import { currentIndex, useSelection } from './selection-store.ts';
import { useUi, type DialogKind } from './ui-store.ts';

const DIALOG_KEYS: Record<string, DialogKind> = { r: 'reject', f: 'forward', s: 'status', i: 'incubate' };

function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable) return true;
  return target instanceof HTMLInputElement || target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement;
}

function moveSelection(delta: number): void {
  const { pages, total, ensureRange } = useRows.getState();
  if (!total) return;
  const { selectedId, selectedIndex, select } = useSelection.getState();
  const current = rowAt(pages, selectedIndex)?.id === selectedId ? selectedIndex : currentIndex(pages, selectedId, selectedIndex);
  const next = current < 0 ? 0 : Math.min(total - 1, Math.max(0, current + delta));
  const row = rowAt(pages, next);
  if (row) select(next, row.id);
  else ensureRange(next, next);
}

function focusById(id: string): void {
  const element = document.getElementById(id);
  if (element instanceof HTMLInputElement || element instanceof HTMLTextAreaElement) {
    element.focus();
    element.select();
  }
}

/** The lead box's single-key shortcuts; they stay out of the way while the rep types. */
export function useShortcuts(): void {
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey) return;
      if (isTyping(event.target)) return;
      const ui = useUi.getState();
      if (ui.dialog !== null) return;
      if (event.key === 'Escape') {
        if (ui.helpOpen) ui.toggleHelp(false);
        return;
      }
      const handled = run(event.key);
      if (handled) event.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
}

function run(key: string): boolean {
  switch (key) {
    case 'j':
      moveSelection(1);
      return true;
    case 'k':
      moveSelection(-1);
      return true;
    case 'a':
      void acceptSelected();
      return true;
    case '/':
      focusById(SEARCH_INPUT_ID);
      return true;
    case 'n':
      focusById(NOTE_INPUT_ID);
      return true;
    case '?':
      useUi.getState().toggleHelp();
      return true;
    default: {
      const dialog = DIALOG_KEYS[key];
      if (!dialog) return false;
      openDialog(dialog);
      return true;
    }
  }
}
