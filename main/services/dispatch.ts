import { calls, type CallName, type CallParsedInput, type CallResult } from '../../core/contract/index.ts';
import { CallError, invalidInput } from '../../core/contract/errors.ts';

/** The implementation of every declared call. Inputs arrive already validated. */
export type Handlers = {
  [N in CallName]: (input: CallParsedInput<N>) => Promise<CallResult<N>> | CallResult<N>;
};

export type Dispatch = (name: string, input: unknown) => Promise<unknown>;

function isCallName(name: string): name is CallName {
  return Object.hasOwn(calls, name);
}

/**
 * The single door into the services, shared by IPC, the web bridge and tests: unknown names
 * and invalid input are refused before any handler runs, and anything unexpected becomes an
 * 'internal' CallError instead of leaking a stack trace to the renderer.
 */
export function createDispatcher(handlers: Handlers, log: (message: string, error: unknown) => void = console.error): Dispatch {
  return async (name, input) => {
    if (!isCallName(name)) throw new CallError('unknown_call', `there is no call named "${name}"`);
    const parsed = calls[name].input.safeParse(input ?? {});
    if (!parsed.success) throw invalidInput(parsed.error);
    const handler = handlers[name] as (input: unknown) => Promise<unknown> | unknown;
    try {
      return await handler(parsed.data);
    } catch (error) {
      if (error instanceof CallError) throw error;
      log(`call ${name} failed`, error);
      throw new CallError('internal', 'something went wrong on our side; the action was not saved');
    }
  };
}
