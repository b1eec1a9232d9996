import '../styles/notifications.css';
import { useCallback, useEffect, useId, useRef, useState, type KeyboardEvent } from 'react';
import type { NotificationKind } from '../../core/contract/index.ts';
import { readableMessage } from '../ui/field-error.tsx';
import { usePointerOutside } from '../ui/use-pointer-outside.ts';
import { useNotificationPreferences, type SaveState } from './notification-store.ts';

const KINDS: Array<{ kind: NotificationKind; label: string; hint?: string }> = [
  { kind: 'offered', label: 'A lead is offered to me' },
  { kind: 'notice', label: 'A rule asks to tell me about a lead' },
  { kind: 'leftBox', label: 'A lead leaves my box', hint: 'The offer was withdrawn, someone else took the lead, or it was re-routed.' },
  { kind: 'refused', label: 'A change of mine was refused by the server', hint: 'It waits under "Needs attention" in the sync menu.' },
];

/** The header's "Notifications" button and its panel: which live events raise a desktop notification here. */
export function NotificationsMenu() {
  const [open, setOpen] = useState(false);
  const root = useRef<HTMLDivElement>(null);
  const button = useRef<HTMLButtonElement>(null);

  const close = useCallback(() => setOpen(false), []);
  usePointerOutside(root, open, close);

  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key !== 'Escape') return;
    event.preventDefault();
    setOpen(false);
    button.current?.focus();
  };

  return (
    <div className="notify" ref={root}>
      <button ref={button} type="button" className="button button--small" aria-expanded={open} onClick={() => setOpen(!open)}>
        Notifications
      </button>
      {open && (
        <div className="notify__panel" role="dialog" aria-label="Notifications" onKeyDown={onKeyDown}>
          <NotificationPreferencesForm />
        </div>
      )}
    </div>
  );
}

function NotificationPreferencesForm() {
  const { preferences, save, error, load, change } = useNotificationPreferences();
  const ids = useId();
  const offId = `${ids}-off`;
  const master = useRef<HTMLInputElement>(null);
  const ready = preferences !== null;
  useEffect(() => void load(), [load]);
  // Keyboard users land on the first choice as soon as there is one.
  useEffect(() => {
    if (ready) master.current?.focus();
  }, [ready]);

  if (!preferences) {
    return error ? <p className="form-error" role="alert">Notification settings could not be read: {readableMessage(error)}</p> : <p className="muted">Loading…</p>;
  }
  return (
    <form className="notify__form" onSubmit={(event) => event.preventDefault()}>
      <h2 className="notify__title">Desktop notifications</h2>
      <label className="notify__option notify__option--master">
        <input ref={master} type="checkbox" checked={preferences.enabled} onChange={(event) => void change({ enabled: event.target.checked })} />
        <span>Desktop notifications on</span>
      </label>
      <fieldset className="notify__kinds" disabled={!preferences.enabled} aria-describedby={preferences.enabled ? undefined : offId}>
        <legend>Notify me when</legend>
        {KINDS.map(({ kind, label, hint }) => (
          <div key={kind} className="notify__option">
            <input
              id={`${ids}-${kind}`}
              type="checkbox"
              checked={preferences.kinds[kind]}
              aria-describedby={hint ? `${ids}-${kind}-hint` : undefined}
              onChange={(event) => void change({ kinds: { [kind]: event.target.checked } })}
            />
            <div>
              <label htmlFor={`${ids}-${kind}`}>{label}</label>
              {hint && (
                <span id={`${ids}-${kind}-hint`} className="notify__hint">
                  {hint}
                </span>
              )}
            </div>
          </div>
        ))}
        {!preferences.enabled && (
          <p id={offId} className="notify__hint">
            Notifications are off; your choices are kept for when you turn them on.
          </p>
        )}
      </fieldset>
      <p className="notify__footer">
        <span className="muted">Kept on this computer only.</span>
        <SaveStatus save={save} />
      </p>
      {save === 'failed' && error && (
        <p className="form-error" role="alert">
          Not saved: {readableMessage(error)}
        </p>
      )}
    </form>
  );
}

function SaveStatus({ save }: { save: SaveState }) {
  const text = save === 'saving' ? 'Saving…' : save === 'saved' ? 'Saved' : '';
  return (
    <span className={`notify__status${save === 'saved' ? ' notify__status--saved' : ''}`} role="status">
      {text}
    </span>
  );
}
