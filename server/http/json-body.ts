import type { FastifyInstance } from 'fastify';
import { HttpError } from './errors.ts';

/**
 * Replaces Fastify's JSON parser, which answers every syntax error with the same sentence:
 * callers fixing a hand-written request need to know where the JSON broke. Keys that could
 * poison prototypes when a handler later spreads the object are refused outright.
 */
export function parseJsonBody(text: string): unknown {
  if (text.trim() === '') throw new HttpError(400, 'invalid_json', 'request body is empty but content-type is application/json');
  let poisoned: string | null = null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text, (key, value: unknown) => {
      if (key === '__proto__' || (key === 'constructor' && typeof value === 'object' && value !== null && 'prototype' in value)) poisoned = key;
      return value;
    });
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    throw new HttpError(400, 'invalid_json', `request body is not valid JSON: ${detail}`);
  }
  if (poisoned !== null) throw new HttpError(400, 'invalid_json', `request body may not contain the key "${poisoned}"`, poisoned);
  return parsed;
}

export function installJsonBodyParser(app: FastifyInstance): void {
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_request, body, done) => {
    try {
      done(null, parseJsonBody(body as string));
    } catch (error) {
      done(error as Error, undefined);
    }
  });
}
