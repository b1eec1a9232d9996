import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { HttpError } from '../http/errors.ts';
import type { Org } from './org.ts';
import { sameSecret } from './secrets.ts';

/**
 * Who is calling. Every request carrying `Authorization: Bearer <secret>` (or, for lead
 * sources, `X-API-Key: <key>`) is resolved once, in an onRequest hook, to `request.principal`;
 * routes then guard themselves with the preHandlers below and check per record what the
 * principal may see (server/org/access.ts).
 */
export type Principal =
  | { kind: 'admin' }
  | { kind: 'user'; userId: string; role: 'admin' | 'manager' | 'rep'; tokenId: string }
  | { kind: 'source'; sourceId: string }
  /** A partner server, on the exchange endpoint only: resolved by its request signature, never by a bearer token. */
  | { kind: 'partner'; partnerId: string };

interface AuthState {
  /** 'none': no credentials sent; 'invalid': credentials sent but unknown or revoked. */
  credentials: 'none' | 'invalid' | 'valid';
  adminEnabled: boolean;
}

declare module 'fastify' {
  interface FastifyRequest {
    principal: Principal | null;
    auth: AuthState;
  }
}

export interface AuthOptions {
  org: Org;
  /** The administrator token (LEADRELAY_ADMIN_TOKEN); undefined disables the admin API. */
  adminToken: string | undefined;
  now: () => number;
}

function presentedSecret(request: FastifyRequest): string | null {
  const header = request.headers.authorization;
  if (typeof header === 'string') {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
    return match ? match[1]! : '';
  }
  const apiKey = request.headers['x-api-key'];
  return typeof apiKey === 'string' ? apiKey.trim() : null;
}

function resolve(secret: string, options: AuthOptions): Principal | null {
  if (options.adminToken !== undefined && sameSecret(secret, options.adminToken)) return { kind: 'admin' };
  if (secret.startsWith('lrs_')) {
    const sourceId = options.org.credentials.resolveSource(secret);
    return sourceId ? { kind: 'source', sourceId } : null;
  }
  if (secret.startsWith('lrt_')) {
    const owner = options.org.credentials.resolveToken(secret, options.now());
    const user = owner && options.org.users.get(owner.userId);
    return owner && user ? { kind: 'user', userId: user.id, role: user.role, tokenId: owner.tokenId } : null;
  }
  return null;
}

export function installAuth(app: FastifyInstance, options: AuthOptions): void {
  const adminEnabled = options.adminToken !== undefined && options.adminToken.length > 0;
  const effective = { ...options, adminToken: adminEnabled ? options.adminToken : undefined };
  app.decorateRequest('principal', null);
  app.decorateRequest('auth', null as unknown as AuthState);
  app.addHook('onRequest', async (request) => {
    const secret = presentedSecret(request);
    const principal = secret ? resolve(secret, effective) : null;
    request.principal = principal;
    request.auth = { credentials: secret === null ? 'none' : principal ? 'valid' : 'invalid', adminEnabled };
  });
}

function unauthenticated(request: FastifyRequest): HttpError {
  return request.auth.credentials === 'invalid'
    ? new HttpError(401, 'unauthorized', 'the token or API key is not valid (unknown, revoked, or its user is disabled)', 'authorization')
    : new HttpError(401, 'unauthorized', 'this endpoint needs credentials: send "Authorization: Bearer <token>"', 'authorization');
}

/** The admin API: the administrator token only. */
export async function requireAdmin(request: FastifyRequest, _reply: FastifyReply): Promise<void> {
  if (!request.auth.adminEnabled) {
    throw new HttpError(403, 'forbidden', 'the admin API is disabled: start the server with LEADRELAY_ADMIN_TOKEN set');
  }
  if (!request.principal) throw unauthenticated(request);
  if (request.principal.kind !== 'admin') throw new HttpError(403, 'forbidden', 'this endpoint needs the administrator token');
}

/** Workstation endpoints: a logged-in user. */
export async function requireUser(request: FastifyRequest, _reply: FastifyReply): Promise<void> {
  if (!request.principal) throw unauthenticated(request);
  if (request.principal.kind !== 'user') throw new HttpError(403, 'forbidden', 'this endpoint needs a user token (POST /api/v1/auth/login)');
}

/** Lead intake: a lead source's API key or the administrator token. */
export async function requireSourceOrAdmin(request: FastifyRequest, _reply: FastifyReply): Promise<void> {
  if (!request.principal) throw unauthenticated(request);
  if (request.principal.kind === 'user' || request.principal.kind === 'partner') throw new HttpError(403, 'forbidden', 'lead intake needs a lead source API key or the administrator token');
}

/** Reading leads: a user or the administrator; lead sources may only post intake. */
export async function requireUserOrAdmin(request: FastifyRequest, _reply: FastifyReply): Promise<void> {
  if (!request.principal) throw unauthenticated(request);
  if (request.principal.kind === 'source' || request.principal.kind === 'partner') throw new HttpError(403, 'forbidden', 'a lead source API key may only post intake (POST /api/v1/leads)');
}

/** The principal as an actor name for history entries. */
export function actorOf(principal: Principal): string {
  switch (principal.kind) {
    case 'admin':
      return 'admin';
    case 'user':
      return principal.userId;
    case 'source':
      return `source:${principal.sourceId}`;
    case 'partner':
      return `partner:${principal.partnerId}`;
  }
}
