import { ariaSort, COLUMNS } from './columns.ts';
import { useQuery } from './query-store.ts';

export function ListHeader() {
  const sort = useQuery((s) => s.query.sort);
  const direction = useQuery((s) => s.query.direction);
  const sortBy = useQuery((s) => s.sortBy);
  return (
    <div role="rowgroup" className="grid-head">
      <div role="row" aria-rowindex={1} className="grid-row grid-row--head">
        {COLUMNS.map((column) => {
          const state = ariaSort(column, sort, direction);
          return (
            <div role="columnheader" aria-sort={state} className={`cell cell--${column.key}`} key={column.key}>
              <button type="button" className="sort-button" onClick={() => sortBy(column.sort, column.natural)}>
                {column.label}
                <span className={`sort-button__arrow sort-button__arrow--${state}`} aria-hidden="true" />
              </button>
            </div>
          );
        })}
      </div>
    </div>
  );
}
