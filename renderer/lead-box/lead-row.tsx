import { memo } from 'react';
import type { LeadRow } from '../../core/contract/index.ts';
import { formatAge, formatDateTime } from './format.ts';
import { OfferCountdown, PriorityBadge, StatusPill } from './pills.tsx';

export const ROW_HEIGHT = 34;

export const rowDomId = (id: string) => `lead-row-${id}`;

const rowStyle = (start: number) => ({ transform: `translateY(${start}px)`, height: ROW_HEIGHT });

export const LeadRowView = memo(function LeadRowView(props: {
  row: LeadRow;
  index: number;
  selected: boolean;
  /** Offset from the top of the list; a number, so memo skips rows that did not move. */
  start: number;
  onSelect: (index: number, id: string) => void;
}) {
  const { row, index, selected, start, onSelect } = props;
  return (
    <div
      role="row"
      id={rowDomId(row.id)}
      aria-rowindex={index + 2}
      aria-selected={selected}
      aria-label={row.company ? `${row.name}, ${row.company}` : row.name}
      className={`grid-row${selected ? ' grid-row--selected' : ''}${row.status === 'offered' ? ' grid-row--offer' : ''}`}
      style={rowStyle(start)}
      onClick={() => onSelect(index, row.id)}
    >
      <div role="gridcell" className="cell cell--name">
        {row.name}
      </div>
      <div role="gridcell" className="cell cell--company">
        {row.company ?? <span className="muted">—</span>}
      </div>
      <div role="gridcell" className="cell cell--priority">
        <PriorityBadge priority={row.priority} score={row.score} />
      </div>
      <div role="gridcell" className="cell cell--status">
        <StatusPill status={row.status} />
      </div>
      <div role="gridcell" className="cell cell--source">
        {row.source ?? <span className="muted">—</span>}
      </div>
      <div role="gridcell" className="cell cell--campaign">
        {row.campaign ?? <span className="muted">—</span>}
      </div>
      <div role="gridcell" className="cell cell--age" title={formatDateTime(row.createdAt)}>
        {formatAge(row.createdAt, Date.now())}
      </div>
      <div role="gridcell" className="cell cell--offer">
        <OfferCountdown lead={row} />
      </div>
    </div>
  );
});

export function PlaceholderRow({ index, start }: { index: number; start: number }) {
  return (
    <div role="row" aria-rowindex={index + 2} aria-busy="true" aria-label="Loading" className="grid-row grid-row--placeholder" style={rowStyle(start)}>
      <div role="gridcell" className="cell cell--name">
        <span className="skeleton" />
      </div>
      <div role="gridcell" className="cell cell--company">
        <span className="skeleton skeleton--short" />
      </div>
    </div>
  );
}
