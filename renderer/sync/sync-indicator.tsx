import '../styles/sync.css';
import { useEffect, useState } from 'react';
import { ConnectDialog } from './connect-dialog.tsx';
import { NeedsAttention } from './needs-attention.tsx';
import { useSync } from './sync-store.ts';

const LABEL = { online: 'Online', syncing: 'Syncing…', offline: 'Offline', error: 'Sync error', disconnected: 'Not connected' } as const;

function since(at: number | null): string {
  return at === null ? 'never synced' : `last synced ${new Date(at).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' })}`;
}

/** The header's sync state: online / syncing / offline / error with the last good sync; opens connect and needs-attention. */
export function SyncIndicator() {
  const { status, attention, load, syncNow, disconnect } = useSync();
  const [open, setOpen] = useState<'menu' | 'connect' | null>(null);
  useEffect(() => void load(), [load]);
  if (!status) return null;
  const title = `${LABEL[status.state]}, ${since(status.lastSyncAt)}${status.message ? `: ${status.message}` : ''}`;
  return (
    <div className="sync">
      <button type="button" className={`sync__state sync__state--${status.state}`} title={title} aria-label={title} aria-expanded={open === 'menu'} onClick={() => setOpen(open ? null : status.account ? 'menu' : 'connect')}>
        <span className="sync__dot" aria-hidden="true" />
        {LABEL[status.state]}
        {attention.length > 0 && <span className="sync__attention">{attention.length} need attention</span>}
      </button>
      {open === 'connect' && <ConnectDialog onClose={() => setOpen(null)} />}
      {open === 'menu' && (
        <div className="sync__menu" role="dialog" aria-label="Sync">
          <p>
            {status.account?.userName} on {status.account?.serverUrl} — {since(status.lastSyncAt)}
            {status.message && <span className="muted"> ({status.message})</span>}
          </p>
          <div className="sync__actions">
            <button type="button" className="button" onClick={() => void syncNow()}>Sync now</button>
            <button type="button" className="button" onClick={() => void disconnect().then(() => setOpen(null))}>Disconnect</button>
          </div>
          {(status.keptLocally ?? 0) > 0 && (
            <p className="muted">{status.keptLocally} rule change{status.keptLocally === 1 ? '' : 's'} kept locally; the server does not accept rule changes yet.</p>
          )}
          <NeedsAttention />
        </div>
      )}
    </div>
  );
}
