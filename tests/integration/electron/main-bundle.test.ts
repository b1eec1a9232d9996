// The real bundled main process (scripts/build.mjs output) run in plain Node, with only the
// 'electron' module replaced by tests/integration/electron/fake-electron.mjs. Proves the
// bundle starts, finds its migrations, opens a real SQLite store, wires IPC with the sender
// check, serves app:// with the CSP, guards navigation, windows and permissions, asks before
// replacing a damaged store, and closes cleanly.
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { CONTENT_SECURITY_POLICY } from '../../../main/electron/policy.ts';
import { STORE_FILE } from '../../../main/services/store/index.ts';

const run = promisify(execFile);
const root = path.resolve(import.meta.dirname, '../../..');
const FEED = 'https://updates.example.invalid/leadrelay';

let buildDir: string;

interface Report {
  exitCode: number;
  log: string[];
  dialogs: { message: string; detail: string; buttons: string[] }[];
  sent: unknown[][];
  opened: string[];
  windows: { options: { webPreferences: Record<string, unknown> }; loadedUrl: string }[];
  schemes: unknown;
  updaterFeed?: unknown;
  scenario: Record<string, never>;
  scenarioError?: string;
}

async function launch(env: Record<string, string> = {}, prepare?: (dataDir: string) => void): Promise<{ report: Report; dataDir: string }> {
  const home = mkdtempSync(path.join(os.tmpdir(), 'leadrelay-main-'));
  const dataDir = path.join(home, 'data');
  mkdirSync(dataDir);
  prepare?.(dataDir);
  const reportFile = path.join(home, 'report.json');
  const childEnv: NodeJS.ProcessEnv = {
    ...process.env,
    // The bundle lives in a temp dir; its externals (better-sqlite3) come from this checkout.
    NODE_PATH: path.join(root, 'node_modules'),
    FAKE_HOME: home,
    FAKE_REPORT: reportFile,
    LEADRELAY_DATA_DIR: dataDir,
    ...env,
  };
  delete childEnv.LEADRELAY_UPDATE_URL;
  try {
    await run(process.execPath, ['--import', pathToFileURL(path.join(import.meta.dirname, 'fake-electron.mjs')).href, path.join(buildDir, 'main', 'index.cjs')], { env: childEnv });
  } catch (error) {
    // A non-zero exit is part of some scenarios; the report says what happened.
    if ((error as { code?: unknown }).code === undefined) throw error;
  }
  return { report: JSON.parse(readFileSync(reportFile, 'utf8')) as Report, dataDir };
}

beforeAll(async () => {
  buildDir = mkdtempSync(path.join(os.tmpdir(), 'leadrelay-bundle-'));
  await run(process.execPath, [path.join(root, 'scripts', 'build.mjs'), '--out', buildDir], { cwd: root, env: { ...process.env, LEADRELAY_UPDATE_URL: FEED } });
}, 120_000);

describe('bundled main process', () => {
  let report: Report;
  let scenario: Record<string, unknown>;

  beforeAll(async () => {
    ({ report } = await launch());
    expect(report.scenarioError).toBeUndefined();
    scenario = report.scenario;
  });

  it('sets up sandboxing and app:// before ready, then quits cleanly', () => {
    const order = (entry: string) => report.log.indexOf(entry);
    expect(order('app.enableSandbox')).toBeGreaterThanOrEqual(0);
    expect(order('protocol.registerSchemesAsPrivileged')).toBeLessThan(order('app.whenReady'));
    expect(report.schemes).toEqual([{ scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true } }]);
    expect(report.log).toContain('ipcMain.removeHandler leadrelay:invoke');
    // Waking from sleep reopens the live sync stream; the listener goes when the app quits.
    expect(order('powerMonitor.on resume')).toBeGreaterThan(order('app.whenReady'));
    expect(order('powerMonitor.off resume')).toBeGreaterThan(order('powerMonitor.on resume'));
    expect(report.exitCode).toBe(0);
  });

  it('opens one locked-down window on app://leadrelay', () => {
    expect(report.windows).toHaveLength(1);
    const [window] = report.windows;
    expect(window?.loadedUrl).toBe('app://leadrelay/index.html');
    expect(window?.options.webPreferences).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      preload: path.join(buildDir, 'preload', 'index.cjs'),
    });
  });

  it('answers our window through the real store and dispatcher', () => {
    expect(scenario.info).toMatchObject({ ok: { leadCount: 0, needsSetup: true } });
    expect(scenario.startEmpty).toMatchObject({ ok: { needsSetup: false } });
    expect(JSON.parse((scenario.badInput as { error: string }).error)).toMatchObject({ error: { code: 'invalid_input', field: 'id' } });
    expect(JSON.parse((scenario.unknownCall as { error: string }).error)).toMatchObject({ error: { code: 'unknown_call' } });
  });

  it('pushes live events to the window', () => {
    expect(report.sent.some(([channel, name]) => channel === 'leadrelay:event' && name === 'workspace.changed')).toBe(true);
  });

  it('refuses IPC from subframes, foreign pages and other webContents', () => {
    for (const key of ['fromSubframe', 'fromForeignPage', 'fromOtherContents']) {
      expect((scenario[key] as { error?: string }).error, key).toMatch(/did not come from the LeadRelay window/);
    }
  });

  it('serves the renderer with the CSP and nothing outside it', () => {
    expect(scenario.index).toMatchObject({ status: 200, csp: CONTENT_SECURITY_POLICY, type: 'text/html; charset=utf-8' });
    expect((scenario.index as { body: string }).body).toMatch(/<!doctype html>/i);
    expect(scenario.route).toMatchObject({ status: 200 });
    expect(scenario.traversal).toMatchObject({ status: 404 });
    expect(scenario.foreignHost).toMatchObject({ status: 404 });
    expect((scenario.headers as { responseHeaders: Record<string, string[]> }).responseHeaders).toEqual({
      'X-Other': ['1'],
      'Content-Security-Policy': [CONTENT_SECURITY_POLICY],
    });
  });

  it('guards navigation, new windows and permissions', () => {
    expect(scenario.navigation).toEqual({ own: false, foreign: true, file: true, redirect: true, webview: true });
    expect(scenario.windowOpen).toEqual(['deny', 'deny', 'deny']);
    expect(report.opened).toEqual(['https://example.com/pricing']);
    expect(scenario.permissions).toEqual({ notifications: true, notificationsForeign: false, media: false, check: false, device: false });
  });

  it('keeps updates off outside a packaged app', () => {
    expect(report.updaterFeed).toBeUndefined();
    expect(report.log).not.toContain('autoUpdater.checkForUpdates');
  });
});

describe('bundled main process, special starts', () => {
  const damage = (dataDir: string) => writeFileSync(path.join(dataDir, STORE_FILE), 'not a database '.repeat(500));

  it('asks before starting over when the store is damaged, and quits if told to', async () => {
    const { report } = await launch({ FAKE_DIALOG_ANSWERS: '0' }, damage);
    expect(report.dialogs).toHaveLength(1);
    expect(report.dialogs[0]).toMatchObject({ message: 'Your lead database is damaged.', buttons: ['Quit', 'Start with an empty store'] });
    expect(report.dialogs[0]?.detail).toMatch(/moved to .*corrupt/);
    expect(report.windows).toHaveLength(0);
    expect(report.exitCode).toBe(1);
  });

  it('starts with an empty store only when the rep chooses it', async () => {
    const { report } = await launch({ FAKE_DIALOG_ANSWERS: '1' }, damage);
    expect(report.scenarioError).toBeUndefined();
    expect(report.scenario.info).toMatchObject({ ok: { leadCount: 0 } });
    expect(report.exitCode).toBe(0);
  });

  it('leaves the running instance alone when it is the second one', async () => {
    const { report } = await launch({ FAKE_SECOND_INSTANCE: '1' });
    expect(report.log).not.toContain('app.whenReady');
    expect(report.windows).toHaveLength(0);
  });

  it('in a packaged app, checks the compiled-in feed and downloads nothing unasked', async () => {
    const { report } = await launch({ FAKE_PACKAGED: '1', FAKE_DIALOG_ANSWERS: '1', LEADRELAY_UPDATE_URL: 'https://attacker.example/' });
    expect(report.updaterFeed).toEqual({ provider: 'generic', url: `${FEED}` });
    expect(report.log).toContain('autoUpdater.checkForUpdates');
    expect(report.dialogs.map((dialog) => dialog.message)).toEqual(['LeadRelay 9.9.9 is available.']);
    expect(report.log).not.toContain('autoUpdater.downloadUpdate');
    expect(report.sent.filter(([, name]) => name === 'app.update').map(([, , status]) => (status as { state: string }).state)).toEqual([
      'checking',
      'available',
    ]);
  });
});
