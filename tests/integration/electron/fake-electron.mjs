// Loaded with `node --import` in front of the real bundled main (dist/main/index.cjs): stands in
// for the 'electron' and 'electron-updater' modules, which cannot run on machines without an
// Electron binary, records what main asks of them, then plays a scenario against the hooks
// main registered (IPC handler, protocol handler, navigation guards, permission handlers)
// and writes everything it saw to $FAKE_REPORT as JSON. Only Electron itself is faked: the
// store, dispatcher and handlers inside the bundle are the real ones.
import { EventEmitter } from 'node:events';
import { writeFileSync } from 'node:fs';
import Module from 'node:module';
import path from 'node:path';

const home = process.env.FAKE_HOME;
const dialogAnswers = (process.env.FAKE_DIALOG_ANSWERS ?? '').split(',').filter(Boolean).map(Number);
const report = { log: [], dialogs: [], sent: [], opened: [], windows: [], scenario: {} };
const log = (entry) => report.log.push(entry);
let finished = false;

function finish(exitCode) {
  if (finished) return;
  finished = true;
  report.exitCode = exitCode;
  writeFileSync(process.env.FAKE_REPORT, JSON.stringify(report, null, 2));
  process.exit(exitCode);
}

const app = Object.assign(new EventEmitter(), {
  isPackaged: process.env.FAKE_PACKAGED === '1',
  enableSandbox: () => log('app.enableSandbox'),
  setName: (name) => log(`app.setName ${name}`),
  getVersion: () => '0.1.0',
  getPath: (name) => path.join(home, name),
  setPath: (name, value) => log(`app.setPath ${name} ${value}`),
  requestSingleInstanceLock: () => (log('app.requestSingleInstanceLock'), process.env.FAKE_SECOND_INSTANCE !== '1'),
  whenReady: () => (log('app.whenReady'), Promise.resolve()),
  quit: () => {
    log('app.quit');
    app.emit('will-quit', { preventDefault() {} });
    finish(0);
  },
  exit: (code) => (log(`app.exit ${code}`), finish(code)),
});

let nextId = 1;
class WebContents extends EventEmitter {
  constructor() {
    super();
    this.id = nextId++;
    this.url = '';
  }
  getURL() {
    return this.url;
  }
  send(channel, ...args) {
    report.sent.push([channel, ...args]);
  }
  setWindowOpenHandler(handler) {
    this.windowOpenHandler = handler;
  }
}

const windows = [];
class BrowserWindow extends EventEmitter {
  constructor(options) {
    super();
    this.webContents = new WebContents();
    report.windows.push({ options });
    windows.push(this);
    app.emit('web-contents-created', {}, this.webContents);
  }
  loadURL(url) {
    this.webContents.url = url;
    report.windows.at(-1).loadedUrl = url;
    return Promise.resolve();
  }
  isDestroyed = () => false;
  isMinimized = () => false;
  show() {}
  focus() {}
  restore() {}
}

const hooks = { permissionRequest: null, permissionCheck: null, headers: null, protocol: null, invoke: null };
const defaultSession = {
  protocol: { handle: (scheme, handler) => ((hooks.protocol = handler), log(`protocol.handle ${scheme}`)) },
  webRequest: { onHeadersReceived: (handler) => (hooks.headers = handler) },
  setPermissionRequestHandler: (handler) => (hooks.permissionRequest = handler),
  setPermissionCheckHandler: (handler) => (hooks.permissionCheck = handler),
  setDevicePermissionHandler: (handler) => (hooks.device = handler),
};

const electron = {
  app,
  BrowserWindow,
  session: { defaultSession },
  protocol: { registerSchemesAsPrivileged: (schemes) => ((report.schemes = schemes), log('protocol.registerSchemesAsPrivileged')) },
  ipcMain: {
    handle: (channel, handler) => {
      log(`ipcMain.handle ${channel}`);
      hooks.invoke = handler;
      setImmediate(() => play().catch((error) => ((report.scenarioError = String(error.stack)), finish(3))));
    },
    removeHandler: (channel) => log(`ipcMain.removeHandler ${channel}`),
  },
  dialog: {
    showMessageBox: async (...args) => {
      const options = args.at(-1);
      report.dialogs.push({ message: options.message, detail: options.detail, buttons: options.buttons });
      return { response: dialogAnswers.shift() ?? 0 };
    },
  },
  shell: { openExternal: async (url) => report.opened.push(url) },
  Notification: class {
    static isSupported = () => true;
    constructor(options) {
      this.options = options;
    }
    on() {}
    show() {
      (report.notifications ??= []).push(this.options);
    }
  },
  safeStorage: {},
  powerMonitor: {
    on: (event) => log(`powerMonitor.on ${event}`),
    off: (event) => log(`powerMonitor.off ${event}`),
  },
};

const autoUpdater = {
  setFeedURL: (options) => (report.updaterFeed = options),
  checkForUpdates: async () => (log('autoUpdater.checkForUpdates'), { isUpdateAvailable: true, updateInfo: { version: '9.9.9' } }),
  downloadUpdate: async () => log('autoUpdater.downloadUpdate'),
  quitAndInstall: () => log('autoUpdater.quitAndInstall'),
};

const originalLoad = Module._load;
Module._load = function load(request, parent, isMain) {
  if (request === 'electron') return electron;
  if (request === 'electron-updater') return { __esModule: true, default: { autoUpdater }, autoUpdater };
  return originalLoad.call(this, request, parent, isMain);
};

const settle = async () => {
  for (let i = 0; i < 20; i++) await new Promise((resolve) => setImmediate(resolve));
};

async function outcome(promise) {
  try {
    return { ok: await promise };
  } catch (error) {
    return { error: error.message };
  }
}

/** Drives every hook main registered, the way Electron and a page would. */
async function play() {
  const window = windows[0];
  const contents = window.webContents;
  const s = report.scenario;
  const frame = (url, parent = null) => ({ url, parent });
  const trusted = { sender: { id: contents.id }, senderFrame: frame('app://leadrelay/index.html') };

  s.info = await outcome(hooks.invoke(trusted, 'workspace.info', {}));
  s.startEmpty = await outcome(hooks.invoke(trusted, 'workspace.startEmpty', {}));
  s.badInput = await outcome(hooks.invoke(trusted, 'leads.get', { id: '' }));
  s.unknownCall = await outcome(hooks.invoke(trusted, 'fs.readFile', {}));
  s.fromSubframe = await outcome(hooks.invoke({ ...trusted, senderFrame: frame('app://leadrelay/index.html', {}) }, 'workspace.info', {}));
  s.fromForeignPage = await outcome(hooks.invoke({ ...trusted, senderFrame: frame('https://evil.example/') }, 'workspace.info', {}));
  s.fromOtherContents = await outcome(hooks.invoke({ ...trusted, sender: { id: 999 } }, 'workspace.info', {}));

  const serve = async (url) => {
    const response = await hooks.protocol(new Request(url));
    return { status: response.status, csp: response.headers.get('content-security-policy'), type: response.headers.get('content-type'), body: (await response.text()).slice(0, 200) };
  };
  s.index = await serve('app://leadrelay/index.html');
  s.route = await serve('app://leadrelay/leads/42');
  s.traversal = await serve('app://leadrelay/%2e%2e/main/index.cjs');
  s.foreignHost = await serve('app://evil/index.html');

  const navigate = (name, url) => {
    let prevented = false;
    contents.emit(name, { url, preventDefault: () => (prevented = true) });
    return prevented;
  };
  s.navigation = {
    own: navigate('will-navigate', 'app://leadrelay/leads/1'),
    foreign: navigate('will-navigate', 'https://evil.example/'),
    file: navigate('will-navigate', 'file:///etc/passwd'),
    redirect: navigate('will-redirect', 'app://leadrelay.evil/'),
    webview: navigate('will-attach-webview', 'https://evil.example/'),
  };
  s.windowOpen = ['https://example.com/pricing', 'http://example.com/', 'javascript:alert(1)'].map((url) => contents.windowOpenHandler({ url }).action);

  const permission = (name, requestingUrl) =>
    new Promise((resolve) => hooks.permissionRequest(contents, name, resolve, { requestingUrl }));
  s.permissions = {
    notifications: await permission('notifications', 'app://leadrelay/index.html'),
    notificationsForeign: await permission('notifications', 'https://evil.example/'),
    media: await permission('media', 'app://leadrelay/index.html'),
    check: hooks.permissionCheck(contents, 'geolocation', 'app://leadrelay'),
    device: hooks.device(),
  };
  s.headers = await new Promise((resolve) => hooks.headers({ responseHeaders: { 'X-Other': ['1'] } }, resolve));

  await settle();
  app.quit();
}
