import { Notification, type BrowserWindow } from 'electron';
import type { LeadDetail, NotificationPreferences } from '../../core/contract/index.ts';
import type { Dispatch } from '../services/dispatch.ts';
import type { EventHub } from '../services/events.ts';
import { isNotifiedEvent, shouldNotify } from '../services/notification-preferences.ts';
import { leadIdOf, noticeFor, type NotifiedEvent } from './offer-notice.ts';

/**
 * Shows a desktop notification for the live events the rep chose in Notifications (new
 * offers, rule notices, leads leaving the box, refused changes); clicking one brings the
 * window forward. The choice is read for each event, so a change applies to the next one.
 */
export function notifyOffers(window: BrowserWindow, events: EventHub, dispatch: Dispatch): () => void {
  if (!Notification.isSupported()) return () => {};
  return events.subscribe((name, payload) => {
    if (!isNotifiedEvent(name)) return;
    const event = { name, payload } as NotifiedEvent;
    void (async () => {
      const preferences = (await dispatch('notifications.preferences', {})) as NotificationPreferences;
      if (!shouldNotify(name, preferences)) return;
      const leadId = leadIdOf(event);
      const lead = leadId === null ? null : await dispatch('leads.get', { id: leadId }).then((detail) => (detail as LeadDetail).lead, () => null);
      const notification = new Notification({ ...noticeFor(event, lead, Date.now()), silent: false });
      notification.on('click', () => {
        if (window.isDestroyed()) return;
        if (window.isMinimized()) window.restore();
        window.show();
        window.focus();
      });
      notification.show();
    })().catch((error: unknown) => console.error(`notification for ${name} failed:`, error));
  });
}
