import { allowedActions } from '../../core/lead/lifecycle.ts';
import type { Lead } from '../../core/lead/lead.ts';
import { acceptSelected, canOpen, openDialog } from './lead-commands.ts';
import { useUi, type DialogKind } from './ui-store.ts';

const DIALOG_BUTTONS: { dialog: DialogKind; label: string; key: string }[] = [
  { dialog: 'reject', label: 'Reject…', key: 'r' },
  { dialog: 'forward', label: 'Forward…', key: 'f' },
  { dialog: 'status', label: 'Set status…', key: 's' },
  { dialog: 'incubate', label: 'Incubate…', key: 'i' },
];

export function ActionBar({ lead }: { lead: Lead }) {
  const notice = useUi((s) => s.notice);
  const shown = notice && notice.leadId === lead.id ? notice : null;
  return (
    <div className="action-bar">
      <div className="action-bar__buttons" role="toolbar" aria-label="Lead actions">
        <button
          type="button"
          className="button button--primary"
          disabled={!allowedActions(lead).includes('accept')}
          aria-keyshortcuts="a"
          onClick={() => void acceptSelected()}
        >
          Accept
        </button>
        {DIALOG_BUTTONS.map(({ dialog, label, key }) => (
          <button
            key={dialog}
            type="button"
            className="button"
            disabled={!canOpen(lead, dialog)}
            aria-keyshortcuts={key}
            onClick={() => openDialog(dialog)}
          >
            {label}
          </button>
        ))}
      </div>
      {shown && (
        <p className={`notice notice--${shown.tone}`} role={shown.tone === 'error' ? 'alert' : 'status'}>
          {shown.text}
        </p>
      )}
    </div>
  );
}
