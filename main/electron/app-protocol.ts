import path from 'node:path';
import { isSameOrigin } from './policy.ts';

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
};

export interface AppAsset {
  file: string;
  contentType: string;
}

/**
 * Maps an app:// request to a file inside the built renderer, or null (404). Only our own
 * origin is served, and no spelling of the path ("..", "%2e%2e", "%2f", NUL) can step out of
 * rendererDir. Paths without an extension are client-side routes and get index.html.
 */
export function resolveAppAsset(url: string, appOrigin: string, rendererDir: string): AppAsset | null {
  if (!isSameOrigin(url, appOrigin)) return null;
  let pathname: string;
  try {
    pathname = decodeURIComponent(new URL(url).pathname);
  } catch {
    return null;
  }
  if (pathname.includes('\0') || pathname.includes('\\')) return null;
  const segments = pathname.split('/').filter((segment) => segment !== '');
  if (segments.some((segment) => segment === '..' || segment === '.')) return null;

  const extension = path.posix.extname(segments.at(-1) ?? '');
  const relative = extension === '' ? 'index.html' : segments.join('/');
  const root = path.resolve(rendererDir);
  const file = path.resolve(root, relative);
  if (!file.startsWith(root + path.sep)) return null;
  const contentType = CONTENT_TYPES[path.extname(file).toLowerCase()];
  return contentType ? { file, contentType } : null;
}
