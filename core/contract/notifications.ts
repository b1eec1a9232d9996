import { z } from 'zod';

/**
 * Which live events raise a desktop notification on this workstation (docs/sync.md, "Live
 * events"). Kept per workstation, never synced: a rep may want offers on the laptop and
 * silence on the office desktop.
 */
export const NOTIFICATION_KINDS = ['offered', 'notice', 'leftBox', 'refused'] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

export interface NotificationPreferences {
  /** The master switch: off silences every kind without forgetting the choices. */
  enabled: boolean;
  kinds: Record<NotificationKind, boolean>;
}

export const DEFAULT_NOTIFICATION_PREFERENCES: NotificationPreferences = {
  enabled: true,
  kinds: { offered: true, notice: true, leftBox: false, refused: true },
};

const kindShape = {
  offered: z.boolean().optional(),
  notice: z.boolean().optional(),
  leftBox: z.boolean().optional(),
  refused: z.boolean().optional(),
} satisfies Record<NotificationKind, z.ZodOptional<z.ZodBoolean>>;

/** A change to some of the choices; what it leaves out stays as it was. */
export const NotificationPreferencesInput = z.object({
  enabled: z.boolean().optional(),
  kinds: z.object(kindShape).strict().optional(),
}).strict();
export type NotificationPreferencesInput = z.infer<typeof NotificationPreferencesInput>;

/**
 * What the store holds, read leniently: a kind added in a later version is simply absent
 * from older data and takes its default, and one removed since is ignored.
 */
export const StoredNotificationPreferences = z.object({
  enabled: z.boolean().optional(),
  kinds: z.object(kindShape).optional(),
});

export function mergeNotificationPreferences(base: NotificationPreferences, change: NotificationPreferencesInput): NotificationPreferences {
  const kinds = { ...base.kinds };
  for (const kind of NOTIFICATION_KINDS) {
    const value = change.kinds?.[kind];
    if (value !== undefined) kinds[kind] = value;
  }
  return { enabled: change.enabled ?? base.enabled, kinds };
}
