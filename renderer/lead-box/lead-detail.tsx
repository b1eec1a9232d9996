import { useEffect } from 'react';
import type { LeadDetail } from '../../core/contract/index.ts';
import { displayName } from '../../core/lead/lead.ts';
import { StatePanel } from '../ui/state-panel.tsx';
import { readableMessage } from '../ui/field-error.tsx';
import { ActionBar } from './action-bar.tsx';
import { useColleagues } from './colleagues-store.ts';
import { DetailFields } from './detail-fields.tsx';
import { HistoryTimeline } from './history-timeline.tsx';
import { NotesPanel } from './notes-panel.tsx';
import { OfferCountdown, PriorityBadge, StatusPill } from './pills.tsx';
import { useSelection } from './selection-store.ts';

/** The right-hand pane: the selected lead in full, or why there is nothing to show. */
export function LeadDetailPane() {
  const selectedId = useSelection((s) => s.selectedId);
  const detail = useSelection((s) => s.detail);
  const error = useSelection((s) => s.detailError);
  const reload = useSelection((s) => s.reloadDetail);
  const loadColleagues = useColleagues((s) => s.load);

  useEffect(() => {
    void loadColleagues();
  }, [loadColleagues]);

  let content;
  if (selectedId === null) {
    content = (
      <StatePanel title="No lead selected">
        <p>
          Pick a lead from the list, or press <kbd>j</kbd> to start at the top.
        </p>
      </StatePanel>
    );
  } else if (error && !detail) {
    content = (
      <StatePanel title="This lead could not be opened" tone="error" action={{ label: 'Try again', onClick: () => void reload() }}>
        <p>{readableMessage(error)}</p>
      </StatePanel>
    );
  } else if (!detail) {
    content = <StatePanel title="Opening lead…" busy />;
  } else {
    content = <DetailView key={detail.lead.id} detail={detail} />;
  }
  return (
    <aside className="detail-pane" aria-label="Lead details">
      {content}
    </aside>
  );
}

function DetailView({ detail }: { detail: LeadDetail }) {
  const { lead, history, notes } = detail;
  const withheldName = lead.withheld.includes('lastName');
  return (
    <article className="detail" aria-labelledby="detail-title">
      <header className="detail__header">
        <h2 id="detail-title" className="detail__title">
          {displayName(lead.contact)}
          {withheldName && <span className="detail__withheld-name"> (last name withheld)</span>}
        </h2>
        <p className="detail__subtitle">
          {[lead.contact.title, lead.contact.company].filter(Boolean).join(' · ') || 'No company given'}
        </p>
        <div className="detail__badges">
          <StatusPill status={lead.status} />
          <PriorityBadge priority={lead.priority} score={lead.score} />
          <OfferCountdown lead={lead} prefix="Answer within " />
        </div>
      </header>
      <ActionBar lead={lead} />
      <div className="detail__body">
        <DetailFields lead={lead} />
        <NotesPanel leadId={lead.id} notes={notes} />
        <HistoryTimeline history={history} />
      </div>
    </article>
  );
}
