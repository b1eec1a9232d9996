import { createHmac, timingSafeEqual } from 'node:crypto';
import { signatureDigest, signingBase } from '../../core/exchange/exchange-sign.ts';

/** HMAC-SHA256 over core's signing base; the header value is `v1=<hex>`. */
export function sign(secret: string, timestamp: number, body: string): string {
  return `v1=${createHmac('sha256', secret).update(signingBase(timestamp, body)).digest('hex')}`;
}

/**
 * Whether `header` is a valid signature of the body under any of `secrets` (the current one
 * and, during a rotation, the previous one). Every secret is tried, and compared in
 * constant time, so the answer takes as long whichever matched.
 */
export function verifySignature(secrets: readonly string[], timestamp: number, body: string, header: string): boolean {
  const digest = signatureDigest(header);
  const presented = Buffer.from(digest ?? '0'.repeat(64), 'hex');
  let ok = false;
  for (const secret of secrets) {
    const expected = createHmac('sha256', secret).update(signingBase(timestamp, body)).digest();
    if (timingSafeEqual(expected, presented)) ok = true;
  }
  return ok && digest !== null;
}
