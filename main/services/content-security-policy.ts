/**
 * The renderer's Content-Security-Policy, one definition for every way it is served: the
 * Electron session headers, the web bridge and (copied, since HTML cannot import) the meta
 * tag in renderer/index.html. No inline script or style, no eval, no remote origins.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');
