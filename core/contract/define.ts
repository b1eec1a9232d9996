import type { z } from 'zod';

/**
 * A call the renderer may make: its input schema (validated before any handler runs) and,
 * as a phantom type, its result. The result type never exists at run time.
 */
export interface CallSpec<I extends z.ZodType, R> {
  input: I;
  description: string;
  /** Phantom: carries the result type only. */
  readonly _result?: R;
}

/** Curried so the result type can be named while the input type is inferred. */
export function defineCall<R>() {
  return <I extends z.ZodType>(input: I, description: string): CallSpec<I, R> => ({ input, description });
}

export interface EventSpec<P> {
  description: string;
  readonly _payload?: P;
}

export function defineEvent<P>(description: string): EventSpec<P> {
  return { description };
}
