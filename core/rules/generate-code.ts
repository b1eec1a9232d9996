/**
 * Functions made from generated source, for the engine's hot paths (plan-code.ts, fields.ts).
 * Callers pass structure only — rule text reaches generated code as arguments, never as source.
 * Answers null where the environment forbids code generation (a Content Security Policy without
 * 'unsafe-eval'); callers then use their closure-based equivalent, which gives the same results.
 */
export function generateCode(params: readonly string[], body: string): ((...args: unknown[]) => unknown) | null {
  try {
    return new Function(...params, body) as (...args: unknown[]) => unknown;
  } catch (error) {
    if (error instanceof EvalError) return null;
    throw error;
  }
}
