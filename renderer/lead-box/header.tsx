import type { ReactNode } from 'react';
import { useWorkspace } from '../state/workspace-store.ts';
import { NotificationsMenu } from '../notifications/notifications-menu.tsx';
import { MainNav } from '../ui/main-nav.tsx';
import { SyncIndicator } from '../sync/sync-indicator.tsx';
import { OutboxIndicator } from './outbox-indicator.tsx';

const MODE_LABEL = { demo: 'Demo workspace', empty: 'Local workspace', connected: 'Connected' } as const;

/** The app bar every main screen shares; each screen brings its own search and help. */
export function Header({ search, help }: { search?: ReactNode; help?: ReactNode }) {
  const info = useWorkspace((s) => s.info);
  return (
    <header className="app-header">
      <div className="brand">
        <span className="brand__mark" aria-hidden="true" />
        <span className="brand__name">LeadRelay</span>
        {info && <span className="brand__mode">{MODE_LABEL[info.mode]}</span>}
      </div>
      <MainNav />
      {search ?? <div className="app-header__spacer" />}
      <div className="app-header__end">
        <SyncIndicator />
        <NotificationsMenu />
        <OutboxIndicator />
        {info && (
          <span className="user" title={`Working as ${info.user.name}`}>
            <span className="user__avatar" aria-hidden="true">
              {initials(info.user.name)}
            </span>
            <span className="user__name">{info.user.name}</span>
          </span>
        )}
        {help}
      </div>
    </header>
  );
}

function initials(name: string): string {
  return name
    .split(/\s+/)
    .filter(Boolean)
    .slice(0, 2)
    .map((part) => part[0]!.toUpperCase())
    .join('');
}
