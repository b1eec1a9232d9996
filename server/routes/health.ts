import { z } from 'zod';
import type { FastifyInstance } from 'fastify';
import { ErrorBody } from '../http/errors.ts';
import { routeSchema } from '../http/openapi.ts';
import { jsonSchema } from '../http/schema.ts';
import { SERVER_VERSION } from '../version.ts';

const HealthBase = z.object({
  role: z.enum(['central', 'reseller']),
  version: z.string(),
  uptimeSeconds: z.number().nonnegative(),
});

export const HealthOk = HealthBase.extend({ status: z.literal('ok'), db: z.literal('ok') }).describe('The server and its database answer.');

export const HealthFailing = HealthBase.extend({
  status: z.literal('unavailable'),
  db: z.literal('error'),
  error: ErrorBody.shape.error,
}).describe('The server runs but cannot serve requests; `error.message` says why.');

export interface HealthOptions {
  startedAt: number;
  now: () => number;
}

/** For load balancers and monitors: 200 only when a request could actually be served. */
export async function healthRoutes(app: FastifyInstance, options: HealthOptions): Promise<void> {
  app.get(
    '/healthz',
    {
      schema: routeSchema({
        summary: 'Liveness and readiness',
        tags: ['operations'],
        response: { 200: jsonSchema(HealthOk, 'output'), 503: jsonSchema(HealthFailing, 'output') },
      }),
    },
    async (_request, reply) => {
      const base = {
        role: app.store.info.role,
        version: SERVER_VERSION,
        uptimeSeconds: Math.max(0, Math.round((options.now() - options.startedAt) / 1000)),
      };
      const db = app.store.check();
      if (db === 'ok') return { status: 'ok', ...base, db: 'ok' };
      return reply.status(503).send({ status: 'unavailable', ...base, db: 'error', error: { code: 'unavailable', message: `database check failed: ${db}` } });
    },
  );
}
