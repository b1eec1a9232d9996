import type { CallInput, CallName, CallResult, EventName, EventPayload, LeadRelayBridge } from '../../core/contract/index.ts';
import { CallError } from '../../core/contract/errors.ts';
import { isErrorBody, UnauthorizedError } from './web-shim.ts';

declare global {
  interface Window {
    leadrelay?: LeadRelayBridge;
  }
}

/** The typed face of window.leadrelay: every failure arrives as a CallError. */
export interface Api {
  call<N extends CallName>(name: N, input: CallInput<N>): Promise<CallResult<N>>;
  on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void;
}

export function createApi(bridge: () => LeadRelayBridge | undefined): Api {
  const current = () => {
    const found = bridge();
    if (!found) throw new CallError('internal', 'LeadRelay is not connected: window.leadrelay is missing.');
    return found;
  };
  return {
    async call(name, input) {
      try {
        return (await current().invoke(name, input)) as CallResult<typeof name>;
      } catch (error) {
        throw toCallError(error);
      }
    },
    on(event, listener) {
      return current().on(event, (payload) => listener(payload as EventPayload<typeof event>));
    },
  };
}

export function toCallError(error: unknown): CallError {
  if (error instanceof CallError) return error;
  if (error instanceof UnauthorizedError) return new CallError('internal', error.message);
  const message = error instanceof Error ? error.message : String(error);
  // Electron prefixes rejections from ipcMain.handle ("Error invoking remote method ..."),
  // so look for the JSON body rather than expecting it to be the whole message.
  const start = message.indexOf('{');
  if (start >= 0) {
    try {
      const body: unknown = JSON.parse(message.slice(start));
      if (isErrorBody(body)) return CallError.fromBody(body);
    } catch {
      // not a bridge body: fall through to a generic error
    }
  }
  return new CallError('internal', message || 'Something went wrong.');
}

export const api = createApi(() => window.leadrelay);
