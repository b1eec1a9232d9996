import { useEffect } from 'react';
import { api } from '../api/client.ts';
import { useWorkspace } from '../state/workspace-store.ts';
import { applyChangedLead } from './actions.ts';
import { refreshBoxStatus } from './facets-store.ts';
import { useRows } from './rows-store.ts';
import { useSelection } from './selection-store.ts';

/** Coalesces bursts of pushed events (a sync can change hundreds of leads) into one refresh. */
function debounced(run: () => void, ms: number): () => void {
  let timer: ReturnType<typeof setTimeout> | null = null;
  return () => {
    if (timer !== null) clearTimeout(timer);
    timer = setTimeout(() => {
      timer = null;
      run();
    }, ms);
  };
}

export function useLiveUpdates(): void {
  useEffect(() => {
    const refreshCounts = debounced(refreshBoxStatus, 250);
    const refreshList = debounced(() => void useRows.getState().refresh(), 400);
    const refreshDetail = debounced(() => void useSelection.getState().reloadDetail(), 250);
    const unsubscribe = [
      api.on('lead.changed', ({ lead, cause }) => {
        applyChangedLead(lead);
        if (useSelection.getState().selectedId === lead.id) refreshDetail();
        if (cause === 'sync') refreshList();
        refreshCounts();
      }),
      api.on('lead.offered', () => {
        refreshList();
        refreshCounts();
      }),
      api.on('lead.rerouted', () => {
        refreshList();
        refreshCounts();
      }),
      // The stream was away (or is new): what it would have said is unknown, so ask again, at
      // once: it is one event, not a burst, and a reload 400 ms after the page opened could
      // land after the rep's first action and take its lead out of a filtered list.
      api.on('events.resumed', () => {
        void useRows.getState().refresh();
        refreshBoxStatus();
        if (useSelection.getState().selectedId !== null) void useSelection.getState().reloadDetail();
      }),
      api.on('workspace.changed', (info) => {
        useWorkspace.getState().setInfo(info);
        useSelection.getState().clear();
        refreshList();
        refreshCounts();
      }),
    ];
    return () => unsubscribe.forEach((off) => off());
  }, []);
}
