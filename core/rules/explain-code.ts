import type { Source } from './plan-code.ts';
import type { ExplainForm } from './predicate.ts';
import type { CompiledRule } from './session.ts';

/**
 * A fired rule's matched conditions as inline code for traced generated plans (plan-code.ts),
 * from the forms predicate.ts gives them: the same records `explainForm` would add, built as one
 * array literal of known length instead of a megamorphic walk of the form, a shared scratch list
 * and a copy.
 *
 * The rule is known to hold when this code runs, so every condition of an `all` matched, and of
 * an `any` the first child that holds did (as `explainForm` answers). Only an `any` below the top
 * needs the walk. Like plan-code.ts, structure only: every path, condition and closure goes
 * in as a constant.
 */

/** The records of a node that holds, or null when they depend on which children hold. */
function records(src: Source, form: ExplainForm, value: string | null): string[] | null {
  switch (form.kind) {
    case 'leaf':
      return [`{ path: ${src.ref(form.path)}, condition: ${src.ref(form.condition)}, value: ${value ?? `${src.ref(form.get)}(s.lead, s.derived)`} }`];
    case 'not':
      return [`{ path: ${src.ref(form.path)}, condition: ${src.ref(form.condition)} }`];
    case 'all': {
      const out: string[] = [];
      for (const child of form.children) {
        const inner = records(src, child, value);
        if (inner === null) return null;
        out.push(...inner);
      }
      return out;
    }
    case 'any':
      return form.children.length === 1 ? records(src, form.children[0]!, value) : null;
  }
}

const list = (items: readonly string[]): string => (items.length === 0 ? 'E' : `[${items.join(', ')}]`);

function holds(src: Source, form: ExplainForm, value: string | null): string {
  if (value !== null && form.kind === 'leaf' && form.value !== null) return `${src.ref(form.value)}(${value})`;
  return `${src.ref(form.test)}(s.lead, s.derived, s)`;
}

/** As `matchedCode` when the records are the same whichever children hold (no `any` of several); null otherwise. */
export function fixedMatchedCode(src: Source, r: CompiledRule, value: string | null): string | null {
  const fixed = records(src, r.form, value);
  return fixed === null ? null : list(fixed);
}

/**
 * An expression for the matched conditions of `r`, which holds. `value` names a variable with
 * the value of the one field the whole condition tests (the rule's `byValue` field, or its
 * table's), read before the rule ran; null when there is none.
 */
export function matchedCode(src: Source, r: CompiledRule, value: string | null): string {
  const form = r.form;
  const fixed = fixedMatchedCode(src, r, value);
  if (fixed !== null) return fixed;
  if (form.kind === 'any' && form.children.length > 0) {
    const alternatives = form.children.map((child) => records(src, child, value));
    if (alternatives.every((a) => a !== null)) {
      // The first child that holds; the last one must, if none before it did.
      const last = alternatives.length - 1;
      return alternatives.reduceRight(
        (otherwise, items, i) => (i === last ? list(items!) : `${holds(src, form.children[i]!, value)} ? ${list(items!)} : ${otherwise}`),
        '',
      );
    }
  }
  return `explained(s, ${src.ref(r)})`;
}
