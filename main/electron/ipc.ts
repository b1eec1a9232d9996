import { ipcMain, type BrowserWindow } from 'electron';
import type { Dispatch } from '../services/dispatch.ts';
import type { EventHub } from '../services/events.ts';
import { createIpcInvokeHandler, EVENT_CHANNEL, INVOKE_CHANNEL } from './ipc-handler.ts';
import { APP_ORIGIN, isSameOrigin } from './policy.ts';

/**
 * The only IPC of the app: one invoke channel into the dispatcher, answered only for our
 * window's top frame, and live events pushed back on one channel. Returns the undo.
 */
export function registerIpc(window: BrowserWindow, dispatch: Dispatch, events: EventHub): () => void {
  const contentsId = window.webContents.id;
  ipcMain.handle(INVOKE_CHANNEL, createIpcInvokeHandler({ dispatch, appOrigin: APP_ORIGIN, isOwnWebContents: (id) => id === contentsId }));
  const unsubscribe = events.subscribe((name, payload) => {
    // Navigation is already fenced to our origin; checking again costs nothing and keeps a
    // page that somehow got in from hearing lead data.
    if (window.isDestroyed() || !isSameOrigin(window.webContents.getURL(), APP_ORIGIN)) return;
    window.webContents.send(EVENT_CHANNEL, name, payload);
  });
  return () => {
    unsubscribe();
    ipcMain.removeHandler(INVOKE_CHANNEL);
  };
}
