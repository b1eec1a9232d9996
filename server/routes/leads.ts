import { z } from 'zod';
import type { FastifyInstance } from 'fastify';
import { Lead } from '../../core/lead/lead.ts';
import { HttpError } from '../http/errors.ts';
import { routeSchema } from '../http/openapi.ts';
import { jsonSchema } from '../http/schema.ts';
import { requireUserOrAdmin, type Principal } from '../org/auth.ts';
import { maySeeLead } from '../routing/access.ts';
import { historyForRecipient, leadForRecipient } from '../routing/recipient-view.ts';

const IdParam = z.object({ id: z.string().min(1).max(64) });
const HistoryItem = z.object({
  id: z.string(), leadId: z.string(), at: z.number(), actor: z.string(), kind: z.string(), summary: z.string(), reason: z.string().nullable(), data: z.record(z.string(), z.unknown()),
});
const OfferItem = z.object({
  userId: z.string(), kind: z.string(), status: z.string(), offeredAt: z.number(), expiresAt: z.number().nullable(), closedAt: z.number().nullable(),
});
const LeadAnswer = z.object({
  lead: Lead.describe('Withheld fields are null until the lead is accepted (see lead.withheld).'),
  history: z.array(HistoryItem).describe('Oldest first: who, when, what, why (rule or reason).'),
  offers: z.array(OfferItem),
});

export async function leadRoutes(app: FastifyInstance): Promise<void> {
  app.get(
    '/api/v1/leads/:id',
    {
      preHandler: requireUserOrAdmin,
      schema: routeSchema({ summary: 'A lead with its history and offers', tags: ['leads'], params: jsonSchema(IdParam), response: { 200: jsonSchema(LeadAnswer, 'output') } }),
    },
    async (request) => {
      const { id } = request.params as z.infer<typeof IdParam>;
      const principal = request.principal as Principal;
      const lead = app.store.db.transaction(() => {
        const found = app.lifecycle.lead(id);
        const offers = found ? app.lifecycle.offersOf(id) : [];
        // Someone else's lead answers like a missing one, so ids cannot be probed.
        if (!found || !maySeeLead(app.org, principal, found, offers)) throw new HttpError(404, 'not_found', `no lead with id "${id}" that you may see`, 'id');
        return { lead: found, offers, history: app.lifecycle.history(id) };
      })();
      const viewer = { reportsOf: app.org.users.reportsOf };
      return {
        lead: leadForRecipient(lead.lead, principal, viewer),
        history: historyForRecipient(lead.history, lead.lead, principal, viewer),
        offers: lead.offers.map(({ userId, kind, status, offeredAt, expiresAt, closedAt }) => ({ userId, kind, status, offeredAt, expiresAt, closedAt })),
      };
    },
  );
}
