import type { Derived } from './fields.ts';
import { generateCode } from './generate-code.ts';
import type { FieldChange } from './session.ts';

/**
 * Builders of the result's keyed records (`derived`, `changes`) from the session's slots. The
 * keys are user text (derived value and custom field names), so each store site gets its own
 * generated function with the key as an argument, never as source: one shared `record[key] = v`
 * would see every name of every set and make each store a megamorphic lookup.
 */

/** An empty, frozen base without Object.prototype: records made from it keep V8's fast shapes, unlike Object.create(null). */
const DERIVED_BASE: object = Object.freeze(Object.create(null) as object);
/** Past this many derived names the record is built by a loop (a generated store per name would make one huge function). */
const GENERATED_NAMES = 64;

export type DerivedRecord = (derived: Derived) => Record<string, unknown>;

/**
 * The result's derived values by name, for one compiled set's slots. Derived names are user
 * text: the record inherits nothing, so no name can reach Object.prototype (reserved names are
 * refused at parse time as well).
 */
export function derivedRecordOf(names: readonly string[]): DerivedRecord {
  const loop: DerivedRecord = (derived) => {
    const record = Object.create(DERIVED_BASE) as Record<string, unknown>;
    for (let i = 0; i < names.length; i++) if (derived[i] !== undefined) record[names[i]!] = derived[i];
    return record;
  };
  if (names.length > GENERATED_NAMES) return loop;
  const stores = names.map((_, i) => `if (d[${i}] !== undefined) r[n[${i}]] = d[${i}];`).join('\n');
  const make = generateCode(['n', 'B'], `return (d) => {\nconst r = Object.create(B);\n${stores}\nreturn r;\n};`);
  return (make?.(names, DERIVED_BASE) as DerivedRecord | undefined) ?? loop;
}

export type ChangeRecorder = (changes: Record<string, FieldChange>, change: FieldChange) => void;

const recorders = new Map<string, ChangeRecorder>();
/** Distinct paths whose recorders are kept; custom field names come from users, so the cache is bounded. */
const RECORDERS_KEPT = 1_000;

/** Stores a field's entry in a result's `changes` under its path, with a store site of its own. */
export function changeRecorder(path: string): ChangeRecorder {
  let recorder = recorders.get(path);
  if (recorder) return recorder;
  const make = generateCode(['key'], 'return (changes, change) => { changes[key] = change; };');
  recorder = (make?.(path) as ChangeRecorder | undefined) ?? ((changes, change) => void (changes[path] = change));
  if (recorders.size < RECORDERS_KEPT) recorders.set(path, recorder);
  return recorder;
}
