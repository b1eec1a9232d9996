import type { z } from 'zod';
import type { BridgeErrorBody } from './index.ts';

export type CallErrorCode = BridgeErrorBody['error']['code'];

/** An error meant for the person at the keyboard: what went wrong and, if known, which field. */
export class CallError extends Error {
  readonly code: CallErrorCode;
  readonly field: string | undefined;

  constructor(code: CallErrorCode, message: string, field?: string) {
    super(field ? `${field}: ${message}` : message);
    this.name = 'CallError';
    this.code = code;
    this.field = field;
  }

  toBody(): BridgeErrorBody {
    return { error: { code: this.code, message: this.message, ...(this.field ? { field: this.field } : {}) } };
  }

  static fromBody(body: BridgeErrorBody): CallError {
    const { code, message, field } = body.error;
    const bare = field && message.startsWith(`${field}: `) ? message.slice(field.length + 2) : message;
    return new CallError(code, bare, field);
  }
}

/** Turns the first zod issue into a CallError naming the field path, e.g. "contact.email". */
export function invalidInput(error: z.ZodError): CallError {
  const issue = error.issues[0];
  const field = issue && issue.path.length > 0 ? issue.path.map(String).join('.') : undefined;
  return new CallError('invalid_input', issue?.message ?? 'invalid input', field);
}
