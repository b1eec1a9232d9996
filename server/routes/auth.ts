import { z } from 'zod';
import type { FastifyInstance } from 'fastify';
import { HttpError } from '../http/errors.ts';
import { routeSchema } from '../http/openapi.ts';
import { jsonSchema } from '../http/schema.ts';
import { requireUser } from '../org/auth.ts';
import type { LoginThrottle } from '../org/login-throttle.ts';
import { verifyPassword } from '../org/secrets.ts';
import { PublicUser } from '../org/users.ts';

const Login = z.strictObject({
  email: z.email().max(254),
  password: z.string().min(1, 'is required').max(200),
  label: z.string().trim().max(120).optional().describe('Names the workstation, e.g. "Anna\'s laptop".'),
});
const LoginAnswer = z.object({ token: z.string().describe('Send as "Authorization: Bearer <token>". Shown once.'), tokenId: z.string(), user: PublicUser });
const Me = z.object({ user: PublicUser, tokenId: z.string() });

export interface AuthRouteOptions {
  now: () => number;
  newId: () => string;
  throttle: LoginThrottle;
}

export async function authRoutes(app: FastifyInstance, options: AuthRouteOptions): Promise<void> {
  app.post(
    '/api/v1/auth/login',
    {
      schema: routeSchema({
        summary: 'Log in with email and password; answers a bearer token for the workstation. Repeated failures from one address are refused for a while (429 with Retry-After).',
        tags: ['auth'],
        body: jsonSchema(Login),
        response: { 200: jsonSchema(LoginAnswer, 'output') },
      }),
    },
    async (request, reply) => {
      const body = request.body as z.infer<typeof Login>;
      const waitMs = options.throttle.retryAfterMs(request.ip, body.email);
      if (waitMs > 0) {
        const seconds = Math.ceil(waitMs / 1000);
        reply.header('retry-after', String(seconds));
        throw new HttpError(429, 'too_many_requests', `too many failed sign-ins from this address; try again in ${Math.ceil(seconds / 60)} minute(s)`, 'password');
      }
      const found = app.org.users.passwordHashByEmail(body.email);
      // Unknown email and wrong password take the same time and answer the same words.
      const ok = await verifyPassword(body.password, found?.hash ?? null);
      if (!found || !ok || found.disabled) {
        options.throttle.failed(request.ip, body.email);
        throw new HttpError(401, 'unauthorized', 'email or password is wrong, or the account is disabled');
      }
      options.throttle.succeeded(request.ip, body.email);
      const { token, tokenId } = app.org.credentials.issueToken(found.id, body.label ?? null, options.newId(), options.now());
      return { token, tokenId, user: app.org.users.get(found.id)! };
    },
  );

  app.post(
    '/api/v1/auth/logout',
    { preHandler: requireUser, schema: routeSchema({ summary: 'Revoke the token this request was made with', tags: ['auth'], response: { 204: jsonSchema(z.null().describe('Revoked'), 'output') } }) },
    async (request, reply) => {
      if (request.principal?.kind === 'user') app.org.credentials.revokeToken(request.principal.tokenId, options.now());
      return reply.status(204).send();
    },
  );

  app.get(
    '/api/v1/me',
    { preHandler: requireUser, schema: routeSchema({ summary: 'The logged-in user', tags: ['auth'], response: { 200: jsonSchema(Me, 'output') } }) },
    async (request) => {
      const principal = request.principal as Extract<NonNullable<typeof request.principal>, { kind: 'user' }>;
      return { user: app.org.users.get(principal.userId)!, tokenId: principal.tokenId };
    },
  );
}
