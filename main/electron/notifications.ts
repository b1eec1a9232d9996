import { Notification, type BrowserWindow } from 'electron';
import type { LeadDetail } from '../../core/contract/index.ts';
import type { Dispatch } from '../services/dispatch.ts';
import type { EventHub } from '../services/events.ts';
import { offerNotice, ruleNotice, type Notice } from './offer-notice.ts';

/**
 * Shows a desktop notification for every new offer ('lead.offered') and every rule notice from
 * the server ('lead.notice'); clicking one brings the window forward.
 */
export function notifyOffers(window: BrowserWindow, events: EventHub, dispatch: Dispatch): () => void {
  if (!Notification.isSupported()) return () => {};
  return events.subscribe((name, payload) => {
    if (name !== 'lead.offered' && name !== 'lead.notice') return;
    const { leadId } = payload as { leadId: string };
    const notice = (lead: LeadDetail['lead'] | null): Notice =>
      name === 'lead.offered' ? offerNotice(lead, (payload as { expiresAt: number | null }).expiresAt, Date.now()) : ruleNotice(lead, (payload as { title: string }).title);
    void dispatch('leads.get', { id: leadId })
      .then((detail) => (detail as LeadDetail).lead, () => null)
      .then((lead) => {
        const notification = new Notification({ ...notice(lead), silent: false });
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
