import { z } from 'zod';
import type { FastifyInstance } from 'fastify';
import { PullPage, PullQuery, PushRequest, PushResponse } from '../../core/sync/protocol.ts';
import { SNAPSHOT_CONTENT_TYPE, SnapshotQuery } from '../../core/sync/snapshot.ts';
import { routeSchema } from '../http/openapi.ts';
import { jsonSchema } from '../http/schema.ts';
import { requireUser, type Principal } from '../org/auth.ts';
import { createFeed } from '../sync/feed.ts';
import { createLiveHub, type LiveHub } from '../sync/live.ts';
import { createPushHandler } from '../sync/push.ts';
import { createSnapshot } from '../sync/snapshot.ts';
import { syncRows } from '../sync/sync-rows.ts';

type UserPrincipal = Extract<Principal, { kind: 'user' }>;
const tags = ['sync'];

/** Workstation sync (docs/sync.md): push the outbox, pull the change feed or a first sync's snapshot, listen for live events. */
export async function syncRoutes(app: FastifyInstance, options: { now: () => number; hub?: LiveHub }): Promise<void> {
  const hub = options.hub ?? createLiveHub();
  const push = createPushHandler(app, options.now);
  const pull = createFeed(app);
  const snapshot = createSnapshot(app);
  const rows = syncRows(app.store.db);
  const onOffer = (event: Parameters<LiveHub['offer']>[0]) => {
    hub.offer(event);
    hub.changed(rows.headSeq());
  };
  app.lifecycle.events.on('offer', onOffer);
  app.addHook('preClose', async () => {
    app.lifecycle.events.off('offer', onOffer);
    hub.closeAll();
  });

  app.post(
    '/api/v1/sync/push',
    {
      preHandler: requireUser,
      schema: routeSchema({
        summary: "Push the workstation's queued mutations, in order; each is applied at most once",
        description: 'Answers per mutation: applied, or rejected with a reason (the rep sees it). A seq already applied answers its stored outcome; a gap stops the batch (`refused`).',
        tags,
        body: jsonSchema(PushRequest),
        response: { 200: jsonSchema(PushResponse, 'output') },
      }),
    },
    async (request) => {
      const answer = push(request.principal as UserPrincipal, request.body as PushRequest);
      if (answer.results.some((result) => !result.replayed)) hub.changed(rows.headSeq());
      return answer;
    },
  );

  app.get(
    '/api/v1/sync/pull',
    {
      preHandler: requireUser,
      schema: routeSchema({
        summary: 'A page of the change feed after a cursor: my leads as I may see them, and leads no longer mine',
        tags,
        querystring: jsonSchema(PullQuery),
        response: { 200: jsonSchema(PullPage, 'output') },
      }),
    },
    async (request, reply) => {
      const query = request.query as PullQuery;
      // The feed answers JSON text it assembled itself (stored history goes out unparsed); a JSON content type makes fastify send it as is.
      return reply.type('application/json; charset=utf-8').send(pull(request.principal as UserPrincipal, query.cursor, query.limit));
    },
  );

  app.get(
    '/api/v1/sync/snapshot',
    {
      preHandler: requireUser,
      schema: routeSchema({
        summary: 'A page of a first sync: the leads I may see now, as rows, in pages after `after`',
        description:
          'Newline-delimited JSON: a header line `{format, fields, cursor, next, count}`, then per lead two lines, its row (values in the order of `fields`) and its history (one JSON array, oldest first), as the caller may see them. Ask again with `after=next` until `next` is null, then pull the change feed from the first page\'s `cursor`.',
        tags,
        querystring: jsonSchema(SnapshotQuery),
        response: { 200: jsonSchema(z.string().describe(SNAPSHOT_CONTENT_TYPE), 'output') },
      }),
    },
    async (request, reply) => {
      const query = request.query as SnapshotQuery;
      return reply.type(SNAPSHOT_CONTENT_TYPE).send(snapshot(request.principal as UserPrincipal, query.after, query.limit));
    },
  );

  app.get(
    '/api/v1/sync/events',
    {
      preHandler: requireUser,
      schema: routeSchema({
        summary: 'Live events as Server-Sent Events: hello, changed (pull now), offer (offered, withdrawn, ...)',
        tags,
        response: { 200: jsonSchema(z.string().describe('text/event-stream'), 'output') },
      }),
    },
    async (request, reply) => {
      reply.hijack();
      hub.attach((request.principal as UserPrincipal).userId, reply.raw, rows.headSeq());
    },
  );
}
