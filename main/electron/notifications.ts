import { Notification, type BrowserWindow } from 'electron';
import type { LeadDetail, NotificationPreferences } from '../../core/contract/index.ts';
import type { Dispatch } from '../services/dispatch.ts';
import type { EventHub } from '../services/events.ts';
import { isNotifiedEvent, shouldNotify } from '../services/notification-preferences.ts';
import { createNoticeBursts } from './notice-bursts.ts';
import { burstNotice, leadIdOf, type NotifiedEvent } from './offer-notice.ts';

/**
 * Shows a desktop notification for the live events the rep chose in Notifications (new
 * offers, rule notices, leads leaving the box, refused changes); clicking one brings the
 * window forward. Events of one kind that come together are counted in one notification
 * (notice-bursts.ts). The choice is read for each, so a change applies to the next one.
 */
export function notifyOffers(window: BrowserWindow, events: EventHub, dispatch: Dispatch): () => void {
  if (!Notification.isSupported()) return () => {};
  const show = async (burst: NotifiedEvent[]) => {
    const [first] = burst;
    if (!first) return;
    const preferences = (await dispatch('notifications.preferences', {})) as NotificationPreferences;
    if (!shouldNotify(first.name, preferences)) return;
    const leadId = burst.length === 1 ? leadIdOf(first) : null;
    const lead = leadId === null ? null : await dispatch('leads.get', { id: leadId }).then((detail) => (detail as LeadDetail).lead, () => null);
    const notification = new Notification({ ...burstNotice(burst, lead, Date.now()), silent: false });
    notification.on('click', () => {
      if (window.isDestroyed()) return;
      if (window.isMinimized()) window.restore();
      window.show();
      window.focus();
    });
    notification.show();
  };
  const bursts = createNoticeBursts(
    (burst) => void show(burst).catch((error: unknown) => console.error(`notification for ${burst[0]?.name ?? 'an event'} failed:`, error)),
    (run, delayMs) => {
      const timer = setTimeout(run, delayMs);
      return () => clearTimeout(timer);
    },
  );
  const unsubscribe = events.subscribe((name, payload) => {
    if (isNotifiedEvent(name)) bursts.add({ name, payload } as NotifiedEvent);
  });
  return () => {
    unsubscribe();
    bursts.stop();
  };
}
