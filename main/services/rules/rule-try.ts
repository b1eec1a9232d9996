import type { CallParsedInput, TryDestinationKind, TryLeadRow, TryResult } from '../../../core/contract/index.ts';
import { TRY_SAMPLE_CAP } from '../../../core/contract/index.ts';
import { displayName, PRIORITIES, type Lead, type Priority } from '../../../core/lead/lead.ts';
import { compileRuleSet, describeAction, parseRuleSet, RoundRobinState, routeLead, type RouteResult } from '../../../core/rules/index.ts';
import type { LocalStore } from '../store/index.ts';
import { requireEditableBox, type RuleDirectory } from './rule-directory.ts';
import { refuse } from './rule-validation.ts';

/**
 * "Try it": a draft rule set (not saved) run over the newest leads of the local store, as if
 * each had just arrived in my box. Only the draft's rules run — the boxes above mine have
 * already routed these leads here — and round robin turns across the sample as it would.
 */

type TryInput = CallParsedInput<'rules.try'>;

interface Destination {
  kind: TryDestinationKind;
  id: string | null;
  label: string;
}

function destinationOf(result: RouteResult, startBoxId: string, dir: RuleDirectory): Destination {
  const routing = result.routing;
  if (!routing) {
    return result.boxId === startBoxId
      ? { kind: 'stays', id: startBoxId, label: `Stays in ${dir.boxName(startBoxId)}` }
      : { kind: 'box', id: result.boxId, label: dir.boxName(result.boxId) };
  }
  switch (routing.kind) {
    case 'box':
      return { kind: 'box', id: routing.boxId, label: dir.boxName(routing.boxId) };
    case 'user':
      return { kind: 'user', id: routing.userId, label: dir.userName(routing.userId) };
    case 'upForGrabs': {
      const who = [...routing.users.map(dir.userName), ...routing.servers.map((s) => `server ${s}`)];
      return { kind: 'upForGrabs', id: who.join(','), label: `Up for grabs: ${who.join(', ')}` };
    }
    case 'partner':
      return { kind: 'partner', id: routing.partnerId, label: `Partner ${routing.partnerId}` };
  }
}

const bucketOf = (score: number) => Math.min(9, Math.max(0, Math.floor(score / 10)));
const round1 = (n: number) => Math.round(n * 10) / 10;

export function tryRules(input: TryInput, store: LocalStore, dir: RuleDirectory, now: number): TryResult {
  const parsed = parseRuleSet({ version: 1, rules: input.rules, lookupTables: input.lookupTables ?? store.rules.lookupTables() });
  if (!parsed.ok) refuse(parsed.issues);
  parsed.value.rules.forEach((rule, i) => {
    if (rule.scope.kind === 'global') refuse([{ path: `rules[${i}].scope`, message: 'a draft holds the rules of your box and the boxes below it, not global rules' }]);
    else requireEditableBox(dir, rule.scope.boxId, `rules[${i}].scope.boxId`);
  });
  const startBoxId = input.startBoxId ?? dir.myBox.id;
  requireEditableBox(dir, startBoxId, 'startBoxId');

  const compiled = compileRuleSet(parsed.value);
  const boxPath = dir.tree.pathTo(startBoxId);
  const { leads, total } = store.ruleInsights.sample(input.sample);
  const destinations = new Map<string, Destination & { count: number }>();
  const priorityChanges = new Map<string, { from: Priority; to: Priority; count: number }>();
  const buckets = Array.from({ length: 10 }, (_, i) => ({ from: i * 10, to: i === 9 ? 100 : i * 10 + 9, before: 0, after: 0 }));
  const perRule = new Map<string, { ruleId: string; ruleName: string; fired: number; failed: number }>();
  const runErrors = new Map<string, { ruleId: string; ruleName: string; phase: string; message: string; count: number }>();
  const effects = { collateral: 0, notifications: 0, withheld: 0, incubated: 0, offerTimeouts: 0, loops: 0 };
  const rows: TryLeadRow[] = [];
  let matching = 0;
  let leadsFired = 0;
  let scoreBefore = 0;
  let scoreAfter = 0;
  const roundRobin = new RoundRobinState();

  for (const lead of leads) {
    const result = routeLead(dir.tree, compiled, lead, { event: input.event, now, boxPath, userClasses: dir.userClasses, roundRobin });
    const destination = destinationOf(result, startBoxId, dir);
    const key = `${destination.kind}:${destination.id}`;
    const known = destinations.get(key) ?? { ...destination, count: 0 };
    known.count++;
    destinations.set(key, known);
    const after = result.lead;
    if (after.priority !== lead.priority) {
      const change = priorityChanges.get(`${lead.priority}>${after.priority}`) ?? { from: lead.priority, to: after.priority, count: 0 };
      change.count++;
      priorityChanges.set(`${lead.priority}>${after.priority}`, change);
    }
    buckets[bucketOf(lead.score)]!.before++;
    buckets[bucketOf(after.score)]!.after++;
    scoreBefore += lead.score;
    scoreAfter += after.score;
    for (const entry of result.trace) {
      const counts = perRule.get(entry.ruleId) ?? { ruleId: entry.ruleId, ruleName: entry.ruleName, fired: 0, failed: 0 };
      counts.fired++;
      perRule.set(entry.ruleId, counts);
    }
    const failures = result.errors.filter((e) => e.phase !== 'compile');
    for (const error of failures) {
      const counts = perRule.get(error.ruleId) ?? { ruleId: error.ruleId, ruleName: error.ruleName, fired: 0, failed: 0 };
      counts.failed++;
      perRule.set(error.ruleId, counts);
      const errorKey = `${error.ruleId}\u0000${error.message}`;
      const seen = runErrors.get(errorKey) ?? { ruleId: error.ruleId, ruleName: error.ruleName, phase: error.phase, message: error.message, count: 0 };
      seen.count++;
      runErrors.set(errorKey, seen);
    }
    if (result.collateral.length) effects.collateral++;
    if (result.notifications.length) effects.notifications++;
    if (result.withheld.length) effects.withheld++;
    if (result.incubateUntil) effects.incubated++;
    if (result.offerTimeout) effects.offerTimeouts++;
    if (result.loop) effects.loops++;
    const fired = result.trace.length > 0;
    if (fired) leadsFired++;
    if (input.onlyFired && !fired && failures.length === 0) continue;
    if (matching++ < input.offset || rows.length >= input.limit) continue;
    rows.push(leadRow(lead, after, result, destination, failures.map((e) => `${e.ruleName}: ${e.message}`), dir));
  }

  const rank = (p: Priority) => PRIORITIES.indexOf(p);
  return {
    leadsInStore: total,
    leadsTried: leads.length,
    sampleCap: TRY_SAMPLE_CAP,
    compileErrors: compiled.errors.map((e) => ({ ruleId: e.ruleId, ruleName: e.ruleName, path: e.path ?? null, message: e.message })),
    aggregate: {
      leadsFired,
      destinations: [...destinations.values()].sort((a, b) => b.count - a.count || a.label.localeCompare(b.label)),
      priorityChanges: [...priorityChanges.values()].sort((a, b) => rank(a.from) - rank(b.from) || rank(a.to) - rank(b.to)),
      score: { meanBefore: leads.length ? round1(scoreBefore / leads.length) : 0, meanAfter: leads.length ? round1(scoreAfter / leads.length) : 0, buckets },
      rules: [...perRule.values()].sort((a, b) => b.fired - a.fired || a.ruleName.localeCompare(b.ruleName)),
      runErrors: [...runErrors.values()],
      effects,
    },
    leads: { total: matching, offset: input.offset, rows },
  };
}

function leadRow(lead: Lead, after: Lead, result: RouteResult, destination: Destination, errors: string[], dir: RuleDirectory): TryLeadRow {
  return {
    leadId: lead.id,
    name: displayName(lead.contact),
    company: lead.contact.company,
    status: lead.status,
    destination: { kind: destination.kind, label: destination.label },
    priority: { before: lead.priority, after: after.priority },
    score: { before: lead.score, after: after.score },
    fired: result.trace.map((entry) => ({
      ruleId: entry.ruleId,
      ruleName: entry.ruleName,
      actions: entry.actions.map((a) => `${describeAction(a.action, dir.names)}${a.skipped ? ' (already done)' : ''}`),
    })),
    errors,
  };
}
