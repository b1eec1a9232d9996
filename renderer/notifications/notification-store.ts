import { create } from 'zustand';
import { mergeNotificationPreferences, type NotificationPreferences, type NotificationPreferencesInput } from '../../core/contract/index.ts';
import type { CallError } from '../../core/contract/errors.ts';
import { api } from '../api/client.ts';

export type SaveState = 'idle' | 'saving' | 'saved' | 'failed';

interface NotificationStoreState {
  /** As last confirmed by the services, with a change in flight shown at once. */
  preferences: NotificationPreferences | null;
  save: SaveState;
  error: CallError | null;
  load(): Promise<void>;
  change(change: NotificationPreferencesInput): Promise<void>;
}

/** The rep's desktop notification choices; each change is saved as it is made. */
export const useNotificationPreferences = create<NotificationStoreState>()((set, get) => {
  let confirmed: NotificationPreferences | null = null;
  // Answers can overtake each other when boxes are ticked quickly; only the latest one counts.
  let writes = 0;
  return {
    preferences: null,
    save: 'idle',
    error: null,
    async load() {
      try {
        confirmed = await api.call('notifications.preferences', {});
        set({ preferences: confirmed, error: null, save: 'idle' });
      } catch (error) {
        set({ error: error as CallError, save: 'failed' });
      }
    },
    async change(change) {
      const shown = get().preferences;
      if (!shown) return;
      const write = ++writes;
      set({ preferences: mergeNotificationPreferences(shown, change), save: 'saving', error: null });
      try {
        const saved = await api.call('notifications.setPreferences', change);
        confirmed = saved;
        if (write === writes) set({ preferences: saved, save: 'saved' });
      } catch (error) {
        if (write === writes) set({ preferences: confirmed, save: 'failed', error: error as CallError });
      }
    },
  };
});
