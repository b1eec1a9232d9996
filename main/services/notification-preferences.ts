import {
  DEFAULT_NOTIFICATION_PREFERENCES,
  mergeNotificationPreferences,
  StoredNotificationPreferences,
  type EventName,
  type NotificationKind,
  type NotificationPreferences,
} from '../../core/contract/index.ts';
import type { Handlers } from './dispatch.ts';
import type { Settings } from './store/settings.ts';

export type NotificationCallName = 'notifications.preferences' | 'notifications.setPreferences';

/** A settings key, not a synced table: the choice belongs to this computer (docs/sync.md). */
export const NOTIFICATION_PREFERENCES_KEY = 'notifications.preferences';

/** The live events a rep can be notified of, and the choice that governs each. */
const KIND_OF_EVENT = {
  'lead.offered': 'offered',
  'lead.notice': 'notice',
  'lead.rerouted': 'leftBox',
  'sync.rejected': 'refused',
} as const satisfies Partial<Record<EventName, NotificationKind>>;

export type NotifiedEventName = keyof typeof KIND_OF_EVENT;

export function isNotifiedEvent(event: EventName): event is NotifiedEventName {
  return Object.hasOwn(KIND_OF_EVENT, event);
}

/** Whether this event raises a desktop notification under these preferences. */
export function shouldNotify(event: EventName, preferences: NotificationPreferences): boolean {
  return isNotifiedEvent(event) && preferences.enabled && preferences.kinds[KIND_OF_EVENT[event]];
}

export function readNotificationPreferences(settings: Settings): NotificationPreferences {
  const stored = settings.get(NOTIFICATION_PREFERENCES_KEY, StoredNotificationPreferences) ?? {};
  return mergeNotificationPreferences(DEFAULT_NOTIFICATION_PREFERENCES, stored);
}

export function createNotificationHandlers(settings: Settings): Pick<Handlers, NotificationCallName> {
  return {
    'notifications.preferences': () => readNotificationPreferences(settings),
    'notifications.setPreferences': (change) => {
      const next = mergeNotificationPreferences(readNotificationPreferences(settings), change);
      settings.set(NOTIFICATION_PREFERENCES_KEY, next);
      return next;
    },
  };
}
