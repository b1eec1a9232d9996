import { z } from 'zod';
import type { FastifySchemaCompiler } from 'fastify';
import { HttpError } from './errors.ts';

/**
 * Route schemas are written once, in zod (most of them in core/), and published as JSON
 * Schema for the OpenAPI document. Requests are validated by the zod schema itself, so
 * defaults, trimming and messages are exactly the ones core uses everywhere else.
 */
export type JsonSchema = Record<string, unknown>;

const zodByJsonSchema = new WeakMap<object, z.ZodType>();

/** JSON Schema (draft 2020-12, the dialect of OpenAPI 3.1) for a zod schema, linked back to it for validation. */
export function jsonSchema(schema: z.ZodType, io: 'input' | 'output' = 'input'): JsonSchema {
  const { $schema: _dialect, ...json } = z.toJSONSchema(schema, { io, unrepresentable: 'any', reused: 'inline' }) as JsonSchema;
  zodByJsonSchema.set(json, schema);
  return json;
}

const PART_NAMES: Record<string, string> = { body: 'body', querystring: 'query', params: 'path', headers: 'header' };

/**
 * The first zod issue as an error naming the field, e.g. `contact.email: Invalid email address`.
 * `within` names the part of the input the schema checked: it prefixes the path, and stands
 * in for it when the whole value is at fault.
 */
export function issueError(error: z.ZodError, within: string | null, statusCode = 400): HttpError {
  const issue = error.issues[0];
  const field = [within, ...(issue?.path.map(String) ?? [])].filter((part) => part !== null && part !== '').join('.');
  return new HttpError(statusCode, 'invalid_input', field ? `${field}: ${issue?.message ?? 'invalid value'}` : (issue?.message ?? 'invalid input'), field || undefined);
}

/** A request part's zod failure as a 400, naming the field inside the body, or the part itself when the whole part is wrong. */
export function validationError(error: z.ZodError, part: string): HttpError {
  const path = error.issues[0]?.path ?? [];
  return issueError(error, path.length > 0 ? null : (PART_NAMES[part] ?? part));
}

export const zodValidatorCompiler: FastifySchemaCompiler<unknown> = ({ schema, method, url, httpPart }) => {
  const zodSchema = zodByJsonSchema.get(schema as object);
  if (!zodSchema) {
    throw new Error(`${method} ${url}: the ${httpPart ?? 'request'} schema must be built with jsonSchema() from a zod schema`);
  }
  return (data: unknown) => {
    const result = zodSchema.safeParse(data ?? undefined);
    return result.success ? { value: result.data } : { error: validationError(result.error, httpPart ?? 'body') };
  };
};

/** Responses are plain JSON; response schemas exist for the OpenAPI document, not for speed. */
export const jsonSerializerCompiler = () => (data: unknown) => JSON.stringify(data);
