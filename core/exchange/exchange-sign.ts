/**
 * What a signature covers: `v1:<timestamp>:<raw body>` — the timestamp so a captured request
 * cannot be replayed later, the raw bytes so no re-encoding can change what was signed. The
 * HMAC itself (node:crypto) lives in the server; this is the shared definition.
 */
export const SIGNATURE_SCHEME = 'v1';
export const SIGNATURE_WINDOW_MS = 5 * 60_000;

export const EXCHANGE_HEADERS = {
  partner: 'x-leadrelay-partner',
  timestamp: 'x-leadrelay-timestamp',
  signature: 'x-leadrelay-signature',
} as const;

export function signingBase(timestamp: number, body: string): string {
  return `${SIGNATURE_SCHEME}:${timestamp}:${body}`;
}

/** `v1=<hex>` → the hex digest, or null when the header is not of that form. */
export function signatureDigest(header: string): string | null {
  const match = /^v1=([0-9a-f]{64})$/.exec(header.trim());
  return match ? match[1]! : null;
}

/** Whether `timestamp` (ms) is within the window around `now`. */
export function withinWindow(timestamp: number, now: number, windowMs = SIGNATURE_WINDOW_MS): boolean {
  return Number.isSafeInteger(timestamp) && Math.abs(now - timestamp) <= windowMs;
}
