/**
 * The security decisions of the Electron layer as plain functions, so they are unit-tested in
 * Node without an Electron binary. Nothing here imports 'electron'; window.ts and ipc.ts
 * only wire these answers into Electron's hooks.
 */
export { CONTENT_SECURITY_POLICY } from '../services/content-security-policy.ts';

/** The renderer is served from this privileged custom scheme, never from file:// or http://. */
export const APP_SCHEME = 'app';
export const APP_HOST = 'leadrelay';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_ENTRY_URL = `${APP_ORIGIN}/index.html`;

/** The only permission a page of ours may ask for; everything else (camera, geolocation...) is denied. */
const ALLOWED_PERMISSIONS: ReadonlySet<string> = new Set(['notifications']);

function parse(url: string): URL | null {
  try {
    return new URL(url);
  } catch {
    return null;
  }
}

/**
 * Same scheme, host and port, and no credentials. Compared field by field because Node's URL
 * reports origin "null" for custom schemes, and because "app://leadrelay@evil" or
 * "app://leadrelay.evil" must not pass a prefix test.
 */
export function isSameOrigin(url: string, appOrigin: string): boolean {
  const candidate = parse(url);
  const expected = parse(appOrigin);
  if (!candidate || !expected) return false;
  return (
    candidate.protocol === expected.protocol &&
    candidate.hostname === expected.hostname &&
    candidate.hostname !== '' &&
    candidate.port === expected.port &&
    candidate.username === '' &&
    candidate.password === ''
  );
}

/** will-navigate / will-redirect: the window may only ever show our own pages. */
export function isAllowedNavigation(url: string, appOrigin: string): boolean {
  return isSameOrigin(url, appOrigin);
}

/** IPC is answered only for the top-level frame of our own page, never an iframe or a foreign page. */
export function isTrustedSender(frameUrl: string | null | undefined, isMainFrame: boolean, appOrigin: string): boolean {
  return isMainFrame && typeof frameUrl === 'string' && isSameOrigin(frameUrl, appOrigin);
}

/**
 * A link the rep clicked that should open in the system browser: only https with a real host
 * and no embedded credentials. Returns the normalised URL to hand to shell.openExternal, or
 * null to drop it (http, mailto, file, javascript, custom protocol handlers of other apps...).
 */
export function externalUrlToOpen(url: string): string | null {
  const parsed = parse(url);
  if (!parsed || parsed.protocol !== 'https:' || parsed.hostname === '') return null;
  if (parsed.username !== '' || parsed.password !== '') return null;
  return parsed.href;
}

export function isAllowedPermission(permission: string): boolean {
  return ALLOWED_PERMISSIONS.has(permission);
}

/** The subset of Electron's WebPreferences we set; window.ts passes it to BrowserWindow as is. */
export interface SecureWebPreferences {
  preload: string;
  contextIsolation: true;
  sandbox: true;
  nodeIntegration: false;
  nodeIntegrationInWorker: false;
  nodeIntegrationInSubFrames: false;
  webSecurity: true;
  allowRunningInsecureContent: false;
  webviewTag: false;
  experimentalFeatures: false;
  navigateOnDragDrop: false;
  safeDialogs: true;
  disableBlinkFeatures: string;
  spellcheck: boolean;
}

/** Every switch of Electron's security checklist, stated explicitly even where it is the default. */
export function secureWebPreferences(preloadPath: string): SecureWebPreferences {
  if (!preloadPath) throw new Error('secureWebPreferences: preloadPath is required');
  return {
    preload: preloadPath,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    webviewTag: false,
    experimentalFeatures: false,
    navigateOnDragDrop: false,
    safeDialogs: true,
    // Middle-click would otherwise ask for a new window (denied anyway by setWindowOpenHandler).
    disableBlinkFeatures: 'Auxclick',
    spellcheck: true,
  };
}
