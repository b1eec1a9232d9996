import { describe, expect, it } from 'vitest';
import {
  DEFAULT_NOTIFICATION_PREFERENCES,
  EVENT_NAMES,
  mergeNotificationPreferences,
  NOTIFICATION_KINDS,
  type EventName,
  type NotificationPreferences,
} from '../../../core/contract/index.ts';
import { isNotifiedEvent, shouldNotify } from '../../../main/services/notification-preferences.ts';

const KIND_EVENTS: Array<[EventName, keyof NotificationPreferences['kinds']]> = [
  ['lead.offered', 'offered'],
  ['lead.notice', 'notice'],
  ['lead.rerouted', 'leftBox'],
  ['sync.rejected', 'refused'],
];

const only = (kind: keyof NotificationPreferences['kinds']): NotificationPreferences => ({
  enabled: true,
  kinds: Object.fromEntries(NOTIFICATION_KINDS.map((k) => [k, k === kind])) as NotificationPreferences['kinds'],
});

describe('shouldNotify', () => {
  it('by default notifies of offers, rule notices and refused changes, not of leads leaving the box', () => {
    const decided = Object.fromEntries(KIND_EVENTS.map(([event]) => [event, shouldNotify(event, DEFAULT_NOTIFICATION_PREFERENCES)]));
    expect(decided).toEqual({ 'lead.offered': true, 'lead.notice': true, 'lead.rerouted': false, 'sync.rejected': true });
  });

  it('follows each kind on its own', () => {
    for (const [chosen] of KIND_EVENTS) {
      const preferences = only(KIND_EVENTS.find(([event]) => event === chosen)![1]);
      const notified = KIND_EVENTS.filter(([event]) => shouldNotify(event, preferences)).map(([event]) => event);
      expect(notified).toEqual([chosen]);
    }
  });

  it('is silent for everything when the master switch is off, whatever the kinds say', () => {
    const off = mergeNotificationPreferences(DEFAULT_NOTIFICATION_PREFERENCES, { enabled: false, kinds: { leftBox: true } });
    expect(KIND_EVENTS.filter(([event]) => shouldNotify(event, off))).toEqual([]);
  });

  it('never notifies of events that are not offered as a choice', () => {
    const all = mergeNotificationPreferences(DEFAULT_NOTIFICATION_PREFERENCES, { kinds: { offered: true, notice: true, leftBox: true, refused: true } });
    const others = EVENT_NAMES.filter((event) => !KIND_EVENTS.some(([notified]) => notified === event));
    expect(others).toContain('prospect.event');
    for (const event of others) {
      expect(isNotifiedEvent(event)).toBe(false);
      expect(shouldNotify(event, all)).toBe(false);
    }
  });
});

describe('mergeNotificationPreferences', () => {
  it('changes only what the change names', () => {
    expect(mergeNotificationPreferences(DEFAULT_NOTIFICATION_PREFERENCES, { kinds: { leftBox: true } })).toEqual({
      enabled: true,
      kinds: { offered: true, notice: true, leftBox: true, refused: true },
    });
    expect(mergeNotificationPreferences(DEFAULT_NOTIFICATION_PREFERENCES, { enabled: false })).toEqual({ ...DEFAULT_NOTIFICATION_PREFERENCES, enabled: false });
    expect(mergeNotificationPreferences(DEFAULT_NOTIFICATION_PREFERENCES, {})).toEqual(DEFAULT_NOTIFICATION_PREFERENCES);
  });

  it('leaves the defaults untouched', () => {
    mergeNotificationPreferences(DEFAULT_NOTIFICATION_PREFERENCES, { enabled: false, kinds: { offered: false } });
    expect(DEFAULT_NOTIFICATION_PREFERENCES).toEqual({ enabled: true, kinds: { offered: true, notice: true, leftBox: false, refused: true } });
  });
});
