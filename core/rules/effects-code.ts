import type { Calculation } from './model.ts';
import type { Source } from './plan-code.ts';
import type { CalculationForm, CompiledAction, Target } from './session.ts';

/**
 * Calculations and writing actions as inline code for generated run plans (plan-code.ts), from
 * the forms effects.ts gives them. Each piece does what its closure does (`write` in session.ts,
 * the `run` of effects.ts compileCalculation), but as code of the rule's own: V8 then sees one
 * site per rule, with type feedback of its own and nothing spent from its inlining budget, where
 * the closures are shared by every rule of their kind and called, not inlined, past the first few.
 *
 * Like plan-code.ts, this is structure only: every value, key and closure goes in as a constant;
 * the only numbers written into the source are change-log slots, which the engine assigns.
 */

/**
 * `write(s, target, value)` inline; `value` names a variable. `U`, `C` and `W` are the session's
 * undo log, change log and winners (session.ts UNDO, CHANGED, WINNER). `undoable` is false when nothing
 * after this write in the rule can throw: the rule can then no longer fail, so the write needs
 * no undo record (writes of actions, which apply after every resolve, and of a last calculation).
 */
export function writeCode(src: Source, target: Target, value: string, undoable: boolean): string {
  const t = src.ref(target);
  const slot = target.slot;
  if (!Number.isSafeInteger(slot)) throw new Error(`change-log slot ${String(slot)} is not an integer`);
  const set = `${src.ref(target.set)}(s, ${value});`;
  if (!undoable) return slot < 0 ? set : `{ ${set} if (W[${slot}] === null) C[s.changedCount++] = ${t}; W[${slot}] = s.rule; }`;
  const log = slot < 0 ? '' : ` const p = W[${slot}]; U[t + 2] = p; if (p === null) C[s.changedCount++] = ${t}; W[${slot}] = s.rule;`;
  return `{ const t = s.undoTop; U[t] = ${t}; U[t + 1] = ${src.ref(target.get)}(s.lead, s.derived); s.undoTop = t + 3; ${set}${log} }`;
}

/** The calculation's `run` inline; leaves what `run` returns in the variable `into`. */
export function calculationCode(src: Source, form: CalculationForm, into: string, undoable: boolean): string {
  const coerce = src.ref(form.target.coerce);
  if (form.kind === 'lookup') {
    const map = src.ref(form.map);
    const fold = form.caseSensitive ? '' : ` if (value === undefined && typeof key === 'string') value = ${map}.get(key.toLowerCase());`;
    const written = `const coerced = ${coerce}(value); ${writeCode(src, form.target, 'coerced', undoable)} ${into} = coerced;`;
    return `{ const key = ${src.ref(form.get)}(s.lead, s.derived); let value = ${map}.get(key);${fold} if (value === undefined) value = ${src.ref(form.fallback)}; if (value === undefined) ${into} = undefined; else { ${written} } }`;
  }
  const terms = form.terms.map((term) => {
    const weight = src.ref(term.weight);
    const otherwise = term.default === undefined ? '' : ` else sum += ${src.ref(term.default)} * ${weight};`;
    return `{ const v = ${src.ref(term.get)}(s.lead, s.derived); if (typeof v === 'number' && Number.isFinite(v)) { sum += v * ${weight}; seen = true; }${otherwise} }`;
  });
  const fallback = form.fallback === undefined ? '' : ` if (!seen) sum = ${src.ref(form.fallback)};`;
  const clamped = `Math.min(${src.ref(form.max)}, Math.max(${src.ref(form.min)}, sum))`;
  return `{ let sum = ${src.ref(form.base)}; let seen = false; ${terms.join(' ')}${fallback} if (!Number.isFinite(sum)) ${src.ref(form.notFinite)}(); const value = ${coerce}(${clamped}); ${writeCode(src, form.target, 'value', undoable)} ${into} = value; }`;
}

type LookupForm = Extract<CalculationForm, { kind: 'lookup' }>;

/** A lookup's result for one table value: the value written, and its trace record and one-record list, frozen and shared. */
interface Outcome {
  value: unknown;
  record: Readonly<{ calculation: Calculation; value: unknown }>;
  list: readonly unknown[];
  /** The rule's whole trace entry with this result, when nothing else in it depends on the lead. */
  entry: unknown;
}

/** Makes a rule's trace entry from its calculations' records. */
export type EntryOf = (calculations: readonly unknown[]) => unknown;

/**
 * Per key of the lookup's table (and for its default), what the calculation writes and records,
 * or null when some value would not coerce (then it must fail at run time, as `run` does).
 * Coercion depends on the value only, so this is what `run` gives each lead.
 */
function outcomes(form: LookupForm, calculation: Calculation, entryOf: EntryOf | undefined): { byKey: Map<unknown, Outcome>; fallback: Outcome } | null {
  const byValue = new Map<unknown, Outcome>();
  const outcome = (raw: unknown): Outcome | null => {
    let known = byValue.get(raw);
    if (known === undefined) {
      let value: unknown;
      try {
        value = raw === undefined ? undefined : form.target.coerce(raw);
      } catch {
        return null;
      }
      const record = Object.freeze({ calculation, value });
      const list = Object.freeze([record]);
      known = { value, record, list, entry: entryOf?.(list) };
      byValue.set(raw, known);
    }
    return known;
  };
  const fallback = outcome(form.fallback);
  if (fallback === null) return null;
  const byKey = new Map<unknown, Outcome>();
  for (const [key, raw] of form.map) {
    const known = outcome(raw);
    if (known === null) return null;
    byKey.set(key, known);
  }
  return { byKey, fallback };
}

/**
 * A lookup of a traced plan: as `calculationCode`, but the result for each table value, with its
 * trace record (and the rule's entry, given `entryOf`), is made once when the plan is generated;
 * `into` is left holding that Outcome.
 * Null when some table value does not coerce.
 */
export function tracedLookupCode(src: Source, form: LookupForm, calculation: Calculation, into: string, undoable: boolean, entryOf?: EntryOf): string | null {
  const known = outcomes(form, calculation, entryOf);
  if (known === null) return null;
  const map = src.ref(known.byKey);
  const fold = form.caseSensitive ? '' : ` if (o === undefined && typeof key === 'string') o = ${map}.get(key.toLowerCase());`;
  const written = `{ const value = o.value; ${writeCode(src, form.target, 'value', undoable)} }`;
  return `{ const key = ${src.ref(form.get)}(s.lead, s.derived); let o = ${map}.get(key);${fold} if (o === undefined) o = ${src.ref(known.fallback)}; if (o.value !== undefined) ${written} ${into} = o; }`;
}

/** The action's `apply(s, value)` inline (it returns nothing), or null when it must be called. */
export function applyCode(src: Source, action: CompiledAction, value: string): string | null {
  const form = action.form;
  if (form === null) return null;
  // Applies come after every resolve and never throw: nothing can undo them.
  if (form.kind === 'write') return writeCode(src, form.target, value, false);
  return `s.routing = ${src.ref(form.intent)}; s.routingRule = s.rule; s.routingSeq++;`;
}
