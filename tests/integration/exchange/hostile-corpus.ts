import type { FastifyInstance } from 'fastify';
import { EXCHANGE_HEADERS } from '../../../core/exchange/exchange-sign.ts';
import { sign } from '../../../server/exchange/signing.ts';
import { SECRET } from './exchange-fixture.ts';

/**
 * Hostile requests for a reseller's exchange endpoint (from vendor VENDOR, registered with
 * SECRET), shared by the hostile-input test and the memory run that repeats them.
 */
export const VENDOR = 'vendor-1';

const TABLES = ['leads', 'lead_history', 'offers', 'exchange_leads', 'exchange_inbox', 'exchange_nonces', 'exchange_outbox', 'partner_offers', 'partners'];

/** Row counts of every table an exchange request could write to. */
export const storedRows = (app: FastifyInstance): Record<string, number> =>
  Object.fromEntries(TABLES.map((table) => [table, (app.store.db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n]));

let sequence = 0;
export const offerXml = (inner = '<contact><firstName>Jane</firstName></contact>', id = `m-${++sequence}`) =>
  `<exchange xmlns="urn:leadrelay:exchange" version="1"><offer id="${id}" sentAt="1" leadId="L-${id}" upForGrabs="false"><lead createdAt="1" priority="normal">${inner}</lead></offer></exchange>`;

export interface Send {
  body: string;
  contentType?: string;
  partner?: string;
  timestamp?: number;
  secret?: string;
  signature?: string;
  omit?: string;
}

export async function post(app: FastifyInstance, request: Send) {
  const timestamp = request.timestamp ?? Date.now();
  const headers: Record<string, string> = {
    'content-type': request.contentType ?? 'application/xml',
    [EXCHANGE_HEADERS.partner]: request.partner ?? VENDOR,
    [EXCHANGE_HEADERS.timestamp]: String(timestamp),
    [EXCHANGE_HEADERS.signature]: request.signature ?? sign(request.secret ?? SECRET, timestamp, request.body),
  };
  if (request.omit) delete headers[request.omit];
  const response = await app.inject({ method: 'POST', url: '/api/v1/exchange/messages', headers, payload: request.body });
  const json = response.headers['content-type']?.toString().startsWith('application/json') && response.statusCode >= 400 ? response.json<{ error: { code: string; message: string; field?: string } }>() : null;
  return { status: response.statusCode, json: json ?? { error: { code: '', message: '' } }, body: response.body };
}

const nested = (depth: number) => `<exchange version="1">${'<a>'.repeat(depth)}${'</a>'.repeat(depth)}</exchange>`;
const billionLaughs = `<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">]><exchange version="1">&lol2;</exchange>`;

/** Each hostile request: what it is, how to make it (fresh ids each time), the status and reason it must get. */
export const corpus: Array<[string, () => Send, number, RegExp]> = [
  ['malformed XML', () => ({ body: offerXml().replace('</offer>', '') }), 400, /not acceptable|never closed|does not close/],
  ['a DOCTYPE with entities (billion laughs)', () => ({ body: billionLaughs }), 400, /DOCTYPE/],
  ['an undeclared entity', () => ({ body: offerXml('<contact><firstName>&xxe;</firstName></contact>') }), 400, /unknown entity/],
  ['an external entity reference', () => ({ body: `<!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>${offerXml('<contact><firstName>&xxe;</firstName></contact>')}` }), 400, /DOCTYPE/],
  ['deep nesting (XML)', () => ({ body: nested(5_000) }), 400, /nested deeper/],
  ['deep nesting (JSON)', () => ({ body: `${'['.repeat(5_000)}${']'.repeat(5_000)}`, contentType: 'application/json' }), 400, /nested deeper/],
  ['too many attributes', () => ({ body: offerXml().replace('<lead ', `<lead ${Array.from({ length: 40 }, (_, i) => `a${i}="1"`).join(' ')} `) }), 400, /more than 16 attributes/],
  ['a text value over the cap', () => ({ body: offerXml(`<contact><firstName>${'x'.repeat(30_000)}</firstName></contact>`) }), 400, /longer than/],
  ['a field over its length', () => ({ body: offerXml(`<contact><firstName>${'x'.repeat(400)}</firstName></contact>`) }), 400, /firstName/],
  ['an unknown element', () => ({ body: offerXml('<contact><firstName>J</firstName></contact><password>x</password>') }), 400, /unknown element/],
  ['an invalid email', () => ({ body: offerXml('<contact><email>not an email</email></contact>') }), 422, /email/],
  ['two messages in one request', () => ({ body: offerXml().replace('</exchange>', offerXml().replace(/^.*?<offer/, '<offer')) }), 400, /exactly one message/],
  ['a __proto__ key', () => ({ body: '{"version":1,"messages":[{"__proto__":{"x":1}}]}', contentType: 'application/json' }), 400, /__proto__/],
  ['not JSON', () => ({ body: '{"version":1,', contentType: 'application/json' }), 400, /not valid JSON/],
  ['an oversized body', () => ({ body: offerXml(`<contact><firstName>J</firstName></contact>${'<!-- pad -->'.repeat(100_000)}`) }), 413, /larger than/],
  ['an unknown content type', () => ({ body: offerXml(), contentType: 'text/plain' }), 415, /content-type/],
  ['a message kind a vendor may not send', () => ({ body: `<exchange version="1"><accept id="a-${++sequence}" sentAt="1" leadId="x"/></exchange>` }), 422, /not accepted from a vendor/],
  ['a wrong signature', () => ({ body: offerXml(), secret: 'w'.repeat(40) }), 401, /signature does not match/],
  ['a malformed signature header', () => ({ body: offerXml(), signature: 'v1=abc' }), 401, /signature does not match/],
  ['an unknown partner', () => ({ body: offerXml(), partner: 'nobody' }), 401, /signature does not match/],
  ['no signature', () => ({ body: offerXml(), omit: EXCHANGE_HEADERS.signature }), 401, /x-leadrelay-signature/],
  ['no timestamp', () => ({ body: offerXml(), omit: EXCHANGE_HEADERS.timestamp }), 401, /x-leadrelay-timestamp/],
  ['a stale timestamp (6 minutes old, correctly signed)', () => ({ body: offerXml(), timestamp: Date.now() - 6 * 60_000 }), 401, /within 5 minutes/],
  ['a timestamp from the future', () => ({ body: offerXml(), timestamp: Date.now() + 6 * 60_000 }), 401, /within 5 minutes/],
];
