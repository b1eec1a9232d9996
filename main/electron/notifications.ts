import { Notification, type BrowserWindow } from 'electron';
import type { LeadDetail } from '../../core/contract/index.ts';
import type { Dispatch } from '../services/dispatch.ts';
import type { EventHub } from '../services/events.ts';
import { offerNotice } from './offer-notice.ts';

/** Shows a desktop notification for every 'lead.offered' event; clicking it brings the window forward. */
export function notifyOffers(window: BrowserWindow, events: EventHub, dispatch: Dispatch): () => void {
  if (!Notification.isSupported()) return () => {};
  return events.subscribe((name, payload) => {
    if (name !== 'lead.offered') return;
    const { leadId, expiresAt } = payload as { leadId: string; expiresAt: number | null };
    void dispatch('leads.get', { id: leadId })
      .then((detail) => (detail as LeadDetail).lead, () => null)
      .then((lead) => {
        const notification = new Notification({ ...offerNotice(lead, expiresAt, Date.now()), silent: false });
        notification.on('click', () => {
          if (window.isDestroyed()) return;
          if (window.isMinimized()) window.restore();
          window.show();
          window.focus();
        });
        notification.show();
      });
  });
}
