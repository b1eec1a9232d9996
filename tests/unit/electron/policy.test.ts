import { describe, expect, it } from 'vitest';
import {
  APP_ENTRY_URL,
  APP_ORIGIN,
  CONTENT_SECURITY_POLICY,
  externalUrlToOpen,
  isAllowedNavigation,
  isAllowedPermission,
  isSameOrigin,
  isTrustedSender,
  secureWebPreferences,
} from '../../../main/electron/policy.ts';

const HOSTILE_URLS = [
  'javascript:alert(1)',
  'JavaScript:alert(document.cookie)',
  'data:text/html,<script>alert(1)</script>',
  'file:///etc/passwd',
  'file://leadrelay/index.html',
  'blob:app://leadrelay/3b2c',
  'about:blank',
  'chrome://settings',
  'devtools://devtools/bundled/inspector.html',
  'http://leadrelay/index.html',
  'https://leadrelay/index.html',
  'https://example.com/',
  'app://evil/index.html',
  'app://leadrelay.evil/index.html',
  'app://evil.leadrelay/index.html',
  'app://leadrelay@evil/index.html',
  'app://user:pass@leadrelay/index.html',
  'app://leadrelay:8080/index.html',
  'app://LEADRELAY/index.html',
  'app:leadrelay/index.html',
  'app:///index.html',
  'apps://leadrelay/index.html',
  'xapp://leadrelay/index.html',
  'leadrelay://app/index.html',
  '//leadrelay/index.html',
  '/index.html',
  '',
  'not a url',
];

describe('isSameOrigin / isAllowedNavigation', () => {
  it('allows our own pages, with any path, query or fragment', () => {
    for (const url of [APP_ENTRY_URL, `${APP_ORIGIN}/`, `${APP_ORIGIN}`, `${APP_ORIGIN}/leads/42?tab=history#notes`, `${APP_ORIGIN}/assets/index-abc.js`]) {
      expect(isAllowedNavigation(url, APP_ORIGIN), url).toBe(true);
    }
  });

  it.each(HOSTILE_URLS)('blocks %j', (url) => {
    expect(isAllowedNavigation(url, APP_ORIGIN)).toBe(false);
  });

  it('compares against the origin it is given, not a hard-coded one', () => {
    expect(isSameOrigin('http://127.0.0.1:5173/x', 'http://127.0.0.1:5173')).toBe(true);
    expect(isSameOrigin('http://127.0.0.1:5174/x', 'http://127.0.0.1:5173')).toBe(false);
    expect(isSameOrigin(APP_ENTRY_URL, 'not a url')).toBe(false);
  });
});

describe('isTrustedSender', () => {
  it('trusts only the main frame on our origin', () => {
    expect(isTrustedSender(APP_ENTRY_URL, true, APP_ORIGIN)).toBe(true);
    expect(isTrustedSender(`${APP_ORIGIN}/leads/1`, true, APP_ORIGIN)).toBe(true);
  });

  it('refuses subframes, even of our own origin', () => {
    expect(isTrustedSender(APP_ENTRY_URL, false, APP_ORIGIN)).toBe(false);
  });

  it('refuses missing frames and foreign pages', () => {
    expect(isTrustedSender(null, true, APP_ORIGIN)).toBe(false);
    expect(isTrustedSender(undefined, true, APP_ORIGIN)).toBe(false);
    for (const url of HOSTILE_URLS) expect(isTrustedSender(url, true, APP_ORIGIN), url).toBe(false);
  });
});

describe('externalUrlToOpen', () => {
  it('opens https links, normalised', () => {
    expect(externalUrlToOpen('https://example.com/pricing?x=1')).toBe('https://example.com/pricing?x=1');
    expect(externalUrlToOpen('HTTPS://Example.COM')).toBe('https://example.com/');
  });

  it.each([
    'http://example.com/',
    'javascript:alert(1)',
    'file:///etc/passwd',
    'data:text/html,hi',
    'mailto:someone@example.com',
    'smb://fileserver/share',
    'ms-msdt:/id PCWDiagnostic',
    'app://leadrelay/index.html',
    'https://user:secret@example.com/',
    'not a url',
    '',
  ])('drops %j', (url) => {
    expect(externalUrlToOpen(url)).toBeNull();
  });
});

describe('permissions', () => {
  it('allows notifications and nothing else', () => {
    expect(isAllowedPermission('notifications')).toBe(true);
    for (const permission of ['media', 'geolocation', 'clipboard-read', 'openExternal', 'fullscreen', 'hid', 'usb', 'serial', 'unknown', '']) {
      expect(isAllowedPermission(permission), permission).toBe(false);
    }
  });
});

describe('secureWebPreferences', () => {
  it('turns on every switch of the security checklist', () => {
    const prefs = secureWebPreferences('/app/dist/preload/index.cjs');
    expect(prefs).toMatchObject({
      preload: '/app/dist/preload/index.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      experimentalFeatures: false,
      disableBlinkFeatures: 'Auxclick',
    });
    expect(prefs).not.toHaveProperty('enableBlinkFeatures');
  });

  it('insists on a preload path', () => {
    expect(() => secureWebPreferences('')).toThrow(/preloadPath/);
  });
});

describe('CONTENT_SECURITY_POLICY', () => {
  const directives = new Map(
    CONTENT_SECURITY_POLICY.split(';').map((part) => {
      const [name = '', ...values] = part.trim().split(/\s+/);
      return [name, values] as const;
    }),
  );

  it('allows scripts from our origin only: no inline, no eval, no remote', () => {
    expect(directives.get('script-src') ?? directives.get('default-src')).toEqual(["'self'"]);
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/unsafe-eval|unsafe-inline|https?:|\*/);
  });

  it('locks down plugins, base URLs, forms and framing', () => {
    expect(directives.get('default-src')).toEqual(["'self'"]);
    expect(directives.get('object-src')).toEqual(["'none'"]);
    expect(directives.get('base-uri')).toEqual(["'none'"]);
    expect(directives.get('frame-ancestors')).toEqual(["'none'"]);
  });
});
