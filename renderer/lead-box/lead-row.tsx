import { memo, type CSSProperties } from 'react';
import type { LeadRow } from '../../core/contract/index.ts';
import { formatAge } from './format.ts';
import { OfferCountdown, PriorityBadge, StatusPill } from './pills.tsx';

export const ROW_HEIGHT = 34;

export const rowDomId = (id: string) => `lead-row-${id}`;

export const LeadRowView = memo(function LeadRowView(props: {
  row: LeadRow;
  index: number;
  selected: boolean;
  style: CSSProperties;
  onSelect: (index: number, id: string) => void;
}) {
  const { row, index, selected, style, onSelect } = props;
  return (
    <div
      role="row"
      id={rowDomId(row.id)}
      aria-rowindex={index + 2}
      aria-selected={selected}
      aria-label={row.company ? `${row.name}, ${row.company}` : row.name}
      className={`grid-row${selected ? ' grid-row--selected' : ''}${row.status === 'offered' ? ' grid-row--offer' : ''}`}
      style={style}
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
      <div role="gridcell" className="cell cell--age" title={new Date(row.createdAt).toLocaleString()}>
        {formatAge(row.createdAt, Date.now())}
      </div>
      <div role="gridcell" className="cell cell--offer">
        <OfferCountdown lead={row} />
      </div>
    </div>
  );
});

export function PlaceholderRow({ index, style }: { index: number; style: CSSProperties }) {
  return (
    <div role="row" aria-rowindex={index + 2} aria-busy="true" aria-label="Loading" className="grid-row grid-row--placeholder" style={style}>
      <div role="gridcell" className="cell cell--name">
        <span className="skeleton" />
      </div>
      <div role="gridcell" className="cell cell--company">
        <span className="skeleton skeleton--short" />
      </div>
    </div>
  );
}
