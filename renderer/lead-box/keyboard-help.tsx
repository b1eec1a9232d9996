import { useCallback, useRef } from 'react';
import { usePointerOutside } from '../ui/use-pointer-outside.ts';
import { SHORTCUTS } from './shortcuts.ts';
import { useUi } from './ui-store.ts';

/** The "?" button and its popover listing every shortcut. */
export function KeyboardHelp() {
  const open = useUi((s) => s.helpOpen);
  const toggle = useUi((s) => s.toggleHelp);
  const root = useRef<HTMLDivElement>(null);

  const close = useCallback(() => toggle(false), [toggle]);
  usePointerOutside(root, open, close);

  return (
    <div className="help" ref={root}>
      <button
        type="button"
        className="icon-button"
        aria-label="Keyboard shortcuts"
        aria-expanded={open}
        aria-keyshortcuts="?"
        onClick={() => toggle()}
      >
        ?
      </button>
      {open && (
        <div className="help__popover" role="dialog" aria-label="Keyboard shortcuts">
          <h2 className="help__title">Keyboard shortcuts</h2>
          <dl className="help__list">
            {SHORTCUTS.map(({ keys, label }) => (
              <div className="help__row" key={label}>
                <dt>
                  {keys.map((key) => (
                    <kbd key={key}>{key}</kbd>
                  ))}
                </dt>
                <dd>{label}</dd>
              </div>
            ))}
          </dl>
          <p className="help__note">Shortcuts pause while you type in a field.</p>
        </div>
      )}
    </div>
  );
}
