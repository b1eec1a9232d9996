import { useCallback, useEffect, useId, useRef, useState } from 'react';
import { usePointerOutside } from './use-pointer-outside.ts';

export interface Option {
  value: string;
  label: string;
  count: number;
}

/** A filter-bar dropdown of checkboxes with counts; closes on Escape or a click outside. */
export function MultiSelect(props: { label: string; options: Option[]; selected: string[]; onChange: (values: string[]) => void }) {
  const { label, options, selected, onChange } = props;
  const [open, setOpen] = useState(false);
  const root = useRef<HTMLDivElement>(null);
  const button = useRef<HTMLButtonElement>(null);
  const panelId = useId();

  const close = useCallback(() => setOpen(false), []);
  usePointerOutside(root, open, close);

  useEffect(() => {
    if (!open) return;
    const onKey = (event: KeyboardEvent) => {
      if (event.key !== 'Escape') return;
      event.stopPropagation();
      setOpen(false);
      button.current?.focus();
    };
    document.addEventListener('keydown', onKey, true);
    return () => document.removeEventListener('keydown', onKey, true);
  }, [open]);

  const toggle = (value: string) =>
    onChange(selected.includes(value) ? selected.filter((v) => v !== value) : [...selected, value]);

  return (
    <div className="multi-select" ref={root}>
      <button
        ref={button}
        type="button"
        className={`filter-button${selected.length > 0 ? ' filter-button--active' : ''}`}
        aria-label={`${label} filter${selected.length > 0 ? `, ${selected.length} selected` : ''}`}
        aria-expanded={open}
        aria-controls={panelId}
        onClick={() => setOpen((o) => !o)}
      >
        {label}
        {selected.length > 0 && <span className="filter-button__count">{selected.length}</span>}
        <span className="filter-button__caret" aria-hidden="true" />
      </button>
      {open && (
        <div className="multi-select__panel" id={panelId} role="group" aria-label={`Filter by ${label.toLowerCase()}`}>
          {options.length === 0 && <p className="multi-select__empty">No values yet</p>}
          <ul className="multi-select__options">
            {options.map((option) => (
              <li key={option.value}>
                <label className="multi-select__option">
                  <input type="checkbox" checked={selected.includes(option.value)} onChange={() => toggle(option.value)} />
                  <span className="multi-select__label">{option.label}</span>
                  <span className="multi-select__count">{option.count.toLocaleString()}</span>
                </label>
              </li>
            ))}
          </ul>
          {selected.length > 0 && (
            <button type="button" className="link-button multi-select__clear" onClick={() => onChange([])}>
              Clear {label.toLowerCase()}
            </button>
          )}
        </div>
      )}
    </div>
  );
}
