import { z } from 'zod';
import type { FastifyError, FastifyInstance } from 'fastify';

/**
 * One error shape for every 4xx/5xx the server answers, so clients (the workstation's sync
 * client, partner servers, scripts) can show the message and point at the field at fault.
 */
export const ERROR_CODES = [
  'invalid_input',
  'invalid_json',
  'unsupported_media_type',
  'payload_too_large',
  'unauthorized',
  'forbidden',
  'not_found',
  'conflict',
  'too_many_requests',
  'unavailable',
  'internal',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export const ErrorBody = z
  .object({
    error: z.object({
      code: z.enum(ERROR_CODES),
      message: z.string(),
      field: z.string().optional().describe('Dotted path of the input field at fault, e.g. "contact.email".'),
    }),
  })
  .describe('Every 4xx and 5xx answer has this shape.');
export type ErrorBody = z.infer<typeof ErrorBody>;

export class HttpError extends Error {
  readonly statusCode: number;
  readonly code: ErrorCode;
  readonly field: string | undefined;

  constructor(statusCode: number, code: ErrorCode, message: string, field?: string) {
    super(message);
    this.name = 'HttpError';
    this.statusCode = statusCode;
    this.code = code;
    this.field = field;
  }

  toBody(): ErrorBody {
    return { error: { code: this.code, message: this.message, ...(this.field ? { field: this.field } : {}) } };
  }
}

const CODE_BY_STATUS: Record<number, ErrorCode> = {
  400: 'invalid_input',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'not_found',
  409: 'conflict',
  413: 'payload_too_large',
  415: 'unsupported_media_type',
  429: 'too_many_requests',
  503: 'unavailable',
};

/** Fastify's own errors carry terse or internal wording; these say what the caller should fix. */
function fromFastifyError(error: FastifyError, bodyLimit: number): HttpError {
  switch (error.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return new HttpError(413, 'payload_too_large', `request body is larger than the limit of ${bodyLimit} bytes`);
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return new HttpError(415, 'unsupported_media_type', 'this endpoint does not accept the content-type of the request', 'content-type');
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return new HttpError(400, 'invalid_input', 'content-length does not match the body', 'content-length');
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return new HttpError(400, 'invalid_json', 'request body is empty but content-type is application/json');
  }
  const status = error.statusCode ?? 500;
  if (status >= 400 && status < 500) return new HttpError(status, CODE_BY_STATUS[status] ?? 'invalid_input', error.message);
  if (status === 503) return new HttpError(503, 'unavailable', 'the server is shutting down or unavailable');
  return new HttpError(500, 'internal', 'internal server error');
}

export function installErrorHandling(app: FastifyInstance, bodyLimit: number): void {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    const httpError = error instanceof HttpError ? error : fromFastifyError(error, bodyLimit);
    if (httpError.statusCode >= 500) request.log.error({ err: error }, 'request failed');
    void reply.status(httpError.statusCode).send(httpError.toBody());
  });
  app.setNotFoundHandler((request, reply) => {
    const path = request.url.split('?')[0] ?? request.url;
    void reply.status(404).send(new HttpError(404, 'not_found', `no route for ${request.method} ${path}`).toBody());
  });
}
