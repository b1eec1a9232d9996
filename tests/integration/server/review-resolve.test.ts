import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { buildServer } from '../../../server/build-server.ts';

// POST /api/v1/review/:id/resolve: a lead held as a possible duplicate is routed as new, or
// merged into one of its candidates.

const ADMIN = 'review-admin-token';
const auth = { authorization: `Bearer ${ADMIN}` };
const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function makeServer(): Promise<FastifyInstance> {
  const dataDir = mkdtempSync(join(tmpdir(), 'leadrelay-review-'));
  const app = await buildServer({ role: 'central', dataDir, adminToken: ADMIN, schedulerIntervalMs: 0 });
  cleanups.push(() => rmSync(dataDir, { recursive: true, force: true }));
  cleanups.push(() => app.close());
  return app;
}

const intake = async (app: FastifyInstance, contact: object) =>
  (await app.inject({ method: 'POST', url: '/api/v1/leads', headers: { ...auth, 'content-type': 'application/json' }, payload: JSON.stringify({ contact }) })).json().results[0];
const resolve = (app: FastifyInstance, id: string, body: object, headers: Record<string, string> = auth) =>
  app.inject({ method: 'POST', url: `/api/v1/review/${id}/resolve`, headers, payload: body });
const openReviews = async (app: FastifyInstance) => (await app.inject({ method: 'GET', url: '/api/v1/review', headers: auth })).json().items as Array<{ id: string; leadId: string }>;

/** A stored lead and a likely-but-unsure duplicate of it, held for review. */
async function heldPair(app: FastifyInstance): Promise<{ kept: string; held: string; reviewId: string }> {
  const kept = (await intake(app, { firstName: 'Jonathan', lastName: 'Miller', company: 'Northwind' })).leadId;
  const second = await intake(app, { firstName: 'Jon', lastName: 'Miller', company: 'Northwind Traders', email: 'jm@northwind.example' });
  expect(second).toMatchObject({ status: 'review', matchedLeadId: kept });
  const [review] = await openReviews(app);
  return { kept, held: second.leadId, reviewId: review!.id };
}

describe('resolving a review', () => {
  it('merges the held lead into the candidate: its values and history move over, it is gone, and later submissions match the kept lead', async () => {
    const app = await makeServer();
    const { kept, held, reviewId } = await heldPair(app);
    const response = await resolve(app, reviewId, { decision: 'merge', into: kept });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ decision: 'merge', leadId: kept, mergedFrom: held });

    expect(app.intake.leads.get(held)).toBeNull();
    expect(app.intake.leads.get(kept)!.contact).toMatchObject({ firstName: 'Jonathan', company: 'Northwind', email: 'jm@northwind.example' });
    const history = app.intake.leads.history(kept);
    expect(history.filter((entry) => entry.kind === 'created').map((entry) => entry.data.mergedFrom ?? null)).toEqual([null, held]);
    expect(history.find((entry) => entry.data.event === 'merged')).toMatchObject({ actor: 'admin', data: { mergedFrom: held, filled: expect.arrayContaining(['contact.email']) } });
    expect(app.intake.store.rawIdsOf(kept)).toHaveLength(2);
    expect(await openReviews(app)).toEqual([]);

    expect(await intake(app, { firstName: 'Jon', lastName: 'Miller', email: 'JM@northwind.example' })).toMatchObject({ status: 'merged', leadId: kept });
  });

  it('routes the held lead as a new lead, once', async () => {
    const app = await makeServer();
    const { held, reviewId } = await heldPair(app);
    expect(app.intake.leads.get(held)!.status).toBe('new');
    const response = await resolve(app, reviewId, { decision: 'new' });
    expect(response.json()).toEqual({ decision: 'new', leadId: held });
    expect(app.intake.leads.get(held)!.status).not.toBe('new');
    expect(app.intake.leads.history(held).map((entry) => entry.summary)).toContain('Reviewed: not a duplicate, routed as a new lead');
    expect(await openReviews(app)).toEqual([]);

    const again = await resolve(app, reviewId, { decision: 'merge', into: 'x' });
    expect(again.statusCode).toBe(409);
    expect(again.json().error).toMatchObject({ field: 'id', message: 'this review was already resolved (new)' });
  });

  it('refuses bad requests, naming the field, and changes nothing', async () => {
    const app = await makeServer();
    const { kept, held, reviewId } = await heldPair(app);
    const other = (await intake(app, { firstName: 'Ada', lastName: 'Lovelace', email: 'ada@example.org' })).leadId;

    const notCandidate = await resolve(app, reviewId, { decision: 'merge', into: other });
    expect(notCandidate.statusCode).toBe(400);
    expect(notCandidate.json().error).toMatchObject({ field: 'into', message: `must be one of the review's candidates: ${kept}` });
    expect((await resolve(app, reviewId, { decision: 'maybe' })).json().error).toMatchObject({ code: 'invalid_input', field: 'decision' });
    expect((await resolve(app, reviewId, { decision: 'merge' })).json().error).toMatchObject({ code: 'invalid_input', field: 'into' });
    expect((await resolve(app, 'no-such-review', { decision: 'new' })).json().error).toMatchObject({ code: 'not_found', field: 'id' });
    expect((await resolve(app, reviewId, { decision: 'new' }, {})).statusCode).toBe(401);

    expect(app.intake.leads.get(held)!.status).toBe('new');
    expect(await openReviews(app)).toHaveLength(1);
  });
});
