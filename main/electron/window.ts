import { readFile } from 'node:fs/promises';
import { BrowserWindow, protocol, shell, type Session, type WebContents } from 'electron';
import { resolveAppAsset } from './app-protocol.ts';
import {
  APP_ENTRY_URL,
  APP_ORIGIN,
  APP_SCHEME,
  CONTENT_SECURITY_POLICY,
  externalUrlToOpen,
  isAllowedNavigation,
  isAllowedPermission,
  isSameOrigin,
  secureWebPreferences,
} from './policy.ts';

/**
 * app:// must be registered before 'ready'. Standard + secure gives the renderer a real origin
 * (so 'self' in the CSP, relative URLs and storage work) without file://'s access to the disk.
 * No bypassCSP: our own pages obey the policy like any other.
 */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } }]);
}

const SECURITY_HEADERS = {
  'Content-Security-Policy': CONTENT_SECURITY_POLICY,
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Opener-Policy': 'same-origin',
};

/** Serves the built renderer (dist/renderer, inside the asar when packaged) on app://leadrelay/. */
export function serveRenderer(session: Session, rendererDir: string): void {
  session.protocol.handle(APP_SCHEME, async (request) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return new Response(null, { status: 405 });
    const asset = resolveAppAsset(request.url, APP_ORIGIN, rendererDir);
    if (!asset) return new Response('Not found', { status: 404 });
    try {
      const body = await readFile(asset.file);
      return new Response(request.method === 'HEAD' ? null : body, { headers: { 'Content-Type': asset.contentType, ...SECURITY_HEADERS } });
    } catch {
      return new Response('Not found', { status: 404 });
    }
  });
}

/**
 * Session-wide rules: the CSP header on every response (the meta tag in index.html is the
 * second line of defence), and no permission except notifications for our own origin.
 */
export function hardenSession(session: Session): void {
  session.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] } });
  });
  session.setPermissionRequestHandler((_contents, permission, callback, details) => {
    callback(isAllowedPermission(permission) && isSameOrigin(details.requestingUrl, APP_ORIGIN));
  });
  session.setPermissionCheckHandler((_contents, permission, requestingOrigin) => isAllowedPermission(permission) && isSameOrigin(requestingOrigin, APP_ORIGIN));
  session.setDevicePermissionHandler(() => false);
}

/**
 * Applied to every webContents the app ever creates (app 'web-contents-created'): it may only
 * navigate within app://leadrelay, never opens a window of its own (https links go to the
 * system browser), and can never attach a <webview>.
 */
export function guardWebContents(contents: WebContents): void {
  const blockForeign = (event: { url: string; preventDefault(): void }): void => {
    if (!isAllowedNavigation(event.url, APP_ORIGIN)) {
      event.preventDefault();
      console.warn(`leadrelay: blocked navigation to ${event.url}`);
    }
  };
  contents.on('will-navigate', blockForeign);
  contents.on('will-redirect', blockForeign);
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    const external = externalUrlToOpen(url);
    if (external) void shell.openExternal(external);
    return { action: 'deny' };
  });
}

export function createMainWindow(preloadPath: string): BrowserWindow {
  const window = new BrowserWindow({
    width: 1280,
    height: 820,
    minWidth: 900,
    minHeight: 600,
    show: false,
    title: 'LeadRelay',
    backgroundColor: '#f6f7f9',
    webPreferences: secureWebPreferences(preloadPath),
  });
  window.once('ready-to-show', () => window.show());
  window.webContents.on('did-fail-load', (_event, code, description, url) => {
    console.error(`leadrelay: failed to load ${url}: ${description} (${code})`);
  });
  void window.loadURL(APP_ENTRY_URL);
  return window;
}
