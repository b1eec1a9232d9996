import { useEffect, useState } from 'react';
import { useQuery } from './query-store.ts';

export const SEARCH_INPUT_ID = 'lead-search';
const TYPING_PAUSE_MS = 200;

/** Search as you type, sent once the rep pauses so 100k leads are not queried per keystroke. */
export function SearchBox() {
  const search = useQuery((s) => s.query.search);
  const setSearch = useQuery((s) => s.setSearch);
  const [draft, setDraft] = useState(search);
  const [seen, setSeen] = useState(search);

  // "Clear all" empties the search from outside: follow it.
  if (search !== seen) {
    setSeen(search);
    if (search !== draft.trim()) setDraft(search);
  }

  useEffect(() => {
    const timer = setTimeout(() => setSearch(draft.trim()), TYPING_PAUSE_MS);
    return () => clearTimeout(timer);
  }, [draft, setSearch]);

  return (
    <div className="search">
      <span className="search__icon" aria-hidden="true" />
      <input
        id={SEARCH_INPUT_ID}
        className="search__input"
        type="search"
        placeholder="Search name, company, email, notes"
        aria-label="Search leads"
        aria-keyshortcuts="/"
        autoComplete="off"
        spellCheck={false}
        value={draft}
        onChange={(event) => setDraft(event.target.value)}
        onKeyDown={(event) => {
          if (event.key === 'Escape') {
            event.preventDefault();
            event.currentTarget.blur();
          } else if (event.key === 'Enter') {
            setSearch(draft.trim());
          }
        }}
      />
      <kbd className="search__hint" aria-hidden="true">
        /
      </kbd>
    </div>
  );
}
