import type { FastifyInstance, FastifySchema, RouteOptions } from 'fastify';
import { ErrorBody } from './errors.ts';
import { jsonSchema, type JsonSchema } from './schema.ts';

/** What a route may add to its schema purely for the document. */
export interface RouteDocs extends FastifySchema {
  summary?: string;
  description?: string;
  tags?: string[];
  operationId?: string;
  /** Left out of the document (nothing uses this yet; kept for internal probes). */
  hide?: boolean;
}

/** Lets a route's schema literal carry the document-only fields FastifySchema does not declare. */
export const routeSchema = (schema: RouteDocs): RouteDocs => schema;

export interface RegisteredRoute {
  method: string;
  url: string;
  schema: RouteDocs;
}

export interface OpenApiInfo {
  title: string;
  version: string;
  description: string;
}

/**
 * Records every route as it is registered, so the document cannot drift from the server:
 * a route added by a later plugin appears without anyone editing a list.
 */
export function recordRoutes(app: FastifyInstance): readonly RegisteredRoute[] {
  const routes: RegisteredRoute[] = [];
  app.addHook('onRoute', (route: RouteOptions) => {
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    for (const method of methods) {
      // Fastify adds a HEAD twin for every GET; documenting both is noise.
      if (method === 'HEAD') continue;
      routes.push({ method, url: route.url, schema: (route.schema ?? {}) as RouteDocs });
    }
  });
  return routes;
}

const toOpenApiPath = (url: string) => url.replace(/:([A-Za-z0-9_]+)/g, '{$1}').replace(/\*$/, '{wildcard}');

function operationId(method: string, url: string): string {
  const words = url.split(/[^A-Za-z0-9]+/).filter(Boolean);
  return [method.toLowerCase(), ...words.map((word) => word[0]!.toUpperCase() + word.slice(1))].join('');
}

function parameters(schema: unknown, location: 'path' | 'query' | 'header'): JsonSchema[] {
  if (!schema || typeof schema !== 'object') return [];
  const { properties = {}, required = [] } = schema as { properties?: Record<string, JsonSchema>; required?: string[] };
  return Object.entries(properties).map(([name, property]) => ({
    name,
    in: location,
    required: location === 'path' || required.includes(name),
    ...(typeof property.description === 'string' ? { description: property.description } : {}),
    schema: property,
  }));
}

const json = (schema: unknown) => ({ 'application/json': { schema } });
const ERROR_REF = { $ref: '#/components/schemas/Error' };

function responses(schema: RouteDocs): JsonSchema {
  const out: JsonSchema = {};
  for (const [status, response] of Object.entries((schema.response ?? {}) as Record<string, JsonSchema>)) {
    const description = typeof response.description === 'string' ? response.description : status.startsWith('2') ? 'Success' : 'Error';
    out[status] = { description, content: json(status.startsWith('2') ? response : ERROR_REF) };
  }
  if (Object.keys(out).length === 0) out['200'] = { description: 'Success' };
  out.default = { description: 'Error', content: json(ERROR_REF) };
  return out;
}

export function buildOpenApiDocument(routes: readonly RegisteredRoute[], info: OpenApiInfo): JsonSchema {
  const paths: Record<string, Record<string, JsonSchema>> = {};
  for (const { method, url, schema } of routes) {
    if (schema.hide) continue;
    const path = toOpenApiPath(url);
    const operation: JsonSchema = {
      operationId: schema.operationId ?? operationId(method, url),
      ...(schema.summary ? { summary: schema.summary } : {}),
      ...(schema.description ? { description: schema.description } : {}),
      ...(schema.tags ? { tags: schema.tags } : {}),
      parameters: [...parameters(schema.params, 'path'), ...parameters(schema.querystring, 'query'), ...parameters(schema.headers, 'header')],
      ...(schema.body ? { requestBody: { required: true, content: json(schema.body) } } : {}),
      responses: responses(schema),
    };
    paths[path] = { ...paths[path], [method.toLowerCase()]: operation };
  }
  return {
    openapi: '3.1.0',
    info,
    paths,
    components: { schemas: { Error: jsonSchema(ErrorBody, 'output') } },
  };
}
