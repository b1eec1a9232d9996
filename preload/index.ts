// Runs sandboxed in the renderer: bundled by scripts/build.mjs into one CommonJS file whose
// only require() is 'electron'. Exposes window.leadrelay and nothing else.
import { contextBridge, ipcRenderer } from 'electron';
import { createBridge } from './bridge.ts';

const bridge = createBridge(ipcRenderer);

contextBridge.exposeInMainWorld('leadrelay', {
  invoke: (name: string, input: unknown) => bridge.invoke(name, input),
  on: (event: string, listener: (payload: unknown) => void) => bridge.on(event, listener),
});
