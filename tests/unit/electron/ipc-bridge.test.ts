import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { BridgeErrorBody, LeadRelayBridge, WorkspaceInfo } from '../../../core/contract/index.ts';
import { createIpcInvokeHandler, EVENT_CHANNEL, INVOKE_CHANNEL, type InvokeEventLike, type IpcInvokeHandler } from '../../../main/electron/ipc-handler.ts';
import { APP_ENTRY_URL, APP_ORIGIN } from '../../../main/electron/policy.ts';
import { startWorkstation, type Workstation } from '../../../main/services/workstation.ts';
import { createBridge, type IpcRendererLike } from '../../../preload/bridge.ts';

const OUR_CONTENTS = 7;
const trusted: InvokeEventLike = { sender: { id: OUR_CONTENTS }, senderFrame: { url: APP_ENTRY_URL, parent: null } };

function bodyOf(error: unknown): BridgeErrorBody {
  expect(error).toBeInstanceOf(Error);
  return JSON.parse((error as Error).message) as BridgeErrorBody;
}

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected the promise to reject');
}

/**
 * ipcRenderer as Electron behaves: invoke runs the main-side handler and, when it throws,
 * rejects with Electron's own wrapping of the message; send() delivers to 'on' listeners
 * with an IpcRendererEvent first.
 */
function fakeIpcRenderer(handler: IpcInvokeHandler, event: InvokeEventLike) {
  const listeners = new Set<(event: unknown, ...args: unknown[]) => void>();
  const ipc: IpcRendererLike & { send(name: string, payload: unknown): void; listenerCount(): number } = {
    async invoke(channel, name, input) {
      expect(channel).toBe(INVOKE_CHANNEL);
      try {
        return structuredClone(await handler(event, name, input));
      } catch (error) {
        throw new Error(`Error invoking remote method '${INVOKE_CHANNEL}': ${String(error)}`);
      }
    },
    on(channel, listener) {
      expect(channel).toBe(EVENT_CHANNEL);
      listeners.add(listener);
    },
    removeListener(channel, listener) {
      expect(channel).toBe(EVENT_CHANNEL);
      listeners.delete(listener);
    },
    send(name, payload) {
      for (const listener of listeners) listener({ sender: 'ipcRenderer internals', ports: [] }, name, payload);
    },
    listenerCount: () => listeners.size,
  };
  return ipc;
}

let workstation: Workstation;
let handler: IpcInvokeHandler;
const refusals: unknown[] = [];

beforeAll(async () => {
  workstation = await startWorkstation({ dataDir: mkdtempSync(path.join(os.tmpdir(), 'leadrelay-ipc-')) });
  handler = createIpcInvokeHandler({
    dispatch: workstation.dispatch,
    appOrigin: APP_ORIGIN,
    isOwnWebContents: (id) => id === OUR_CONTENTS,
    log: (_message, detail) => refusals.push(detail),
  });
});

afterAll(() => workstation.close());

describe('createIpcInvokeHandler (real dispatcher and store)', () => {
  it('answers our window with the real services', async () => {
    const info = (await handler(trusted, 'workspace.info', {})) as WorkspaceInfo;
    expect(info.leadCount).toBe(0);
    expect(info.needsSetup).toBe(true);
  });

  it.each([
    ['a subframe of our page', { sender: { id: OUR_CONTENTS }, senderFrame: { url: APP_ENTRY_URL, parent: {} } }],
    ['a foreign page in our window', { sender: { id: OUR_CONTENTS }, senderFrame: { url: 'https://evil.example/', parent: null } }],
    ['a lookalike origin', { sender: { id: OUR_CONTENTS }, senderFrame: { url: 'app://leadrelay.evil/index.html', parent: null } }],
    ['a file:// page', { sender: { id: OUR_CONTENTS }, senderFrame: { url: 'file:///tmp/index.html', parent: null } }],
    ['a frame that is gone', { sender: { id: OUR_CONTENTS }, senderFrame: null }],
    ['another webContents on our origin', { sender: { id: 99 }, senderFrame: { url: APP_ENTRY_URL, parent: null } }],
  ] as [string, InvokeEventLike][])('refuses %s before dispatching', async (_label, event) => {
    const dispatch = vi.fn(workstation.dispatch);
    const guarded = createIpcInvokeHandler({ dispatch, appOrigin: APP_ORIGIN, isOwnWebContents: (id) => id === OUR_CONTENTS, log: () => {} });
    const body = bodyOf(await rejection(guarded(event, 'workspace.info', {})));
    expect(body.error.message).toMatch(/did not come from the LeadRelay window/);
    expect(dispatch).not.toHaveBeenCalled();
  });

  it('logs refusals with the offending URL', async () => {
    refusals.length = 0;
    await rejection(handler({ sender: { id: OUR_CONTENTS }, senderFrame: { url: 'https://evil.example/', parent: null } }, 'workspace.info', {}));
    expect(refusals).toEqual([{ webContentsId: OUR_CONTENTS, url: 'https://evil.example/' }]);
  });

  it('turns CallErrors into their JSON body', async () => {
    expect(bodyOf(await rejection(handler(trusted, 'nope.nothing', {})))).toMatchObject({ error: { code: 'unknown_call' } });
    expect(bodyOf(await rejection(handler(trusted, 42, {})))).toEqual({ error: { code: 'invalid_input', message: 'name: must be the name of a call', field: 'name' } });
    const invalid = bodyOf(await rejection(handler(trusted, 'leads.query', { limit: -1 })));
    expect(invalid.error).toMatchObject({ code: 'invalid_input', field: 'limit' });
  });

  it('hides anything that is not a CallError behind an internal error', async () => {
    const leaky = createIpcInvokeHandler({
      dispatch: async () => {
        throw new Error('SQLITE_IOERR at /home/rep/.config/LeadRelay/leadrelay.db');
      },
      appOrigin: APP_ORIGIN,
      isOwnWebContents: () => true,
      log: () => {},
    });
    const body = bodyOf(await rejection(leaky(trusted, 'workspace.info', {})));
    expect(body.error.code).toBe('internal');
    expect(body.error.message).not.toMatch(/SQLITE|home/);
  });
});

describe('preload bridge over the IPC handler', () => {
  let ipc: ReturnType<typeof fakeIpcRenderer>;
  let bridge: LeadRelayBridge;

  beforeAll(() => {
    ipc = fakeIpcRenderer(handler, trusted);
    bridge = createBridge(ipc);
  });

  it('invokes declared calls end to end', async () => {
    const info = (await bridge.invoke('workspace.info', {})) as WorkspaceInfo;
    expect(info.mode).toBeDefined();
  });

  it('rejects with an Error whose message is exactly the JSON body, without Electron\'s prefix', async () => {
    const error = await rejection(bridge.invoke('leads.get', { id: '' }));
    const body = bodyOf(error);
    expect(body.error).toMatchObject({ code: 'invalid_input', field: 'id' });
    expect((error as Error).message.startsWith('{')).toBe(true);
  });

  it('refuses undeclared call names without any IPC', async () => {
    const spy = vi.spyOn(ipc, 'invoke');
    for (const name of ['shell.openExternal', '__proto__', 'constructor', 'leads.query ', '']) {
      expect(bodyOf(await rejection(bridge.invoke(name, {}))).error, name).toMatchObject({ code: 'unknown_call', field: 'name' });
    }
    expect(bodyOf(await rejection(bridge.invoke(undefined as unknown as string, {}))).error.code).toBe('unknown_call');
    expect(spy).not.toHaveBeenCalled();
    spy.mockRestore();
  });

  it('delivers declared events by name, payload only, and unsubscribes', () => {
    const offered: unknown[] = [];
    const changed: unknown[] = [];
    const stopOffered = bridge.on('lead.offered', (payload) => offered.push(payload));
    const stopChanged = bridge.on('workspace.changed', (...args: unknown[]) => changed.push(args));
    expect(ipc.listenerCount()).toBe(1);

    ipc.send('lead.offered', { leadId: 'l1', expiresAt: null });
    ipc.send('workspace.changed', { leadCount: 1 });
    ipc.send('sync.state', { state: 'online' });
    expect(offered).toEqual([{ leadId: 'l1', expiresAt: null }]);
    expect(changed).toEqual([[{ leadCount: 1 }]]);

    stopOffered();
    stopOffered();
    ipc.send('lead.offered', { leadId: 'l2', expiresAt: null });
    expect(offered).toHaveLength(1);
    stopChanged();
    expect(ipc.listenerCount()).toBe(0);
  });

  it('keeps delivering when one listener throws', () => {
    const seen: unknown[] = [];
    const quiet = vi.spyOn(console, 'error').mockImplementation(() => {});
    const stopA = bridge.on('lead.rerouted', () => {
      throw new Error('broken component');
    });
    const stopB = bridge.on('lead.rerouted', (payload) => seen.push(payload));
    ipc.send('lead.rerouted', { leadId: 'l1', reason: 'timeout' });
    expect(seen).toHaveLength(1);
    stopA();
    stopB();
    quiet.mockRestore();
  });

  it('refuses undeclared events and non-function listeners with a clear error', () => {
    expect(() => bridge.on('ipc.raw', () => {})).toThrow(/no event named "ipc.raw"/);
    expect(() => bridge.on('lead.offered', 'alert(1)' as unknown as () => void)).toThrow(/listener must be a function/);
  });

  it('forwards real EventHub events through a main-side subscription', () => {
    const seen: unknown[] = [];
    const stop = bridge.on('sync.state', (payload) => seen.push(payload));
    const unsubscribe = workstation.events.subscribe((name, payload) => ipc.send(name, payload));
    workstation.events.emit('sync.state', { state: 'offline', lastSyncAt: null });
    unsubscribe();
    stop();
    expect(seen).toEqual([{ state: 'offline', lastSyncAt: null }]);
  });
});
