import { z } from 'zod';
import type { FastifyInstance } from 'fastify';
import { routeSchema } from '../http/openapi.ts';
import { jsonSchema } from '../http/schema.ts';
import { requireAdmin } from '../org/auth.ts';
import { Box, CreateBox, UpdateBox } from '../org/boxes.ts';
import { PutClass, UserClass } from '../org/classes.ts';
import { LeadSource } from '../org/credentials.ts';
import { hashPassword } from '../org/secrets.ts';
import { CreateUser, PublicUser, UpdateUser } from '../org/users.ts';

/**
 * The admin API (administrator token only): users, boxes, round-robin classes, the rule set
 * and lead sources. Logic lives in server/org; these handlers validate, call and answer.
 */
const IdParam = z.object({ id: z.string().min(1).max(64) });
const RuleSetBody = z.record(z.string(), z.unknown()).describe('A rule set as in docs/rules.md: { "version": 1, "rules": [...], "lookupTables": [...] }.');
const RuleSetAnswer = z.object({
  ruleSet: z.unknown(),
  revision: z.number(),
  updatedAt: z.number().nullable(),
  updatedBy: z.string().nullable(),
  errors: z.array(z.unknown()).describe('Rules that could not compile: they never run.'),
});
const CreateSource = z.strictObject({ name: z.string().trim().min(1, 'is required').max(120) });
const CreatedSource = z.object({ source: LeadSource, apiKey: z.string().describe('Send as "X-API-Key" or "Authorization: Bearer". Shown once.') });
const list = <T extends z.ZodType>(item: T) => jsonSchema(z.array(item), 'output');
const tags = ['admin'];

export async function adminRoutes(app: FastifyInstance, options: { now: () => number; newId: () => string }): Promise<void> {
  const { org, store } = app;
  const tx = <T>(fn: () => T): T => store.db.transaction(fn).immediate();
  app.addHook('preHandler', requireAdmin);

  app.get('/api/v1/admin/users', { schema: routeSchema({ summary: 'List users', tags, response: { 200: list(PublicUser) } }) }, async () => org.users.list());
  app.post(
    '/api/v1/admin/users',
    { schema: routeSchema({ summary: 'Create a user', tags, body: jsonSchema(CreateUser), response: { 201: jsonSchema(PublicUser, 'output') } }) },
    async (request, reply) => {
      const body = request.body as CreateUser;
      const hash = body.password ? await hashPassword(body.password) : null;
      return reply.status(201).send(tx(() => org.users.create(body, hash, body.id ?? options.newId(), options.now())));
    },
  );
  app.patch(
    '/api/v1/admin/users/:id',
    { schema: routeSchema({ summary: 'Change a user (away, working hours, capacity, manager, password…)', tags, params: jsonSchema(IdParam), body: jsonSchema(UpdateUser), response: { 200: jsonSchema(PublicUser, 'output') } }) },
    async (request) => {
      const { id } = request.params as z.infer<typeof IdParam>;
      const body = request.body as UpdateUser;
      const hash = body.password ? await hashPassword(body.password) : null;
      return tx(() => {
        const user = org.users.update(id, body, hash, options.now());
        if (body.password || body.disabled) org.credentials.revokeUserTokens(id, options.now());
        return user;
      });
    },
  );
  app.post(
    '/api/v1/admin/users/:id/revoke-tokens',
    { schema: routeSchema({ summary: "Revoke all of a user's workstation tokens", tags, params: jsonSchema(IdParam), response: { 200: jsonSchema(z.object({ revoked: z.number() }), 'output') } }) },
    async (request) => ({ revoked: org.credentials.revokeUserTokens((request.params as z.infer<typeof IdParam>).id, options.now()) }),
  );

  app.get('/api/v1/admin/boxes', { schema: routeSchema({ summary: 'List lead boxes', tags, response: { 200: list(Box) } }) }, async () => org.boxes.list());
  app.post(
    '/api/v1/admin/boxes',
    { schema: routeSchema({ summary: 'Create a lead box', tags, body: jsonSchema(CreateBox), response: { 201: jsonSchema(Box, 'output') } }) },
    async (request, reply) => {
      const body = request.body as CreateBox;
      return reply.status(201).send(tx(() => org.boxes.create(body, body.id ?? options.newId(), options.now())));
    },
  );
  app.patch(
    '/api/v1/admin/boxes/:id',
    { schema: routeSchema({ summary: 'Change a lead box (parent, owner, capacity, overflow)', tags, params: jsonSchema(IdParam), body: jsonSchema(UpdateBox), response: { 200: jsonSchema(Box, 'output') } }) },
    async (request) => tx(() => org.boxes.update((request.params as z.infer<typeof IdParam>).id, request.body as UpdateBox, options.now())),
  );

  app.get('/api/v1/admin/classes', { schema: routeSchema({ summary: 'List round-robin classes', tags, response: { 200: list(UserClass) } }) }, async () => org.classes.list());
  app.put(
    '/api/v1/admin/classes/:id',
    { schema: routeSchema({ summary: 'Create or replace a round-robin class (members in rotation order)', tags, params: jsonSchema(IdParam), body: jsonSchema(PutClass), response: { 200: jsonSchema(UserClass, 'output') } }) },
    async (request) => tx(() => org.classes.put((request.params as z.infer<typeof IdParam>).id, request.body as PutClass, options.now())),
  );

  app.get('/api/v1/admin/rules', { schema: routeSchema({ summary: "The server's rule set", tags, response: { 200: jsonSchema(RuleSetAnswer, 'output') } }) }, async () => org.rules.current());
  app.put(
    '/api/v1/admin/rules',
    { schema: routeSchema({ summary: 'Replace the rule set (validated, compiled once)', tags, body: jsonSchema(RuleSetBody), response: { 200: jsonSchema(RuleSetAnswer, 'output') } }) },
    async (request) => tx(() => org.rules.replace(request.body, 'admin', options.now())),
  );

  app.get('/api/v1/admin/sources', { schema: routeSchema({ summary: 'List lead sources (keys are never shown again)', tags, response: { 200: list(LeadSource) } }) }, async () => org.credentials.listSources());
  app.post(
    '/api/v1/admin/sources',
    { schema: routeSchema({ summary: 'Create a lead source and its API key', tags, body: jsonSchema(CreateSource), response: { 201: jsonSchema(CreatedSource, 'output') } }) },
    async (request, reply) => reply.status(201).send(org.credentials.createSource((request.body as z.infer<typeof CreateSource>).name, options.newId(), options.now())),
  );
  app.delete(
    '/api/v1/admin/sources/:id',
    { schema: routeSchema({ summary: "Revoke a lead source's API key", tags, params: jsonSchema(IdParam), response: { 200: jsonSchema(LeadSource, 'output') } }) },
    async (request) => org.credentials.revokeSource((request.params as z.infer<typeof IdParam>).id, options.now()),
  );
}
