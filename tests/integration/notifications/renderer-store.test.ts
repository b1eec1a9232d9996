import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CallError } from '../../../core/contract/errors.ts';
import { MemorySecretStore } from '../../../main/services/secrets.ts';
import { startWorkstation, type Workstation } from '../../../main/services/workstation.ts';
import { useNotificationPreferences } from '../../../renderer/notifications/notification-store.ts';

// The renderer's store over the real services, as the Electron preload would hand them over.

let ws: Workstation;
let dataDir: string;
let open = false;

beforeEach(() => {
  dataDir = mkdtempSync(join(tmpdir(), 'leadrelay-notify-ui-'));
  ws = startWorkstation({ dataDir, secrets: new MemorySecretStore() });
  open = true;
  const bridge = {
    invoke: (name: string, input: unknown) => ws.dispatch(name, input).catch((error: unknown) => {
      throw error instanceof CallError ? new Error(JSON.stringify(error.toBody())) : error;
    }),
    on: () => () => {},
  };
  Object.assign(globalThis, { window: { leadrelay: bridge } });
  useNotificationPreferences.setState({ preferences: null, save: 'idle', error: null });
});

afterEach(() => {
  if (open) ws.close();
  rmSync(dataDir, { recursive: true, force: true });
  Reflect.deleteProperty(globalThis, 'window');
});

describe('the Notifications panel store', () => {
  it('loads the choices, shows a change at once, and confirms it as saved', async () => {
    const store = useNotificationPreferences;
    await store.getState().load();
    expect(store.getState().preferences?.kinds.leftBox).toBe(false);

    const saving = store.getState().change({ kinds: { leftBox: true } });
    expect(store.getState()).toMatchObject({ save: 'saving', preferences: { kinds: { leftBox: true } } });
    await saving;
    expect(store.getState()).toMatchObject({ save: 'saved', error: null, preferences: { enabled: true, kinds: { leftBox: true } } });
    expect(await ws.dispatch('notifications.preferences', {})).toMatchObject({ kinds: { leftBox: true } });
  });

  it('puts the last saved choice back and shows the error when a save fails', async () => {
    const store = useNotificationPreferences;
    await store.getState().load();
    ws.close();
    open = false;
    await store.getState().change({ enabled: false });
    expect(store.getState()).toMatchObject({ save: 'failed', preferences: { enabled: true } });
    expect(store.getState().error).toBeInstanceOf(CallError);
    expect(store.getState().error?.code).toBe('internal');
  });
});
