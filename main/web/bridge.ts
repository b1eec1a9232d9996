import { timingSafeEqual } from 'node:crypto';
import { existsSync } from 'node:fs';
import fastifyStatic from '@fastify/static';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { z } from 'zod';
import { calls, events as eventSpecs, type BridgeErrorBody } from '../../core/contract/index.ts';
import { CallError, type CallErrorCode } from '../../core/contract/errors.ts';
import type { Dispatch } from '../services/dispatch.ts';
import type { EventHub } from '../services/events.ts';
import { CONTENT_SECURITY_POLICY } from '../services/content-security-policy.ts';

export interface BridgeOptions {
  dispatch: Dispatch;
  events: EventHub;
  /** Per-launch secret; every API request must carry it. */
  token: string;
  /** Built renderer (vite output). Optional so API-only tests need no build. */
  rendererDir?: string;
  heartbeatMs?: number;
}

const STATUS_OF: Record<CallErrorCode, number> = {
  invalid_input: 400,
  not_found: 404,
  conflict: 409,
  unknown_call: 404,
  internal: 500,
};

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

/**
 * Serves the workstation's handler map over HTTP on loopback, so the real renderer runs in any
 * browser (and in Playwright) against the real services. The same contract as IPC:
 * GET /rpc describes every call, POST /rpc/<name> invokes one, GET /events streams live events.
 */
export async function buildBridge(options: BridgeOptions): Promise<FastifyInstance> {
  // Closing ends every connection, open event streams of browser tabs included: otherwise
  // stopping the bridge (Ctrl-C) would wait for each tab to be closed first.
  const app = Fastify({ logger: false, bodyLimit: 1024 * 1024, forceCloseConnections: true });
  const expected = Buffer.from(options.token);

  const tokenMatches = (candidate: string | undefined): boolean => {
    if (!candidate) return false;
    const given = Buffer.from(candidate);
    return given.length === expected.length && timingSafeEqual(given, expected);
  };

  const sendError = (reply: FastifyReply, error: CallError): FastifyReply =>
    reply.code(STATUS_OF[error.code]).send(error.toBody());

  app.addHook('onRequest', async (request, reply) => {
    // A page on another site could reach loopback by DNS rebinding; a foreign Host header gives it away.
    const host = (request.headers.host ?? '').replace(/:\d+$/, '');
    if (!LOOPBACK_HOSTS.has(host)) {
      return sendError(reply, new CallError('invalid_input', 'this bridge only answers on 127.0.0.1', 'host'));
    }
    reply.header('content-security-policy', CONTENT_SECURITY_POLICY);
    reply.header('x-content-type-options', 'nosniff');
    reply.header('referrer-policy', 'no-referrer');
    reply.header('x-frame-options', 'DENY');
    if (!request.url.startsWith('/rpc') && !request.url.startsWith('/events')) return;
    if (!tokenMatches(bearerToken(request) ?? queryToken(request))) {
      return reply.code(401).send({ error: { code: 'invalid_input', message: 'missing or wrong bridge token; open the URL printed at start', field: 'token' } } satisfies BridgeErrorBody);
    }
    const origin = request.headers.origin;
    if (origin && origin !== `http://${request.headers.host}`) {
      return sendError(reply, new CallError('invalid_input', 'cross-origin requests are refused', 'origin'));
    }
  });

  app.setErrorHandler((error: Error & { statusCode?: number }, _request, reply) => {
    if (error instanceof CallError) return sendError(reply, error);
    const status = error.statusCode && error.statusCode < 500 ? error.statusCode : 500;
    const message = status < 500 ? `request body: ${error.message}` : 'internal error';
    return reply.code(status).send({ error: { code: status < 500 ? 'invalid_input' : 'internal', message, ...(status < 500 ? { field: 'body' } : {}) } } satisfies BridgeErrorBody);
  });

  // The contract is fixed for the process, so its JSON Schemas are built on the first ask, not on every one.
  let description: ReturnType<typeof describeContract> | undefined;
  app.get('/rpc', async () => (description ??= describeContract()));

  app.post<{ Params: { name: string } }>('/rpc/:name', async (request) => options.dispatch(request.params.name, request.body ?? {}));

  app.get('/events', (request, reply) => streamEvents(request, reply, options.events, options.heartbeatMs ?? 25_000));

  if (options.rendererDir && existsSync(options.rendererDir)) {
    await app.register(fastifyStatic, { root: options.rendererDir, index: 'index.html' });
  } else {
    app.get('/', async (_request, reply) =>
      reply.code(503).type('text/plain').send('The renderer is not built yet: run `npx vite build`, or start with `npm run start:web`.'),
    );
  }
  return app;
}

function describeContract() {
  return {
    calls: Object.entries(calls).map(([name, spec]) => ({
      name,
      description: spec.description,
      inputSchema: z.toJSONSchema(spec.input, { io: 'input', unrepresentable: 'any' }),
    })),
    events: Object.entries(eventSpecs).map(([name, spec]) => ({ name, description: spec.description })),
  };
}

function bearerToken(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  return header?.startsWith('Bearer ') ? header.slice('Bearer '.length) : undefined;
}

function queryToken(request: FastifyRequest): string | undefined {
  // EventSource cannot set headers, so /events carries the token in the query string.
  const token = (request.query as { token?: unknown } | undefined)?.token;
  return typeof token === 'string' ? token : undefined;
}

function streamEvents(request: FastifyRequest, reply: FastifyReply, hub: EventHub, heartbeatMs: number): void {
  reply.hijack();
  const raw = reply.raw;
  raw.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-store',
    connection: 'keep-alive',
    'x-accel-buffering': 'no',
  });
  raw.write(': connected\n\n');
  const unsubscribe = hub.subscribe((name, payload) => {
    raw.write(`event: ${name}\ndata: ${JSON.stringify(payload)}\n\n`);
  });
  const heartbeat = setInterval(() => raw.write(': keep-alive\n\n'), heartbeatMs);
  request.raw.on('close', () => {
    clearInterval(heartbeat);
    unsubscribe();
  });
}
