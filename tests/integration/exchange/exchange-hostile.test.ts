import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXCHANGE_HEADERS } from '../../../core/exchange/exchange-sign.ts';
import { sign } from '../../../server/exchange/signing.ts';
import { expectStatus, SECRET, startNode, type Node } from './exchange-fixture.ts';
import { corpus, offerXml, post as postTo, storedRows, VENDOR, type Send } from './hostile-corpus.ts';

/**
 * Hostile input at the exchange endpoint of a reseller: each request is refused with a 4xx
 * and a reason, and nothing at all is stored (every table's row count is unchanged).
 */
let node: Node;

beforeAll(async () => {
  node = await startNode('reseller');
  expectStatus(await node.admin('POST', '/api/v1/admin/partners', { id: VENDOR, name: 'Vendor', url: 'http://127.0.0.1:9/api/v1/exchange/messages', format: 'xml', secret: SECRET }), 201);
});
afterAll(async () => node.close());

const post = (request: Send) => postTo(node.app, request);
const counts = () => storedRows(node.app);

describe('hostile input at the exchange endpoint', () => {
  it.each(corpus)('refuses %s with a 4xx and stores nothing', async (_name, make, status, reason) => {
    const before = counts();
    const answer = await post(make());
    expect(answer.status).toBe(status);
    expect(answer.json.error.message).toMatch(reason);
    expect(counts()).toEqual(before);
  });

  it('applies a message once: a retry (new signature) is acknowledged as a duplicate; the same signed request again is a replay', async () => {
    const body = offerXml();
    const timestamp = Date.now();
    const first = await post({ body, timestamp });
    expect(first.status).toBe(200);
    const afterFirst = counts();
    expect(afterFirst.exchange_leads).toBeGreaterThan(0);
    const replay = await post({ body, timestamp });
    expect(replay).toMatchObject({ status: 409, json: { error: { message: expect.stringMatching(/replay refused/) } } });
    expect(counts()).toEqual(afterFirst);
    const retry = await node.app.inject({
      method: 'POST', url: '/api/v1/exchange/messages', payload: body,
      headers: { 'content-type': 'application/xml', [EXCHANGE_HEADERS.partner]: VENDOR, [EXCHANGE_HEADERS.timestamp]: String(timestamp + 1), [EXCHANGE_HEADERS.signature]: sign(SECRET, timestamp + 1, body) },
    });
    expect(retry.statusCode).toBe(200);
    expect(retry.body).toMatch(/result="duplicate"/);
    const { exchange_nonces: _nonces, ...rest } = counts();
    const { exchange_nonces: _before, ...restBefore } = afterFirst;
    expect(rest).toEqual(restBefore);
  });

  it('accepts both secrets during a rotation, and only the new one after', async () => {
    const next = 'n'.repeat(40);
    expectStatus(await node.admin('PATCH', `/api/v1/admin/partners/${VENDOR}`, { rotateSecret: next }), 200);
    expect((await post({ body: offerXml(), secret: SECRET })).status).toBe(200);
    expect((await post({ body: offerXml(), secret: next })).status).toBe(200);
    expectStatus(await node.admin('PATCH', `/api/v1/admin/partners/${VENDOR}`, { dropPreviousSecret: true }), 200);
    const before = counts();
    expect((await post({ body: offerXml(), secret: SECRET })).status).toBe(401);
    expect(counts()).toEqual(before);
    expect((await post({ body: offerXml(), secret: next })).status).toBe(200);
    expectStatus(await node.admin('PATCH', `/api/v1/admin/partners/${VENDOR}`, { rotateSecret: SECRET, dropPreviousSecret: true }), 200);
  });
});
