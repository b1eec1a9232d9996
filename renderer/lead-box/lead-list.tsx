import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useLayoutEffect, useRef } from 'react';
import { ListHeader } from './list-header.tsx';
import { ListState } from './list-state.tsx';
import { LeadRowView, PlaceholderRow, ROW_HEIGHT, rowDomId } from './lead-row.tsx';
import { COLUMNS } from './columns.ts';
import { markFirstRows } from './first-rows-mark.ts';
import { useQuery } from './query-store.ts';
import { rowAt, useRows } from './rows-store.ts';
import { useSelection } from './selection-store.ts';

/**
 * The lead box list: a virtualised grid over `total` rows. Only the rows on screen (plus
 * overscan) exist in the DOM, and only their pages are fetched.
 */
export function LeadList() {
  const query = useQuery((s) => s.query);
  const total = useRows((s) => s.total);
  const pages = useRows((s) => s.pages);
  const reset = useRows((s) => s.reset);
  const ensureRange = useRows((s) => s.ensureRange);
  const selectedId = useSelection((s) => s.selectedId);
  const selectedIndex = useSelection((s) => s.selectedIndex);
  const select = useSelection((s) => s.select);
  const scroller = useRef<HTMLDivElement>(null);

  const virtualizer = useVirtualizer({
    count: total ?? 0,
    getScrollElement: () => scroller.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 15,
    useFlushSync: false,
  });
  const items = virtualizer.getVirtualItems();
  const first = items[0]?.index;
  const last = items[items.length - 1]?.index;

  useEffect(() => {
    reset(query);
    useSelection.getState().detachIndex();
    scroller.current?.scrollTo({ top: 0 });
  }, [query, reset]);

  useEffect(() => {
    if (first !== undefined && last !== undefined) ensureRange(first, last);
  }, [first, last, ensureRange]);

  useEffect(() => {
    if (selectedIndex >= 0) virtualizer.scrollToIndex(selectedIndex, { align: 'auto' });
  }, [selectedIndex, virtualizer]);

  const hasRows = first !== undefined && rowAt(pages, first) !== undefined;
  useLayoutEffect(() => {
    if (hasRows) markFirstRows();
  }, [hasRows]);

  const selectedRendered = selectedId !== null && items.some((item) => rowAt(pages, item.index)?.id === selectedId);

  return (
    <div
      role="grid"
      aria-label="Leads"
      aria-rowcount={(total ?? 0) + 1}
      aria-colcount={COLUMNS.length}
      aria-busy={total === null}
      aria-activedescendant={selectedRendered ? rowDomId(selectedId) : undefined}
      className="lead-grid"
      tabIndex={0}
    >
      <ListHeader />
      <div className="grid-scroll" ref={scroller}>
        {total !== null && total > 0 && (
          <div role="rowgroup" className="grid-body" style={{ height: virtualizer.getTotalSize() }}>
            {items.map((item) => {
              const row = rowAt(pages, item.index);
              return row ? (
                <LeadRowView key={item.key} row={row} index={item.index} selected={row.id === selectedId} start={item.start} onSelect={select} />
              ) : (
                <PlaceholderRow key={item.key} index={item.index} start={item.start} />
              );
            })}
          </div>
        )}
        <ListState />
      </div>
    </div>
  );
}
