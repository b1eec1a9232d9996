import type { FastifyInstance } from 'fastify';
import { buildOpenApiDocument, routeSchema, type RegisteredRoute } from '../http/openapi.ts';
import { SERVER_VERSION } from '../version.ts';

export interface OpenApiRouteOptions {
  routes: readonly RegisteredRoute[];
}

export async function openApiRoutes(app: FastifyInstance, options: OpenApiRouteOptions): Promise<void> {
  let document: Record<string, unknown> | null = null;
  app.get(
    '/api/v1/openapi.json',
    { schema: routeSchema({ summary: 'This OpenAPI 3.1 document', tags: ['operations'] }) },
    async () => {
      // Built on first request, when every plugin has registered its routes.
      document ??= buildOpenApiDocument(options.routes, {
        title: 'LeadRelay lead server',
        version: SERVER_VERSION,
        description: 'The HTTP API of a LeadRelay lead server (central or reseller). Errors: see components.schemas.Error.',
      });
      return document;
    },
  );
}
