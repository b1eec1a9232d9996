import { z } from 'zod';
import type { FastifyError, FastifyInstance, FastifyReply } from 'fastify';
import { PartnerStats } from '../exchange/partner-stats.ts';
import { CreatePartner, PublicPartner, publicPartner, UpdatePartner } from '../exchange/partners.ts';
import type { Exchange } from '../exchange/exchange.ts';
import { HttpError } from '../http/errors.ts';
import { routeSchema } from '../http/openapi.ts';
import { jsonSchema } from '../http/schema.ts';
import { requireAdmin } from '../org/auth.ts';
import type { ServerRole } from '../store/open-server-store.ts';

/**
 * The exchange over HTTP: the signed endpoint partner servers post messages to, and the
 * administrator's partners, statistics and dead letters. Logic lives in server/exchange.
 */
export const EXCHANGE_BODY_LIMIT = 1024 * 1024;

const IdParam = z.object({ id: z.string().min(1).max(64) });
const CreatedPartner = z.object({ partner: PublicPartner, secret: z.string().describe('The shared HMAC secret. Shown once: give it to the partner over a safe channel.') });
const DeadLetter = z.object({ id: z.string(), partnerId: z.string(), leadId: z.string(), kind: z.string(), attempts: z.number(), createdAt: z.number(), deadAt: z.number(), lastError: z.string().nullable() });
const DeclineBody = z.strictObject({ reason: z.string().trim().min(1, 'is required').max(500) });
const tags = ['exchange'];

export async function exchangeRoutes(app: FastifyInstance, options: { exchange: Exchange; role: ServerRole; now: () => number; newId: () => string }): Promise<void> {
  const { exchange } = options;

  await app.register(async (raw) => {
    // Signatures cover the exact bytes, so the body is read as a string, not parsed by Fastify.
    raw.removeAllContentTypeParsers();
    raw.addContentTypeParser('*', { parseAs: 'string', bodyLimit: EXCHANGE_BODY_LIMIT }, (_request, body, done) => done(null, body));
    raw.post(
      '/api/v1/exchange/messages',
      {
        bodyLimit: EXCHANGE_BODY_LIMIT,
        errorHandler: (error: FastifyError, _request, reply: FastifyReply) => {
          if (error.code !== 'FST_ERR_CTP_BODY_TOO_LARGE') throw error;
          void reply.status(413).send(new HttpError(413, 'payload_too_large', `request body is larger than the exchange limit of ${EXCHANGE_BODY_LIMIT} bytes`).toBody());
        },
        schema: routeSchema({
          summary: 'Receive one signed exchange message from a partner server (XML or JSON)',
          description: 'See docs/exchange.md. Signed with x-leadrelay-partner, x-leadrelay-timestamp, x-leadrelay-signature; answered with a signed ack.',
          tags,
        }),
      },
      async (request, reply) => {
        const body = typeof request.body === 'string' ? request.body : '';
        if (body.length === 0) throw new HttpError(400, 'invalid_input', 'the request body is empty', 'body');
        const answer = exchange.inbound.receive(request.headers, body);
        request.principal = { kind: 'partner', partnerId: answer.partner.id };
        return reply.status(200).headers(answer.headers).type(answer.contentType).send(answer.body);
      },
    );
  });

  await app.register(async (admin) => {
    admin.addHook('preHandler', requireAdmin);
    admin.get('/api/v1/admin/partners', { schema: routeSchema({ summary: 'List partner servers (secrets are never shown again)', tags, response: { 200: jsonSchema(z.array(PublicPartner), 'output') } }) }, async () =>
      exchange.partners.list().map(publicPartner),
    );
    admin.post(
      '/api/v1/admin/partners',
      { schema: routeSchema({ summary: 'Register a partner server: a reseller (on a central server) or the vendor (on a reseller)', tags, body: jsonSchema(CreatePartner), response: { 201: jsonSchema(CreatedPartner, 'output') } }) },
      async (request, reply) => {
        const kind = options.role === 'central' ? 'reseller' : 'vendor';
        if (kind === 'vendor' && exchange.partners.list().some((partner) => partner.kind === 'vendor')) throw new HttpError(409, 'conflict', 'this reseller server already has its vendor registered', 'id');
        const { partner, secret } = exchange.partners.create(request.body as CreatePartner, kind, options.now(), options.newId);
        return reply.status(201).send({ partner: publicPartner(partner), secret });
      },
    );
    admin.patch(
      '/api/v1/admin/partners/:id',
      { schema: routeSchema({ summary: 'Change a partner: URL, format, policy, disabled; rotate its secret', tags, params: jsonSchema(IdParam), body: jsonSchema(UpdatePartner), response: { 200: jsonSchema(PublicPartner, 'output') } }) },
      async (request) => publicPartner(exchange.partners.update((request.params as z.infer<typeof IdParam>).id, request.body as UpdatePartner, options.now())),
    );
    admin.get(
      '/api/v1/admin/partners/:id/stats',
      { schema: routeSchema({ summary: 'Offers to a partner and the feedback it sent, counted', tags, params: jsonSchema(IdParam), response: { 200: jsonSchema(PartnerStats, 'output') } }) },
      async (request) => {
        const { id } = request.params as z.infer<typeof IdParam>;
        if (!exchange.partners.get(id)) throw new HttpError(404, 'not_found', `no partner with id "${id}"`, 'id');
        return exchange.rows.stats(id);
      },
    );
    admin.get('/api/v1/admin/exchange/dead-letters', { schema: routeSchema({ summary: 'Messages that could not be delivered', tags, response: { 200: jsonSchema(z.array(DeadLetter), 'output') } }) }, async () =>
      exchange.outbox.deadLetters(),
    );
    admin.post(
      '/api/v1/admin/exchange/dead-letters/:id/replay',
      { schema: routeSchema({ summary: 'Send a dead-lettered message again (attempts start over)', tags, params: jsonSchema(IdParam), response: { 200: jsonSchema(z.object({ replayed: z.literal(true) }), 'output') } }) },
      async (request) => {
        const { id } = request.params as z.infer<typeof IdParam>;
        if (!exchange.outbox.replay(id)) throw new HttpError(404, 'not_found', `no dead-lettered message with id "${id}"`, 'id');
        exchange.outbox.wake();
        return { replayed: true as const };
      },
    );
    admin.post(
      '/api/v1/admin/exchange/leads/:id/decline',
      { schema: routeSchema({ summary: "Reseller: turn down a vendor's offer", tags, params: jsonSchema(IdParam), body: jsonSchema(DeclineBody), response: { 200: jsonSchema(z.object({ declined: z.literal(true) }), 'output') } }) },
      async (request) => {
        exchange.decline((request.params as z.infer<typeof IdParam>).id, (request.body as z.infer<typeof DeclineBody>).reason);
        return { declined: true as const };
      },
    );
  });
}
