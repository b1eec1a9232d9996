import { CALL_NAMES, EVENT_NAMES, type BridgeErrorBody, type LeadRelayBridge } from '../core/contract/index.ts';
import { EVENT_CHANNEL, INVOKE_CHANNEL } from './channels.ts';

/** The part of ipcRenderer the bridge uses; the event object is never passed on to the page. */
export interface IpcRendererLike {
  invoke(channel: string, ...args: unknown[]): Promise<unknown>;
  on(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown;
  removeListener(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown;
}

const callNames: ReadonlySet<string> = new Set(CALL_NAMES);
const eventNames: ReadonlySet<string> = new Set(EVENT_NAMES);
const ERROR_CODES: ReadonlySet<string> = new Set(['invalid_input', 'not_found', 'conflict', 'unknown_call', 'internal']);

function errorWithBody(body: BridgeErrorBody): Error {
  return new Error(JSON.stringify(body));
}

function isErrorBody(value: unknown): value is BridgeErrorBody {
  if (typeof value !== 'object' || value === null) return false;
  const error = (value as { error?: unknown }).error;
  if (typeof error !== 'object' || error === null) return false;
  const { code, message, field } = error as Record<string, unknown>;
  return typeof code === 'string' && ERROR_CODES.has(code) && typeof message === 'string' && (field === undefined || typeof field === 'string');
}

/**
 * Electron wraps a rejection from ipcMain.handle as "Error invoking remote method '...':
 * Error: <message>"; main put the JSON body in <message>. Returns an Error whose message is
 * exactly that JSON, or an 'internal' body when the message carries none.
 */
export function bridgeErrorFrom(error: unknown): Error {
  const message = error instanceof Error ? error.message : String(error);
  const start = message.indexOf('{');
  if (start >= 0) {
    try {
      const body: unknown = JSON.parse(message.slice(start));
      if (isErrorBody(body)) return errorWithBody(body);
    } catch {
      // no JSON body: fall through
    }
  }
  return errorWithBody({ error: { code: 'internal', message: 'LeadRelay could not complete the request' } });
}

/**
 * window.leadrelay: invoke() for the declared calls and on() for the declared events, nothing
 * else. Names outside the contract are refused here, before any IPC happens.
 */
export function createBridge(ipc: IpcRendererLike): LeadRelayBridge {
  const listeners = new Map<string, Set<(payload: unknown) => void>>();
  let attached = false;

  // One ipcRenderer listener for all subscriptions, so many on() calls never pile up listeners.
  const onEvent = (_event: unknown, name: unknown, payload: unknown): void => {
    if (typeof name !== 'string') return;
    for (const listener of listeners.get(name) ?? []) {
      try {
        listener(payload);
      } catch (error) {
        console.error(`leadrelay: a listener for ${name} failed`, error);
      }
    }
  };

  const detachIfIdle = (): void => {
    if (attached && listeners.size === 0) {
      ipc.removeListener(EVENT_CHANNEL, onEvent as (event: unknown, ...args: unknown[]) => void);
      attached = false;
    }
  };

  return {
    async invoke(name, input) {
      if (typeof name !== 'string' || !callNames.has(name)) {
        throw errorWithBody({ error: { code: 'unknown_call', message: `there is no call named "${String(name)}"`, field: 'name' } });
      }
      try {
        return await ipc.invoke(INVOKE_CHANNEL, name, input);
      } catch (error) {
        throw bridgeErrorFrom(error);
      }
    },
    on(event, listener) {
      if (typeof event !== 'string' || !eventNames.has(event)) {
        throw new Error(`leadrelay.on: there is no event named "${String(event)}"; known events: ${EVENT_NAMES.join(', ')}`);
      }
      if (typeof listener !== 'function') throw new Error('leadrelay.on: listener must be a function');
      let set = listeners.get(event);
      if (!set) listeners.set(event, (set = new Set()));
      // Wrapped so subscribing the same function twice gives two independent subscriptions.
      const wrapped = (payload: unknown): void => listener(payload);
      set.add(wrapped);
      if (!attached) {
        ipc.on(EVENT_CHANNEL, onEvent as (event: unknown, ...args: unknown[]) => void);
        attached = true;
      }
      return () => {
        const current = listeners.get(event);
        if (!current?.delete(wrapped)) return;
        if (current.size === 0) listeners.delete(event);
        detachIfIdle();
      };
    },
  };
}
