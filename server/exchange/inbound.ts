import type Database from 'better-sqlite3';
import type { ExchangeMessage } from '../../core/exchange/exchange-message.ts';
import { EXCHANGE_HEADERS, SIGNATURE_WINDOW_MS, withinWindow } from '../../core/exchange/exchange-sign.ts';
import { HttpError } from '../http/errors.ts';
import type { Outcome } from './central-side.ts';
import { CONTENT_TYPES, decodeMessage, encodeMessage, formatOf, type WireFormat } from './codec.ts';
import type { ExchangeRows } from './exchange-rows.ts';
import type { Partner, Partners } from './partners.ts';
import { sign, verifySignature } from './signing.ts';

/**
 * One signed request from a partner, checked in order of cost — content type, headers,
 * timestamp window, partner, signature (constant time, current or previous secret), replay,
 * then the document — and applied in one transaction with the record that it was, so a
 * retry of the same message id gets the same answer and nothing is applied twice. Anything
 * refused answers 4xx and leaves no trace.
 */
export type Handlers = { [K in ExchangeMessage['kind']]?: (partner: Partner, message: Extract<ExchangeMessage, { kind: K }>) => Outcome };

export interface InboundAnswer {
  partner: Partner;
  contentType: string;
  body: string;
  headers: Record<string, string>;
}

const header = (headers: Record<string, string | string[] | undefined>, name: string): string => {
  const value = headers[name];
  if (typeof value !== 'string' || value === '') throw new HttpError(401, 'unauthorized', `${name}: the header is required on exchange requests`, name);
  return value;
};

export function createInbound(options: { db: Database.Database; partners: Partners; rows: ExchangeRows; now: () => number; newId: () => string; handlers: { reseller: Handlers; vendor: Handlers } }) {
  const { db, partners, rows, now } = options;

  function authenticate(headers: Record<string, string | string[] | undefined>, body: string): { partner: Partner; signature: string; format: WireFormat } {
    const format = formatOf(headers['content-type'] as string | undefined);
    if (!format) throw new HttpError(415, 'unsupported_media_type', 'content-type: exchange messages are application/xml or application/json', 'content-type');
    const partnerId = header(headers, EXCHANGE_HEADERS.partner);
    const stamp = header(headers, EXCHANGE_HEADERS.timestamp);
    const signature = header(headers, EXCHANGE_HEADERS.signature);
    const timestamp = /^\d{1,16}$/.test(stamp) ? Number(stamp) : Number.NaN;
    if (!withinWindow(timestamp, now())) {
      throw new HttpError(401, 'unauthorized', `${EXCHANGE_HEADERS.timestamp}: the timestamp is not within ${SIGNATURE_WINDOW_MS / 60_000} minutes of this server's clock`, EXCHANGE_HEADERS.timestamp);
    }
    const partner = partners.get(partnerId);
    // An unknown partner costs a signature check too, so ids cannot be probed by timing.
    const secrets = partner ? [partner.secret, ...(partner.previousSecret ? [partner.previousSecret] : [])] : ['x'.repeat(32)];
    const valid = verifySignature(secrets, timestamp, body, signature);
    if (!partner || !valid) throw new HttpError(401, 'unauthorized', `${EXCHANGE_HEADERS.signature}: the signature does not match (unknown partner or wrong secret)`, EXCHANGE_HEADERS.signature);
    if (partner.disabled) throw new HttpError(403, 'forbidden', 'this partner is disabled on this server');
    if (rows.nonceSeen(signature)) throw new HttpError(409, 'conflict', `${EXCHANGE_HEADERS.signature}: this signed request was already received (replay refused)`, EXCHANGE_HEADERS.signature);
    return { partner, signature, format };
  }

  function apply(partner: Partner, message: ExchangeMessage): Outcome {
    const handler = (partner.kind === 'reseller' ? options.handlers.reseller : options.handlers.vendor)[message.kind] as ((p: Partner, m: ExchangeMessage) => Outcome) | undefined;
    if (!handler) {
      const from = partner.kind === 'reseller' ? 'a reseller' : 'a vendor';
      throw new HttpError(422, 'invalid_input', `kind: a "${message.kind}" message is not accepted from ${from}`, 'kind');
    }
    return handler(partner, message);
  }

  return {
    /** Verifies, applies (at most once) and answers with a signed acknowledgement; throws HttpError for anything refused. */
    receive(headers: Record<string, string | string[] | undefined>, body: string): InboundAnswer {
      const { partner, signature, format } = authenticate(headers, body);
      const message = decodeMessage(format, body);
      const at = now();
      const outcome = db.transaction((): Outcome & { duplicate: boolean } => {
        if (!rows.addNonce(signature, at)) throw new HttpError(409, 'conflict', `${EXCHANGE_HEADERS.signature}: this signed request was already received (replay refused)`, EXCHANGE_HEADERS.signature);
        const seen = rows.seen(partner.id, message.id);
        if (seen) return { result: seen.result as Outcome['result'], reason: seen.reason, duplicate: true };
        const result = apply(partner, message);
        rows.remember(partner.id, message.id, message.kind, at, result.result, result.reason);
        return { ...result, duplicate: false };
      }).immediate();
      const ack: ExchangeMessage = { kind: 'ack', id: options.newId(), sentAt: at, ackOf: message.id, result: outcome.duplicate ? 'duplicate' : outcome.result, reason: outcome.reason };
      const answer = encodeMessage(format, ack);
      const timestamp = now();
      return {
        partner,
        contentType: CONTENT_TYPES[format],
        body: answer,
        headers: { [EXCHANGE_HEADERS.partner]: partner.id, [EXCHANGE_HEADERS.timestamp]: String(timestamp), [EXCHANGE_HEADERS.signature]: sign(partner.secret, timestamp, answer) },
      };
    },
    prune: () => rows.pruneNonces(now() - 2 * SIGNATURE_WINDOW_MS),
  };
}
export type Inbound = ReturnType<typeof createInbound>;
