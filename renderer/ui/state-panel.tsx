import type { ReactNode } from 'react';

/** The one look for empty, error and waiting states, so none of them looks accidental. */
export function StatePanel(props: {
  title: string;
  children?: ReactNode;
  tone?: 'neutral' | 'error';
  action?: { label: string; onClick: () => void };
  busy?: boolean;
}) {
  const { title, children, tone = 'neutral', action, busy = false } = props;
  return (
    <div className={`state-panel state-panel--${tone}`} role={tone === 'error' ? 'alert' : 'status'} aria-busy={busy}>
      {busy && <span className="spinner" aria-hidden="true" />}
      <h2 className="state-panel__title">{title}</h2>
      {children && <div className="state-panel__body">{children}</div>}
      {action && (
        <button type="button" className="button" onClick={action.onClick}>
          {action.label}
        </button>
      )}
    </div>
  );
}
