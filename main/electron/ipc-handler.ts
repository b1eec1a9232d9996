import type { BridgeErrorBody } from '../../core/contract/index.ts';
import { CallError } from '../../core/contract/errors.ts';
import type { Dispatch } from '../services/dispatch.ts';
import { isTrustedSender } from './policy.ts';

export { EVENT_CHANNEL, INVOKE_CHANNEL } from '../../preload/channels.ts';

/** What the handler needs of Electron's IpcMainInvokeEvent, so tests can pass plain objects. */
export interface InvokeEventLike {
  sender: { id: number };
  /** Null when the frame navigated away or was destroyed before we looked. */
  senderFrame: { url: string; parent: unknown } | null;
}

export interface IpcInvokeHandlerOptions {
  dispatch: Dispatch;
  appOrigin: string;
  /** True for the webContents of our own window(s); anything else is refused. */
  isOwnWebContents: (webContentsId: number) => boolean;
  log?: (message: string, detail?: unknown) => void;
}

export type IpcInvokeHandler = (event: InvokeEventLike, name: unknown, input: unknown) => Promise<unknown>;

/**
 * Electron only carries an Error's message across ipcMain.handle, so the structured error
 * travels as JSON inside it; preload turns it back into an Error whose message is that JSON.
 */
export function toIpcError(error: unknown): Error {
  const body: BridgeErrorBody =
    error instanceof CallError ? error.toBody() : { error: { code: 'internal', message: 'something went wrong on our side' } };
  return new Error(JSON.stringify(body));
}

/**
 * The body of ipcMain.handle('leadrelay:invoke'): checks who is asking (our window's top frame
 * on our origin), then hands the call to the same dispatcher the web bridge uses, which
 * validates the name and the input.
 */
export function createIpcInvokeHandler(options: IpcInvokeHandlerOptions): IpcInvokeHandler {
  const log = options.log ?? ((message, detail) => console.warn(message, detail ?? ''));
  return async (event, name, input) => {
    const frame = event.senderFrame;
    const trusted =
      options.isOwnWebContents(event.sender.id) && frame !== null && isTrustedSender(frame.url, frame.parent === null, options.appOrigin);
    if (!trusted) {
      log('leadrelay: refused IPC from an untrusted sender', { webContentsId: event.sender.id, url: frame?.url ?? null });
      throw toIpcError(new CallError('internal', 'refused: this request did not come from the LeadRelay window'));
    }
    if (typeof name !== 'string') throw toIpcError(new CallError('invalid_input', 'must be the name of a call', 'name'));
    try {
      return await options.dispatch(name, input);
    } catch (error) {
      if (!(error instanceof CallError)) log(`leadrelay: call ${name} failed`, error);
      throw toIpcError(error);
    }
  };
}
