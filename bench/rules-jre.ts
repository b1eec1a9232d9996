// Our rule set translated to json-rules-engine: conditions become its condition JSON (with
// custom operators where its built-ins differ from ours), rule order becomes its priority,
// calculations and actions run in its success handler, and the box walk is one engine per box.
// Written as a careful user would: a fired rule replaces only the facts it wrote, and the
// pattern operator compiles each pattern once.
import { Almanac, Engine, type NestedCondition, type TopLevelCondition } from 'json-rules-engine';
import type { Lead } from '../core/lead/lead.ts';
import type { Condition, LookupTable, Rule, RuleSet } from '../core/rules/model.ts';
import type { Outcome } from './rules-fixture.ts';

const lower = (v: unknown) => (typeof v === 'string' ? v.toLowerCase() : v);

function condition(node: Condition): NestedCondition {
  if ('all' in node) return { all: node.all.map(condition) };
  if ('any' in node) return { any: node.any.map(condition) };
  if ('not' in node) return { not: condition(node.not) };
  const fact = node.field;
  switch (node.op) {
    case 'equals': return { fact, operator: 'eqCi', value: node.value };
    case 'oneOf': return { fact, operator: 'inCi', value: node.values };
    case 'startsWith': return { fact, operator: 'startsWithCi', value: node.value };
    case 'gte': return { fact, operator: 'greaterThanInclusive', value: node.value as number };
    case 'lt': return { fact, operator: 'lessThan', value: node.value as number };
    case 'matches': return { fact, operator: 'matchesCi', value: node.pattern };
    default: throw new Error(`the bench translation does not cover ${node.op}`);
  }
}

type Facts = Record<string, unknown>;
interface Run {
  facts: Facts;
  routing: { kind: string; target: string } | null;
}

function leadFacts(lead: Lead): Facts {
  return {
    'contact.country': lead.contact.country, 'contact.title': lead.contact.title, 'contact.email': lead.contact.email,
    'interest.timeframe': lead.interest.timeframe, 'interest.budget': lead.interest.budget, source: lead.source,
    score: lead.score, priority: lead.priority, 'custom.industry': lead.custom.industry, 'custom.employees': lead.custom.employees,
  };
}

/** Applies one fired rule's calculations and actions by interpreting their JSON, as a JRE user would. */
function perform(rule: Rule, run: Run, tables: Map<string, Map<unknown, unknown>>): void {
  const f = run.facts;
  for (const calc of rule.calculations ?? []) {
    let value: unknown;
    if (calc.kind === 'lookup') value = tables.get(calc.table)!.get(f[calc.field]) ?? calc.default;
    else {
      value = calc.terms.reduce((sum, t) => sum + (typeof f[t.field] === 'number' ? (f[t.field] as number) * t.weight : 0), calc.base ?? 0);
      value = Math.min(calc.clamp?.max ?? Infinity, Math.max(calc.clamp?.min ?? -Infinity, value as number));
    }
    f[calc.into] = value;
  }
  for (const a of rule.actions) {
    if (a.type === 'setScore' && a.add !== undefined) f.score = Math.min(100, Math.max(0, (f.score as number) + a.add));
    else if (a.type === 'setPriority') f.priority = a.priority;
    else if (a.type === 'setField') f[a.field] = a.value;
    else if (a.type === 'routeToBox') run.routing = { kind: 'box', target: a.boxId };
    else if (a.type === 'routeToUser') run.routing = { kind: 'user', target: a.userId };
    else if (a.type === 'routeRoundRobin') run.routing = { kind: 'class', target: a.classId };
  }
}

function engineFor(rules: Rule[], tables: Map<string, Map<unknown, unknown>>): Engine {
  const engine = new Engine([], { allowUndefinedFacts: true });
  engine.addOperator('eqCi', (a, b) => lower(a) === lower(b));
  engine.addOperator('inCi', (a, b: unknown[]) => b.some((v) => lower(v) === lower(a)));
  engine.addOperator('startsWithCi', (a, b: string) => typeof a === 'string' && a.toLowerCase().startsWith(b.toLowerCase()));
  const patterns = new Map<string, RegExp>();
  const pattern = (source: string) => patterns.get(source) ?? patterns.set(source, new RegExp(source, 'i')).get(source)!;
  engine.addOperator('matchesCi', (a, b: string) => typeof a === 'string' && pattern(b).test(a));
  rules.forEach((rule, i) => {
    // Later rules must see what this one wrote: only those facts are replaced.
    const written = [...(rule.calculations ?? []).map((c) => c.into), ...rule.actions.flatMap((a) => (a.type === 'setScore' ? ['score'] : a.type === 'setPriority' ? ['priority'] : a.type === 'setField' ? [a.field] : []))];
    const conditions = (rule.conditions ? condition(rule.conditions) : { all: [] }) as TopLevelCondition;
    const wrapped: TopLevelCondition = 'all' in conditions || 'any' in conditions ? conditions : { all: [conditions as NestedCondition] };
    engine.addRule({
      conditions: wrapped,
      event: { type: rule.id },
      priority: rules.length - i, // JRE runs higher priorities first; later order must run later
      onSuccess: (_event, almanac) => {
        const run = (almanac as unknown as { run: Run }).run;
        perform(rule, run, tables);
        for (const key of written) almanac.addRuntimeFact(key, run.facts[key]);
      },
    });
  });
  return engine;
}

export interface JreRouter {
  route(lead: Lead, rr: Map<string, number>, classes: Record<string, string[]>): Promise<Outcome>;
}

export function jreRouter(set: RuleSet): JreRouter {
  const tables = new Map((set.lookupTables ?? []).map((t: LookupTable) => [t.id, new Map(t.entries.map((e) => [e.key as unknown, e.value as unknown]))]));
  const sorted = (rules: Rule[]) => [...rules].sort((a, b) => a.order - b.order || (a.id < b.id ? -1 : 1));
  const global = engineFor(sorted(set.rules.filter((r) => r.scope.kind === 'global')), tables);
  const byBox = new Map<string, Engine>();
  for (const boxId of new Set(set.rules.flatMap((r) => (r.scope.kind === 'box' ? [r.scope.boxId] : [])))) {
    byBox.set(boxId, engineFor(sorted(set.rules.filter((r) => r.scope.kind === 'box' && r.scope.boxId === boxId)), tables));
  }
  return {
    async route(lead, rr, classes) {
      const run: Run = { facts: leadFacts(lead), routing: null };
      // Success handlers only get the almanac, so the run rides along on it.
      const withRun = async (engine: Engine) => {
        const almanac = new Almanac({ allowUndefinedFacts: true });
        for (const [key, value] of Object.entries(run.facts)) almanac.addRuntimeFact(key, value);
        (almanac as unknown as { run: Run }).run = run;
        await engine.run({}, { almanac });
      };
      await withRun(global);
      let boxId = 'root';
      if (run.routing?.kind === 'box') {
        boxId = run.routing.target;
        run.routing = null;
        await withRun(byBox.get(boxId)!);
      }
      let userId: string | null = null;
      if (run.routing?.kind === 'user') userId = run.routing.target;
      else if (run.routing?.kind === 'class') {
        const members = classes[run.routing.target]!;
        const next = ((rr.get(run.routing.target) ?? -1) + 1) % members.length;
        rr.set(run.routing.target, next);
        userId = members[next]!;
      }
      return { boxId, userId, score: run.facts.score as number, priority: run.facts.priority as string, freemail: run.facts['custom.freemail'] === true };
    },
  };
}
