import { applyCode, calculationCode } from './effects-code.ts';
import { generateCode } from './generate-code.ts';
import type { Step } from './plan.ts';
import { added, empty, entryFailed, explained, interpretSteps, MATCHED, ruleFailed, runRule, type CompiledRule, type Session } from './session.ts';

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

/**
 * The body of one rule as `runRule` runs it: every resolve before any apply; when traced, the
 * entry `runRule` would record (matched conditions in `matched`).
 */
function ruleBody(src: Source, r: CompiledRule, traced: boolean): string {
  const rule = src.ref(r);
  const lines = [`s.rule = ${rule}; s.undoTop = 0;`];
  // The entry `openEntry` makes, as a literal: arrays of known length are allocated inline.
  const slots = (n: number) => (n === 0 ? 'E' : `[${Array.from({ length: n }, () => 'undefined').join(', ')}]`);
  if (traced) {
    lines.push(
      `const entry = { ruleId: ${rule}.ruleId, ruleName: ${rule}.ruleName, scope: ${rule}.scope, event: s.event, matched, calculations: ${slots(r.calculations.length)}, actions: ${slots(r.actions.length)} };`,
    );
  }
  lines.push('try {');
  // What may throw after a calculation: a later calculation, or any action's resolve.
  const resolves = r.actions.some((action) => action.resolve !== null);
  r.calculations.forEach((calc, i) => {
    lines.push(`let r${i};`, calculationCode(src, calc.form, `r${i}`, resolves || i < r.calculations.length - 1));
    if (traced) lines.push(`entry.calculations[${i}] = { calculation: ${src.ref(calc.source)}, value: r${i} };`);
  });
  r.actions.forEach((action, i) => lines.push(`const v${i} = ${action.resolve ? `${src.ref(action.resolve)}(s)` : 'undefined'};`));
  r.actions.forEach((action, i) => {
    const inline = applyCode(src, action, `v${i}`);
    const apply = `${src.ref(action.apply)}(s, v${i})`;
    if (!traced) return lines.push(inline ?? `${apply};`);
    const source = src.ref(action.source);
    // An inline apply never skips.
    if (inline) return lines.push(inline, `entry.actions[${i}] = v${i} === undefined ? ${src.ref(action.done)} : { action: ${source}, value: v${i} };`);
    lines.push(`const k${i} = ${apply};`);
    lines.push(`entry.actions[${i}] = k${i} ? { action: ${source}, value: v${i}, skipped: k${i} } : v${i} === undefined ? ${src.ref(action.done)} : { action: ${source}, value: v${i} };`);
  });
  lines.push(traced ? `} catch (error) { failedEntry(entry, failed(s, ${rule}, error)); }` : `} catch (error) { failed(s, ${rule}, error); }`);
  if (traced) lines.push('s.trace.push(entry);');
  return lines.join('\n');
}

function stepCode(src: Source, step: Step, traced: boolean): string {
  const table = step.dispatch;
  if (table !== null && table.rules.length > CHUNK) {
    const matched = traced ? 'explained(s, rules[i])' : 'null';
    return `{ const rules = ${src.ref(table.rules)}; const fired = ${src.ref(table)}.fired(${src.ref(table.get)}(s.lead, s.derived)); for (let i = 0; i < fired.length; i++) run(s, rules[fired[i]], ${matched}); }`;
  }
  if (table !== null) {
    // Each member's body is inlined under its position, as for a rule tested on its own.
    const cases = table.rules.map((r, i) => {
      const body = traced ? `const matched = explained(s, ${src.ref(r)});\n${ruleBody(src, r, true)}` : ruleBody(src, r, false);
      return `case ${i}: {\n${body}\nbreak;\n}`;
    });
    return `{ const fired = ${src.ref(table)}.fired(${src.ref(table.get)}(s.lead, s.derived));\nfor (let i = 0; i < fired.length; i++) switch (fired[i]) {\n${cases.join('\n')}\n} }`;
  }
  const r = step.rule!;
  if (r.broken) return `s.errors = added(s.errors, ${src.ref(r.broken)});`;
  // Traced or not, the fast test decides; a rule that fired is explained (its matched
  // conditions recorded) by running its conditions again, as dispatch tables do.
  const body = traced ? `const matched = explained(s, ${src.ref(r)});\n${ruleBody(src, r, true)}` : ruleBody(src, r, false);
  // A rule without conditions always runs.
  if (r.source.conditions === undefined) return `{\n${body}\n}`;
  const test = r.byValue ? `${src.ref(r.byValue.match)}(${src.ref(r.byValue.get)}(s.lead, s.derived))` : `${src.ref(r.test)}(s.lead, s.derived, s)`;
  return `if (${test}) {\n${body}\n}`;
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
  const factory = generateCode(['K', 'run', 'explained', 'failed', 'added', 'M', 'E', 'failedEntry'], body);
  return (factory?.(src.constants, runRule, explained, ruleFailed, added, MATCHED, empty(), entryFailed) as Runner | undefined) ?? ((s) => interpretSteps(s, steps));
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
