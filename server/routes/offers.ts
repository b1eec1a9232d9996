import { z } from 'zod';
import type { FastifyInstance } from 'fastify';
import { Lead } from '../../core/lead/lead.ts';
import { LeadAction } from '../../core/lead/lifecycle.ts';
import { routeSchema } from '../http/openapi.ts';
import { jsonSchema, validationError } from '../http/schema.ts';
import { requireUser, type Principal } from '../org/auth.ts';
import { leadForRecipient } from '../routing/recipient-view.ts';

/**
 * A user's offers and their actions on leads, for workstations (and tests): the same action
 * shapes the workstation's outbox queues (core/lead/lifecycle.ts), with the lead id in the path.
 */
const IdParam = z.object({ id: z.string().min(1).max(64) });
const ActionBody = z
  .object({ type: z.enum(['accept', 'reject', 'forward', 'setStatus', 'incubate', 'addNote']) })
  .loose()
  .describe('A LeadAction without leadId: {type:"accept"} | {type:"reject",reason} | {type:"forward",toUserId,note?} | {type:"setStatus",status,amount?,reason?} | {type:"incubate",until} | {type:"addNote",text}.');
const OfferItem = z.object({
  offerId: z.string(), kind: z.string(), offeredAt: z.number(), expiresAt: z.number().nullable(), lead: Lead.describe('Withheld fields are null until accepted.'),
});

export async function offerRoutes(app: FastifyInstance): Promise<void> {
  app.get(
    '/api/v1/me/offers',
    { preHandler: requireUser, schema: routeSchema({ summary: 'Leads offered to me and awaiting my answer', tags: ['offers'], response: { 200: jsonSchema(z.array(OfferItem), 'output') } }) },
    async (request) => {
      const principal = request.principal as Extract<Principal, { kind: 'user' }>;
      const viewer = { reportsOf: app.org.users.reportsOf };
      return app.lifecycle.openOffersFor(principal.userId).map(({ offer, lead }) => ({
        offerId: offer.id, kind: offer.kind, offeredAt: offer.offeredAt, expiresAt: offer.expiresAt, lead: leadForRecipient(lead, principal, viewer),
      }));
    },
  );

  app.post(
    '/api/v1/leads/:id/actions',
    {
      preHandler: requireUser,
      schema: routeSchema({
        summary: 'Accept, reject (with reason), forward, set the status of, incubate, or note a lead',
        description: 'Answers 409 when the action comes too late (another user accepted first, the offer expired) and 404 for a lead not offered to or owned by the caller.',
        tags: ['offers'],
        params: jsonSchema(IdParam),
        body: jsonSchema(ActionBody),
        response: { 200: jsonSchema(z.object({ lead: Lead }), 'output') },
      }),
    },
    async (request) => {
      const { id } = request.params as z.infer<typeof IdParam>;
      const parsed = LeadAction.safeParse({ ...(request.body as object), leadId: id });
      if (!parsed.success) throw validationError(parsed.error, 'body');
      const principal = request.principal as Extract<Principal, { kind: 'user' }>;
      const lead = app.lifecycle.act(id, principal.userId, parsed.data);
      return { lead: leadForRecipient(lead, principal, { reportsOf: app.org.users.reportsOf }) };
    },
  );
}
