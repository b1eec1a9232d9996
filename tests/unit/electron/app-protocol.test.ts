import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { resolveAppAsset } from '../../../main/electron/app-protocol.ts';
import { APP_ORIGIN } from '../../../main/electron/policy.ts';

let rendererDir: string;

beforeAll(() => {
  const base = mkdtempSync(path.join(os.tmpdir(), 'leadrelay-protocol-'));
  rendererDir = path.join(base, 'renderer');
  mkdirSync(path.join(rendererDir, 'assets'), { recursive: true });
  writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html>');
  writeFileSync(path.join(rendererDir, 'assets', 'index-abc.js'), '');
  // A secret right beside the renderer folder, which no request may reach.
  writeFileSync(path.join(base, 'secrets.json'), '{}');
});

describe('resolveAppAsset', () => {
  it('serves the renderer files with their content type', () => {
    expect(resolveAppAsset(`${APP_ORIGIN}/index.html`, APP_ORIGIN, rendererDir)).toEqual({
      file: path.join(rendererDir, 'index.html'),
      contentType: 'text/html; charset=utf-8',
    });
    expect(resolveAppAsset(`${APP_ORIGIN}/assets/index-abc.js?v=1`, APP_ORIGIN, rendererDir)).toEqual({
      file: path.join(rendererDir, 'assets', 'index-abc.js'),
      contentType: 'text/javascript; charset=utf-8',
    });
  });

  it('answers client-side routes and the bare origin with index.html', () => {
    for (const url of [`${APP_ORIGIN}/`, APP_ORIGIN, `${APP_ORIGIN}/leads/42`]) {
      expect(resolveAppAsset(url, APP_ORIGIN, rendererDir)?.file, url).toBe(path.join(rendererDir, 'index.html'));
    }
  });

  it.each([
    `${APP_ORIGIN}/../secrets.json`,
    `${APP_ORIGIN}/%2e%2e/secrets.json`,
    `${APP_ORIGIN}/assets/%2e%2e/%2e%2e/secrets.json`,
    `${APP_ORIGIN}/..%2fsecrets.json`,
    `${APP_ORIGIN}/..%5csecrets.json`,
    `${APP_ORIGIN}/index.html%00.js`,
    `${APP_ORIGIN}/%E0%A4%A.js`,
  ])('never leaves the renderer folder: %s', (url) => {
    const asset = resolveAppAsset(url, APP_ORIGIN, rendererDir);
    if (asset) expect(asset.file.startsWith(rendererDir + path.sep)).toBe(true);
    expect(asset?.file).not.toBe(path.join(rendererDir, '..', 'secrets.json'));
  });

  it('refuses other origins and unknown file types', () => {
    expect(resolveAppAsset('app://evil/index.html', APP_ORIGIN, rendererDir)).toBeNull();
    expect(resolveAppAsset('file:///etc/passwd', APP_ORIGIN, rendererDir)).toBeNull();
    expect(resolveAppAsset(`${APP_ORIGIN}/leadrelay.db`, APP_ORIGIN, rendererDir)).toBeNull();
  });
});
