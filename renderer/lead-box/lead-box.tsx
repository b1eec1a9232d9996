import { useEffect } from 'react';
import { DialogHost } from './dialogs/dialog-host.tsx';
import { refreshBoxStatus } from './facets-store.ts';
import { FilterBar } from './filter-bar.tsx';
import { Header } from './header.tsx';
import { KeyboardHelp } from './keyboard-help.tsx';
import { LeadDetailPane } from './lead-detail.tsx';
import { LeadList } from './lead-list.tsx';
import { SearchBox } from './search-box.tsx';
import { useLiveUpdates } from './use-live-updates.ts';
import { useShortcuts } from './use-shortcuts.ts';

/** The rep's main screen: search and filters on top, the list, and the selected lead beside it. */
export function LeadBox() {
  useLiveUpdates();
  useShortcuts();
  useEffect(() => refreshBoxStatus(), []);
  return (
    <div className="lead-box">
      <Header search={<SearchBox />} help={<KeyboardHelp />} />
      <FilterBar />
      <main className="lead-box__main">
        <section className="list-pane" aria-label="Lead list">
          <LeadList />
        </section>
        <LeadDetailPane />
      </main>
      <DialogHost />
    </div>
  );
}
