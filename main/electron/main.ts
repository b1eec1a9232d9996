// The Electron entry point (bundled to dist/main/index.cjs): app lifecycle only. Everything the
// workstation does lives in main/services; everything this layer decides lives in plain modules
// (policy, ipc-handler, startup, update-controller) that are tested in Node.
import path from 'node:path';
import { app, dialog, powerMonitor, session, type BrowserWindow } from 'electron';
import { startWorkstation, type Workstation } from '../services/workstation.ts';
import { createSecretStore } from './secrets.ts';
import { registerIpc } from './ipc.ts';
import { notifyOffers } from './notifications.ts';
import { bundlePaths, dataDirFor, describeStartupProblem } from './startup.ts';
import { startUpdater } from './updater.ts';
import { createMainWindow, guardWebContents, hardenSession, registerAppScheme, serveRenderer } from './window.ts';

interface Running {
  workstation: Workstation;
  window: BrowserWindow;
  stop: Array<() => void>;
}

let running: Running | null = null;

// Before 'ready': sandbox every renderer, register app://, and pin userData to the same
// per-user folder the web bridge uses (dev runs would otherwise use the package name).
app.enableSandbox();
registerAppScheme();
app.setName('LeadRelay');
app.setPath('userData', path.join(app.getPath('appData'), 'LeadRelay'));
app.on('web-contents-created', (_event, contents) => guardWebContents(contents));

/** Opens the store, asking the rep what to do if it cannot; null means quit. */
async function openWorkstation(dataDir: string): Promise<Workstation | null> {
  for (;;) {
    try {
      // The sync token is kept only through safeStorage.
      return await startWorkstation({ dataDir, secrets: createSecretStore() });
    } catch (error) {
      console.error('leadrelay: cannot open the local store', error);
      const problem = describeStartupProblem(error, dataDir);
      const buttons = problem.canStartEmpty ? ['Quit', 'Start with an empty store'] : ['Quit'];
      const { response } = await dialog.showMessageBox({ type: 'error', title: problem.title, message: problem.message, detail: problem.detail, buttons, defaultId: 0, cancelId: 0 });
      if (response !== 1) return null;
    }
  }
}

async function start(): Promise<void> {
  const workstation = await openWorkstation(dataDirFor(process.env, app.getPath('userData')));
  if (!workstation) {
    app.exit(1);
    return;
  }
  const paths = bundlePaths(__dirname);
  hardenSession(session.defaultSession);
  serveRenderer(session.defaultSession, paths.renderer);
  const window = createMainWindow(paths.preload);
  const stop = [registerIpc(window, workstation.dispatch, workstation.events), notifyOffers(window, workstation.events, workstation.dispatch)];
  // After a sleep the live stream may be dead without knowing it: open it again and sync now.
  const wake = () => workstation.sync.wake();
  powerMonitor.on('resume', wake);
  stop.push(() => powerMonitor.off('resume', wake));
  const updater = startUpdater(window, workstation.events);
  if (updater) stop.push(() => updater.stop());
  running = { workstation, window, stop };
}

if (!app.requestSingleInstanceLock()) {
  // Another LeadRelay owns the store; it gets focused through 'second-instance'.
  app.quit();
} else {
  app.on('second-instance', () => {
    const window = running?.window;
    if (!window || window.isDestroyed()) return;
    if (window.isMinimized()) window.restore();
    window.focus();
  });
  app.on('window-all-closed', () => app.quit());
  app.on('will-quit', () => {
    if (!running) return;
    for (const undo of running.stop) undo();
    running.workstation.close();
    running = null;
  });
  app.whenReady().then(start).catch((error: unknown) => {
    console.error('leadrelay: failed to start', error);
    app.exit(1);
  });
}
