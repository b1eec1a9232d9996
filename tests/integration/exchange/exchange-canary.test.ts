import { createServer as createHttpServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createServer as createTcpServer, connect, type AddressInfo, type Server } from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import { v7 as uuidv7 } from 'uuid';
import { EXCHANGE_HEADERS } from '../../../core/exchange/exchange-sign.ts';
import { Lead } from '../../../core/lead/lead.ts';
import { decodeMessage, encodeMessage, CONTENT_TYPES } from '../../../server/exchange/codec.ts';
import { sign, verifySignature } from '../../../server/exchange/signing.ts';
import { leadRows } from '../../../server/store/lead-rows.ts';
import { expectStatus, rule, SECRET, seed, startNode, type Node } from './exchange-fixture.ts';
import { waitFor } from '../../fixtures/wait-for.ts';

/**
 * Every byte the central server sends to its resellers, captured at the TCP level by a proxy
 * in front of each, over LEADS leads with canary values in withheld and private fields: no
 * withheld canary leaves before the partner accepts, no private canary ever.
 */
const LEADS = 10_000;

const closers: Array<() => Promise<void>> = [];
afterAll(async () => {
  for (const close of closers.splice(0).reverse()) await close();
});

const listen = async (server: Server | ReturnType<typeof createHttpServer>): Promise<number> => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  closers.push(() => new Promise<void>((resolve) => server.close(() => resolve())));
  return (server.address() as AddressInfo).port;
};

/** A minimal reseller: verifies each signed message, remembers offers, answers a signed ack. */
async function fakeReseller(partnerId: () => string): Promise<{ port: number; offers: Map<string, string> }> {
  const offers = new Map<string, string>(); // central lead id → message id
  const server = createHttpServer((request: IncomingMessage, response: ServerResponse) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const timestamp = Number(request.headers[EXCHANGE_HEADERS.timestamp]);
      if (!verifySignature([SECRET], timestamp, body, String(request.headers[EXCHANGE_HEADERS.signature]))) {
        response.writeHead(401).end();
        return;
      }
      const message = decodeMessage('xml', body);
      if (message.kind === 'offer') offers.set(message.leadId, message.id);
      const ack = encodeMessage('xml', { kind: 'ack', id: uuidv7(), sentAt: Date.now(), ackOf: message.id, result: 'applied', reason: null });
      const now = Date.now();
      response
        .writeHead(200, { 'content-type': CONTENT_TYPES.xml, [EXCHANGE_HEADERS.partner]: partnerId(), [EXCHANGE_HEADERS.timestamp]: String(now), [EXCHANGE_HEADERS.signature]: sign(SECRET, now, ack) })
        .end(ack);
    });
  });
  return { port: await listen(server), offers };
}

/** A TCP proxy that records every byte going towards `port`. */
async function captureProxy(port: number, captured: Buffer[]): Promise<number> {
  const proxy = createTcpServer((socket) => {
    const upstream = connect(port, '127.0.0.1');
    socket.on('data', (chunk: Buffer) => {
      captured.push(chunk);
      upstream.write(chunk);
    });
    upstream.pipe(socket);
    socket.on('error', () => upstream.destroy());
    upstream.on('error', () => socket.destroy());
    socket.on('close', () => upstream.destroy());
  });
  return listen(proxy);
}

describe('what the central server sends to resellers', () => {
  it(`never contains a withheld value before acceptance, nor a private value at all (${LEADS} leads, two resellers)`, async () => {
    const central: Node = await startNode('central', { exchange: { concurrency: 16, retryBaseMs: 50, maxBackoffMs: 500 } });
    closers.push(() => central.close());
    const ids: string[] = [];
    const captured: Buffer[] = [];
    const resellers = [await fakeReseller(() => ids[0]!), await fakeReseller(() => ids[1]!)];
    for (const [index, reseller] of resellers.entries()) {
      const proxyPort = await captureProxy(reseller.port, captured);
      const policy = { private: ['contact.street', 'custom'], withheld: ['contact.phone'] };
      const answer = expectStatus(await central.admin('POST', '/api/v1/admin/partners', { name: `R${index}`, url: `http://127.0.0.1:${proxyPort}/x`, format: 'xml', secret: SECRET, policy }), 201);
      ids.push(answer.json.partner.id as string);
    }
    await seed(central, { rules: [rule('grab', [{ type: 'routeUpForGrabs', servers: ids }, { type: 'withholdFields', fields: ['email'] }])] });

    const db = central.app.store.db;
    const rows = leadRows(db);
    const now = Date.now();
    const leadIds: string[] = [];
    for (let i = 0; i < LEADS; i++) {
      const lead = Lead.parse({
        id: uuidv7(), createdAt: now, updatedAt: now, status: 'new', priority: 'normal', score: 50,
        contact: { firstName: `First${i}`, lastName: `Last${i}`, company: `Company ${i}`, email: `wcanary${i}@withheld.example`, phone: `+49 30 ${7000000 + i}`, street: `PCANARY street ${i}`, country: 'DE' },
        interest: {}, custom: { secret: `PCANARY custom ${i}` },
      });
      db.transaction(() => rows.save(lead))();
      central.app.lifecycle.onLeadArrived(lead.id);
      leadIds.push(lead.id);
    }
    await waitFor('every offer delivered', () => resellers.every((reseller) => reseller.offers.size === LEADS), 240_000);
    const before = Buffer.concat(captured).toString('utf8');
    expect(before.length).toBeGreaterThan(LEADS * 2 * 300);
    expect(before).toContain('First0');
    expect(before).not.toMatch(/wcanary|PCANARY|\+49 30 7/);

    // Reseller 0 accepts three leads: their withheld values (and only theirs) now travel to it.
    const accepted = leadIds.slice(0, 3);
    for (const leadId of accepted) {
      const body = encodeMessage('xml', { kind: 'accept', id: uuidv7(), sentAt: Date.now(), leadId, assignee: null });
      const timestamp = Date.now();
      const response = await fetch(`${central.url}/api/v1/exchange/messages`, {
        method: 'POST', body,
        headers: { 'content-type': 'application/xml', [EXCHANGE_HEADERS.partner]: ids[0]!, [EXCHANGE_HEADERS.timestamp]: String(timestamp), [EXCHANGE_HEADERS.signature]: sign(SECRET, timestamp, body) },
      });
      expect(response.status).toBe(200);
    }
    await waitFor('the releases', () => Buffer.concat(captured).toString('utf8').match(/wcanary\d+@/g)?.length === 3, 30_000);
    const after = Buffer.concat(captured).toString('utf8');
    expect([...new Set(after.match(/wcanary\d+@/g))].sort()).toEqual(['wcanary0@', 'wcanary1@', 'wcanary2@']);
    expect(after).not.toMatch(/PCANARY/);
  }, 300_000);
});
