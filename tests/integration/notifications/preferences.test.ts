import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { NotificationPreferences } from '../../../core/contract/index.ts';
import { CallError } from '../../../core/contract/errors.ts';
import { NOTIFICATION_PREFERENCES_KEY } from '../../../main/services/notification-preferences.ts';
import { MemorySecretStore } from '../../../main/services/secrets.ts';
import { startWorkstation, type Workstation } from '../../../main/services/workstation.ts';

// The calls through the real dispatcher, over a real SQLite store in a temp folder.

const cleanups: Array<() => void> = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0).reverse()) cleanup();
});

function dataDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'leadrelay-notify-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** A workstation on this folder, closed by the test or else after it. */
function open(dir: string): Workstation {
  const ws = startWorkstation({ dataDir: dir, secrets: new MemorySecretStore() });
  const close = ws.close;
  let closed = false;
  ws.close = () => {
    if (closed) return;
    closed = true;
    close();
  };
  cleanups.push(() => ws.close());
  return ws;
}

const preferences = (ws: Workstation) => ws.dispatch('notifications.preferences', {}) as Promise<NotificationPreferences>;
const change = (ws: Workstation, input: unknown) => ws.dispatch('notifications.setPreferences', input) as Promise<NotificationPreferences>;

async function refusal(promise: Promise<unknown>): Promise<CallError> {
  const error = await promise.then(() => null, (caught: unknown) => caught);
  expect(error).toBeInstanceOf(CallError);
  return error as CallError;
}

describe('notification preferences', () => {
  it('start with offers, rule notices and refused changes on, leads leaving the box off', async () => {
    const ws = open(dataDir());
    expect(await preferences(ws)).toEqual({ enabled: true, kinds: { offered: true, notice: true, leftBox: false, refused: true } });
  });

  it('change only what is named, answer the whole choice, and keep it across reopening the store', async () => {
    const dir = dataDir();
    const first = open(dir);
    expect(await change(first, { kinds: { leftBox: true } })).toEqual({ enabled: true, kinds: { offered: true, notice: true, leftBox: true, refused: true } });
    expect(await change(first, { enabled: false, kinds: { notice: false } })).toEqual({ enabled: false, kinds: { offered: true, notice: false, leftBox: true, refused: true } });
    first.close();

    const again = open(dir);
    expect(await preferences(again)).toEqual({ enabled: false, kinds: { offered: true, notice: false, leftBox: true, refused: true } });
    expect(await change(again, { enabled: true })).toMatchObject({ enabled: true, kinds: { notice: false, leftBox: true } });
  });

  it('refuse bad input naming the field, and change nothing', async () => {
    const ws = open(dataDir());
    const notABoolean = await refusal(change(ws, { kinds: { leftBox: 'yes' } }));
    expect(notABoolean).toMatchObject({ code: 'invalid_input', field: 'kinds.leftBox' });
    const unknownKind = await refusal(change(ws, { kinds: { prospectVisit: true } }));
    expect(unknownKind).toMatchObject({ code: 'invalid_input', field: 'kinds' });
    expect(unknownKind.message).toContain('prospectVisit');
    expect(await refusal(change(ws, { enabled: 'off' }))).toMatchObject({ code: 'invalid_input', field: 'enabled' });
    expect(await refusal(change(ws, { quietHours: true }))).toMatchObject({ code: 'invalid_input' });
    expect(await refusal(ws.dispatch('notifications.preferences', { all: true }))).toMatchObject({ code: 'invalid_input' });
    expect(await preferences(ws)).toEqual({ enabled: true, kinds: { offered: true, notice: true, leftBox: false, refused: true } });
  });

  it('read a stored value that no longer fits as the defaults, and keep a known kind from a partial one', async () => {
    const ws = open(dataDir());
    ws.store.settings.set(NOTIFICATION_PREFERENCES_KEY, { enabled: 'sometimes' });
    expect(await preferences(ws)).toEqual({ enabled: true, kinds: { offered: true, notice: true, leftBox: false, refused: true } });
    // As an older version would have left it: fewer kinds, one since removed.
    ws.store.settings.set(NOTIFICATION_PREFERENCES_KEY, { enabled: true, kinds: { offered: false, emailOpened: true } });
    expect(await preferences(ws)).toEqual({ enabled: true, kinds: { offered: false, notice: true, leftBox: false, refused: true } });
  });
});
