import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { FastifyInstance } from 'fastify';
import { buildServer } from '../../../server/build-server.ts';
import { jsonSchema } from '../../../server/http/schema.ts';
import { Contact } from '../../../core/lead/lead.ts';

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function makeServer(options: { bodyLimit?: number; now?: () => number } = {}): Promise<FastifyInstance> {
  const dataDir = mkdtempSync(join(tmpdir(), 'leadrelay-server-'));
  const app = await buildServer({ role: 'central', dataDir, ...options });
  cleanups.push(() => rmSync(dataDir, { recursive: true, force: true }));
  cleanups.push(() => app.close());
  return app;
}

/** A route shaped like the ones later issues add, to exercise validation end to end. */
function addEchoRoute(app: FastifyInstance): void {
  const Body = z.object({ contact: Contact, count: z.number().int().min(1) });
  app.post('/api/v1/echo', { schema: { body: jsonSchema(Body), params: jsonSchema(z.object({})) } }, async (request) => request.body);
}

describe('GET /healthz', () => {
  it('answers ok with role, version, uptime and db state, with security headers', async () => {
    let clock = 1_000_000;
    const app = await makeServer({ now: () => clock });
    clock += 42_000;
    const response = await app.inject({ method: 'GET', url: '/healthz' });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ status: 'ok', role: 'central', version: expect.stringMatching(/^\d+\.\d+\.\d+/), uptimeSeconds: 42, db: 'ok' });
    expect(response.headers['x-content-type-options']).toBe('nosniff');
    expect(response.headers['content-security-policy']).toContain("default-src 'none'");
    expect(response.headers['cache-control']).toBe('no-store');
  });

  it('answers 503 naming the reason when the database cannot be used', async () => {
    const app = await makeServer();
    app.store.db.close();
    const response = await app.inject({ method: 'GET', url: '/healthz' });
    expect(response.statusCode).toBe(503);
    expect(response.json()).toMatchObject({ status: 'unavailable', db: 'error', error: { code: 'unavailable', message: expect.stringContaining('database') } });
  });
});

describe('GET /api/v1/openapi.json', () => {
  it('describes every registered route, including ones added after the factory', async () => {
    const app = await makeServer();
    addEchoRoute(app);
    const response = await app.inject({ method: 'GET', url: '/api/v1/openapi.json' });
    expect(response.statusCode).toBe(200);
    const document = response.json();
    expect(document.openapi).toBe('3.1.0');
    expect(Object.keys(document.paths)).toEqual(
      expect.arrayContaining(['/api/v1/echo', '/api/v1/openapi.json', '/healthz', '/api/v1/leads', '/api/v1/auth/login', '/api/v1/sync/push']),
    );
    expect(document.paths['/healthz'].get.responses['200'].content['application/json'].schema.properties.status).toEqual({ type: 'string', const: 'ok' });
    const echo = document.paths['/api/v1/echo'].post;
    expect(echo.requestBody.content['application/json'].schema.properties.contact.properties.email).toBeDefined();
    expect(echo.responses.default.content['application/json'].schema).toEqual({ $ref: '#/components/schemas/Error' });
    expect(document.components.schemas.Error.required).toEqual(['error']);
  });
});

describe('errors', () => {
  it('answers an unknown route with 404 in the error shape', async () => {
    const app = await makeServer();
    const response = await app.inject({ method: 'GET', url: '/api/v1/nothing-here?x=1' });
    expect(response.statusCode).toBe(404);
    expect(response.json()).toEqual({ error: { code: 'not_found', message: 'no route for GET /api/v1/nothing-here' } });
  });

  it('answers malformed JSON with 400 saying where it broke', async () => {
    const app = await makeServer();
    addEchoRoute(app);
    const response = await app.inject({ method: 'POST', url: '/api/v1/echo', headers: { 'content-type': 'application/json' }, payload: '{"contact": {"firstName": "Ann",}' });
    expect(response.statusCode).toBe(400);
    const body = response.json();
    expect(body.error.code).toBe('invalid_json');
    expect(body.error.message).toMatch(/^request body is not valid JSON: .*(position|JSON)/);
  });

  it('answers an empty JSON body with 400', async () => {
    const app = await makeServer();
    addEchoRoute(app);
    const response = await app.inject({ method: 'POST', url: '/api/v1/echo', headers: { 'content-type': 'application/json' }, payload: '' });
    expect(response.statusCode).toBe(400);
    expect(response.json().error).toEqual({ code: 'invalid_json', message: 'request body is empty but content-type is application/json' });
  });

  it('names the nested field a schema rejects', async () => {
    const app = await makeServer();
    addEchoRoute(app);
    const response = await app.inject({ method: 'POST', url: '/api/v1/echo', payload: { contact: { email: 'not-an-email' }, count: 1 } });
    expect(response.statusCode).toBe(400);
    expect(response.json().error).toMatchObject({ code: 'invalid_input', field: 'contact.email', message: expect.stringMatching(/^contact\.email: /) });
  });

  it('applies the zod schema: defaults filled, strings trimmed', async () => {
    const app = await makeServer();
    addEchoRoute(app);
    const response = await app.inject({ method: 'POST', url: '/api/v1/echo', payload: { contact: { firstName: '  Ann ' }, count: 2 } });
    expect(response.statusCode).toBe(200);
    expect(response.json().contact).toMatchObject({ firstName: 'Ann', lastName: null, country: null });
  });

  it('refuses prototype-poisoning keys', async () => {
    const app = await makeServer();
    addEchoRoute(app);
    const response = await app.inject({ method: 'POST', url: '/api/v1/echo', headers: { 'content-type': 'application/json' }, payload: '{"count":1,"contact":{},"__proto__":{"admin":true}}' });
    expect(response.statusCode).toBe(400);
    expect(response.json().error).toMatchObject({ code: 'invalid_json', field: '__proto__' });
  });

  it('answers an oversized body with 413 naming the limit', async () => {
    const app = await makeServer({ bodyLimit: 1024 });
    addEchoRoute(app);
    const response = await app.inject({ method: 'POST', url: '/api/v1/echo', payload: { contact: { title: 'x'.repeat(2000) }, count: 1 } });
    expect(response.statusCode).toBe(413);
    expect(response.json().error).toEqual({ code: 'payload_too_large', message: 'request body is larger than the limit of 1024 bytes' });
  });

  it('answers an unaccepted content type with 415', async () => {
    const app = await makeServer();
    addEchoRoute(app);
    const response = await app.inject({ method: 'POST', url: '/api/v1/echo', headers: { 'content-type': 'application/xml' }, payload: '<lead/>' });
    expect(response.statusCode).toBe(415);
    expect(response.json().error).toMatchObject({ code: 'unsupported_media_type', field: 'content-type' });
  });

  it('hides the details of an internal failure', async () => {
    const app = await makeServer();
    app.get('/api/v1/boom', async () => {
      throw new Error('secret connection string');
    });
    const response = await app.inject({ method: 'GET', url: '/api/v1/boom' });
    expect(response.statusCode).toBe(500);
    expect(response.json()).toEqual({ error: { code: 'internal', message: 'internal server error' } });
  });
});

describe('route schemas', () => {
  it('refuses to start with a schema that did not come from zod, rather than skip validation', async () => {
    const app = await makeServer();
    app.post('/api/v1/raw', { schema: { body: { type: 'object' } } }, async () => ({}));
    await expect(app.ready()).rejects.toThrow('POST /api/v1/raw: the body schema must be built with jsonSchema() from a zod schema');
  });
});

describe('closing', () => {
  it('lets a request in flight finish, then closes the database', async () => {
    const app = await makeServer();
    let release = () => {};
    const started = new Promise<void>((resolveStarted) => {
      app.get('/api/v1/slow', async () => {
        resolveStarted();
        await new Promise<void>((resolveRelease) => (release = resolveRelease));
        return { done: true };
      });
    });
    await app.listen({ port: 0, host: '127.0.0.1' });
    const { port } = app.server.address() as { port: number };
    const pending = fetch(`http://127.0.0.1:${port}/api/v1/slow`);
    await started;
    const closing = app.close();
    release();
    const response = await pending;
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ done: true });
    await closing;
    expect(app.store.db.open).toBe(false);
  });
});
