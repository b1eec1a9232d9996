import { applyCode, calculationCode, tracedLookupCode } from './effects-code.ts';
import { generateCode } from './generate-code.ts';
import type { Step } from './plan.ts';
import { fixedMatchedCode, matchedCode } from './explain-code.ts';
import { added, CHANGED, empty, explained, interpretSteps, ruleFailed, runRule, UNDO, WINNER, type ActionRecord, type CompiledAction, type CompiledRule, type Session, type TraceEntry } from './session.ts';

/**
 * A run plan (plan.ts) turned into one straight-line JavaScript function per tracing mode, the
 * way ajv and zod compile a schema: generated once, on the plan's first run, and kept.
 *
 * Why: the interpreter (`interpretSteps`) calls every rule's test, calculations and actions from
 * one loop, so each of those call sites sees every rule's closure and V8 can inline none of
 * them. Generated code has one call site per rule part, each always calling the same closure,
 * which V8 inlines.
 *
 * Safety: the generated source is structure only. Every rule, closure and value is passed in
 * through the constants array and named `c<index>`; no rule text (ids, names, fields, values,
 * patterns) ever becomes source. Where code cannot be generated (a page whose Content Security
 * Policy forbids it), the plan runs on the interpreter, with the same results.
 */

export type Runner = (s: Session) => void;

export interface Plan {
  readonly steps: readonly Step[];
  run(s: Session): void;
}

/** Rules per generated function: V8 stops optimising functions past a size, and a box may hold thousands of rules. */
const CHUNK = 40;

export interface Source {
  constants: unknown[];
  ref(value: unknown): string;
}

function source(): Source {
  const constants: unknown[] = [];
  return { constants, ref: (value) => `c${constants.push(value) - 1}` };
}

/** What action `i` resolves to: its literal when known, else its resolve's answer (undefined without one). */
function resolvedCode(src: Source, action: CompiledAction, i: number): string {
  if (action.literal) return `const v${i} = ${src.ref(action.literal.value)};`;
  return `const v${i} = ${action.resolve ? `${src.ref(action.resolve)}(s)` : 'undefined'};`;
}

/** The trace record of action `i` done (not skipped), as `runRule` makes it. */
function doneRecord(src: Source, action: CompiledAction, i: number): string {
  if (action.record) return src.ref(action.record);
  return `v${i} === undefined ? ${src.ref(action.done)} : { action: ${src.ref(action.source)}, value: v${i} }`;
}

/** The trace records of a rule's actions when they are the same for every lead: one frozen list, shared. */
function sharedRecords(r: CompiledRule): readonly ActionRecord[] | null {
  if (r.actions.length === 0 || r.actions.some((action) => action.skips || action.record === null)) return null;
  return Object.freeze(r.actions.map((action) => action.record!));
}

/** Where a table member's trace entry is kept per value: `entries` names the value's list, `position` is the member's. */
interface ValueMemo {
  entries: string;
  position: number;
}

/** A remembered entry is shared by every lead with that value: frozen, with its matched list. */
function frozenEntry(entry: TraceEntry): TraceEntry {
  Object.freeze(entry.matched);
  return Object.freeze(entry);
}

/**
 * The trace entry of a rule without conditions whose calculations and actions record the same
 * for every lead: one frozen object, shared. A plan runs for its rules' event only, so the
 * session's event is the rule's.
 */
function fixedEntry(r: CompiledRule, calculations: readonly unknown[], actions: readonly ActionRecord[]): TraceEntry {
  return Object.freeze({ ruleId: r.ruleId, ruleName: r.ruleName, scope: r.scope, event: r.source.event, matched: empty(), calculations, actions }) as TraceEntry;
}

/**
 * The body of one rule as `runRule` runs it: every resolve before any apply. When traced,
 * `matched` is an expression for its matched conditions (explain-code.ts), evaluated before the
 * rule writes anything, and the entry `runRule` records is built once, as a literal, when the
 * rule is done (V8 allocates a literal and its arrays inline).
 */
function ruleBody(src: Source, r: CompiledRule, matched: string | null, memo: ValueMemo | null = null): string {
  const rule = src.ref(r);
  const shared = matched === null ? null : sharedRecords(r);
  // Remembered with the table's value: `matched` then reads only that value, so it is made once, in the entry.
  const remembered = memo !== null && matched !== null && r.calculations.length === 0 && (r.actions.length === 0 || shared !== null);
  const lines = [matched === null || remembered ? '' : `const matched = ${matched};`, `s.rule = ${rule}; s.undoTop = 0;`, 'try {'];
  // What may throw after a calculation: a later calculation, or any action's resolve.
  const resolves = r.actions.some((action) => action.resolve !== null && action.literal === null);
  const calculations: string[] = [];
  // The whole entry is the same for every lead when nothing in it depends on the lead (beyond a lookup's table value).
  const fixed = matched === 'E' && (r.actions.length === 0 || shared !== null) && r.calculations.length <= 1;
  const entryOf = fixed ? (list: readonly unknown[]) => fixedEntry(r, list, shared ?? empty()) : undefined;
  // Traced lookups leave their shared Outcome (effects-code.ts) in `r<i>`: its record, or its list or entry for a rule's only calculation.
  const outcomes: boolean[] = [];
  r.calculations.forEach((calc, i) => {
    const undoable = resolves || i < r.calculations.length - 1;
    const traced = matched !== null && calc.form.kind === 'lookup' ? tracedLookupCode(src, calc.form, calc.source, `r${i}`, undoable, entryOf) : null;
    lines.push(`let r${i};`, traced ?? calculationCode(src, calc.form, `r${i}`, undoable));
    outcomes.push(traced !== null);
    calculations.push(traced ? `r${i}.record` : `{ calculation: ${src.ref(calc.source)}, value: r${i} }`);
  });
  r.actions.forEach((action, i) => lines.push(resolvedCode(src, action, i)));
  const actions: string[] = [];
  r.actions.forEach((action, i) => {
    const inline = applyCode(src, action, `v${i}`);
    const apply = `${src.ref(action.apply)}(s, v${i})`;
    // An inline apply never skips.
    if (inline) return lines.push(inline), actions.push(doneRecord(src, action, i));
    if (matched === null || !action.skips) return lines.push(`${apply};`), actions.push(doneRecord(src, action, i));
    lines.push(`const k${i} = ${apply};`);
    actions.push(`k${i} ? { action: ${src.ref(action.source)}, value: v${i}, skipped: k${i} } : ${doneRecord(src, action, i)}`);
  });
  if (matched === null) {
    lines.push(`} catch (error) { failed(s, ${rule}, error); }`);
    return lines.join('\n');
  }
  const list = (items: string[]) => (items.length === 0 ? 'E' : `[${items.join(', ')}]`);
  const head = `ruleId: ${src.ref(r.ruleId)}, ruleName: ${src.ref(r.ruleName)}, scope: ${src.ref(r.scope)}, event: s.event, matched${remembered ? `: ${matched}` : ''}`;
  const calculated = outcomes.length === 1 && outcomes[0] ? 'r0.list' : list(calculations);
  if (remembered) {
    const at = `${memo.entries}[${memo.position}]`;
    lines.push(`{ let e = ${at}; if (e === undefined) e = ${at} = F({ ${head}, calculations: E, actions: ${shared ? src.ref(shared) : 'E'} }); s.trace.push(e); }`);
  } else if (fixed && r.calculations.length === 0) lines.push(`s.trace.push(${src.ref(fixedEntry(r, empty(), shared ?? empty()))});`);
  else if (fixed && outcomes[0]) lines.push('s.trace.push(r0.entry);');
  else lines.push(`s.trace.push({ ${head}, calculations: ${calculated}, actions: ${shared ? src.ref(shared) : list(actions)} });`);
  // A failed rule's entry keeps the error only: its effects were rolled back.
  lines.push(`} catch (error) { s.trace.push({ ${head}, calculations: E, actions: E, error: failed(s, ${rule}, error) }); }`);
  return lines.join('\n');
}

function stepCode(src: Source, step: Step, traced: boolean): string {
  const table = step.dispatch;
  if (table !== null && table.rules.length > CHUNK) {
    const matched = traced ? 'explained(s, rules[i])' : 'null';
    return `{ const rules = ${src.ref(table.rules)}; const fired = ${src.ref(table)}.fired(${src.ref(table.get)}(s.lead, s.derived)); for (let i = 0; i < fired.length; i++) run(s, rules[fired[i]], ${matched}); }`;
  }
  if (table !== null) {
    // Each member's body is inlined under its position, as for a rule tested on its own; the
    // value the table read is the one each member's conditions matched (no member writes it).
    // Traced, a member whose entry depends on that value alone keeps it with the value (plan.ts TracedHits).
    const body = (r: CompiledRule, i: number) => {
      if (!traced) return ruleBody(src, r, null);
      const fixed = fixedMatchedCode(src, r, 'v');
      return fixed === null ? ruleBody(src, r, matchedCode(src, r, 'v')) : ruleBody(src, r, fixed, { entries: 'known.entries', position: i });
    };
    const cases = table.rules.map((r, i) => `case ${i}: {\n${body(r, i)}\nbreak;\n}`);
    const fired = traced ? `const known = ${src.ref(table)}.tracedFired(v); const fired = known.hits;` : `const fired = ${src.ref(table)}.fired(v);`;
    return `{ const v = ${src.ref(table.get)}(s.lead, s.derived); ${fired}\nfor (let i = 0; i < fired.length; i++) switch (fired[i]) {\n${cases.join('\n')}\n} }`;
  }
  const r = step.rule!;
  if (r.broken) return `s.errors = added(s.errors, ${src.ref(r.broken)});`;
  // Traced or not, the fast test decides; a rule that fired is then explained inline.
  // A rule without conditions always runs.
  if (r.source.conditions === undefined) return `{\n${ruleBody(src, r, traced ? 'E' : null)}\n}`;
  if (r.byValue) {
    const body = ruleBody(src, r, traced ? matchedCode(src, r, 'v') : null);
    return `{ const v = ${src.ref(r.byValue.get)}(s.lead, s.derived);\nif (${src.ref(r.byValue.match)}(v)) {\n${body}\n} }`;
  }
  return `if (${src.ref(r.test)}(s.lead, s.derived, s)) {\n${ruleBody(src, r, traced ? matchedCode(src, r, null) : null)}\n}`;
}

/** Generated code, or the interpreter where this environment cannot generate code. */
function runner(steps: readonly Step[], traced: boolean): Runner {
  const src = source();
  const chunks: string[] = [];
  let part: string[] = [];
  let size = 0;
  for (const step of steps) {
    part.push(stepCode(src, step, traced));
    // A table counts its inlined members (a big one is one step of its own, see stepCode).
    size += step.dispatch === null || step.dispatch.rules.length > CHUNK ? 1 : step.dispatch.rules.length;
    if (size >= CHUNK) {
      chunks.push(`function part${chunks.length}(s) {\n${part.join('\n')}\n}`);
      part = [];
      size = 0;
    }
  }
  if (part.length) chunks.push(`function part${chunks.length}(s) {\n${part.join('\n')}\n}`);
  const constants = src.constants.map((_, i) => `const c${i} = K[${i}];`).join('\n');
  // One part is the plan itself: no wrapper to call through.
  const entry = chunks.length === 1 ? 'return part0;' : `return function plan(s) {\n${chunks.map((_, i) => `part${i}(s);`).join('\n')}\n};`;
  const body = `${constants}\n${chunks.join('\n')}\n${entry}`;
  // Structure only: see the module comment.
  const factory = generateCode(['K', 'run', 'explained', 'failed', 'added', 'E', 'F', 'U', 'C', 'W'], body);
  return (factory?.(src.constants, runRule, explained, ruleFailed, added, empty(), frozenEntry, UNDO, CHANGED, WINNER) as Runner | undefined) ?? ((s) => interpretSteps(s, steps));
}

/** `generated: false` keeps the plan on the interpreter (tests compare the two). */
export function makePlan(steps: readonly Step[], generated = true): Plan {
  return new RunPlan(steps, generated);
}

class RunPlan implements Plan {
  // Each mode's runner generates itself on first use, then is called directly.
  private fast: Runner;
  private traced: Runner;

  constructor(
    readonly steps: readonly Step[],
    generated: boolean,
  ) {
    const interpret: Runner = (s) => interpretSteps(s, steps);
    this.fast = generated ? (s) => (this.fast = runner(steps, false))(s) : interpret;
    this.traced = generated ? (s) => (this.traced = runner(steps, true))(s) : interpret;
  }

  run(s: Session): void {
    if (s.trace === null) this.fast(s);
    else this.traced(s);
  }
}
