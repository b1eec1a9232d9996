import type { FastifyInstance, FastifyRequest } from 'fastify';
import { actorOf, requireSourceOrAdmin } from '../org/auth.ts';

/** Who posts intake: a lead source (its API key) or the administrator. */
export interface IntakeCaller {
  /** Scope of idempotency keys: two sources may both use key "1". */
  principal: string;
  actor: string;
  sourceId: string | null;
  sourceName: string | null;
}

/** Resolves the caller through the organisation's auth (`request.principal`, server/org/auth.ts). */
export function intakeCallerResolver(app: FastifyInstance): (request: FastifyRequest) => Promise<IntakeCaller> {
  return async (request) => {
    await requireSourceOrAdmin(request, undefined as never);
    const principal = request.principal!;
    if (principal.kind !== 'source') return { principal: 'admin', actor: actorOf(principal), sourceId: null, sourceName: null };
    return { principal: `source:${principal.sourceId}`, actor: actorOf(principal), sourceId: principal.sourceId, sourceName: app.org.credentials.source(principal.sourceId)?.name ?? null };
  };
}
