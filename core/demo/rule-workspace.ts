import type { Colleague } from '../contract/index.ts';
import type { Lead } from '../lead/lead.ts';
import {
  buildBoxTree, compileRuleSet, describeAction, parseRuleSet, parseTemplateXml, routeLead,
  RoundRobinState, type BoxNode, type LookupTable, type Rule, type RuleInput, type RuleTemplate,
} from '../rules/index.ts';
import { escapeXml } from '../rules/xml.ts';
import { REGIONAL_MANAGER_TEMPLATE_XML, SALES_DIRECTOR_TEMPLATE_XML } from './rule-templates.ts';

/**
 * The routing side of the demo workspace: the demo user manages the DACH team (three reps,
 * each with a box), sits below the sales director, and has received the director's wizard
 * template; they have written the DACH reps' template themselves. Rule ids and the reps'
 * ids match the example templates in resources/rule-templates/.
 */

export interface DemoBox extends BoxNode {
  name: string;
  ownerId: string | null;
}

export interface DemoRules {
  myBoxId: string;
  /** The director and my team, for names and forwarding. */
  people: Colleague[];
  boxes: DemoBox[];
  userClasses: Array<{ id: string; name: string; members: string[] }>;
  rules: Rule[];
  lookupTables: LookupTable[];
  templates: Array<{ ownerId: string; xml: string; template: RuleTemplate }>;
}

export const DEMO_DIRECTOR = { id: 'dir-sales', name: 'Dana Ortiz', email: 'dana.ortiz@leadrelay-demo.example' };
export const DEMO_REPS: Colleague[] = [
  { id: 'rep-anna', name: 'Anna Weber', email: 'anna.weber@leadrelay-demo.example' },
  { id: 'rep-ben', name: 'Ben Fischer', email: 'ben.fischer@leadrelay-demo.example' },
  { id: 'rep-clara', name: 'Clara Hoffmann', email: 'clara.hoffmann@leadrelay-demo.example' },
];
const DACH = ['DE', 'AT', 'CH'];

type Draft = Omit<RuleInput, 'scope' | 'ownerId'>;

function myRules(): Draft[] {
  return [
    {
      id: 'demo-large-dach', name: 'Large DACH deals first', category: 'prioritization', event: 'arrived', order: 10,
      conditions: { all: [{ field: 'contact.country', op: 'oneOf', values: DACH }, { field: 'interest.size', op: 'gte', value: 100 }] },
      actions: [{ type: 'setPriority', priority: 'high' }, { type: 'setScore', add: 10 }],
    },
    {
      id: 'demo-industry-fit', name: 'Industry fit', category: 'prioritization', event: 'arrived', order: 20,
      calculations: [
        { kind: 'lookup', field: 'custom.industry', table: 'industry-points', into: 'derived.industryPoints', default: 0 },
        { kind: 'weightedSum', terms: [{ field: 'score', weight: 1 }, { field: 'derived.industryPoints', weight: 1 }], into: 'score', clamp: { min: 0, max: 100 } },
      ],
      actions: [],
    },
    {
      id: 'demo-round-robin', name: 'Round robin: DACH reps', category: 'assignment', event: 'arrived', order: 30,
      conditions: { all: [{ field: 'contact.country', op: 'oneOf', values: DACH }] },
      actions: [{ type: 'routeRoundRobin', classId: 'dach-reps' }],
    },
    {
      id: 'demo-enterprise', name: 'Enterprise deals to Anna', category: 'assignment', event: 'arrived', order: 40,
      conditions: { all: [{ field: 'interest.size', op: 'gte', value: 250 }] },
      actions: [{ type: 'routeToBox', boxId: 'box-rep-anna' }],
    },
    {
      id: 'demo-hot-timeout', name: 'Four hours for hot leads', category: 'workflow', event: 'arrived', order: 50,
      conditions: { all: [{ field: 'priority', op: 'gte', value: 'high' }] },
      actions: [{ type: 'setOfferTimeout', ms: 4 * 3_600_000, onTimeout: 'reroute' }],
    },
    {
      id: 'demo-price-list', name: 'German price list', category: 'attachment', event: 'arrived', order: 60,
      conditions: { all: [{ field: 'contact.country', op: 'equals', value: 'DE' }] },
      actions: [{ type: 'attachCollateral', ref: 'collateral/dach-pricing.pdf' }],
    },
    {
      id: 'demo-researchers', name: 'Park the researchers', category: 'workflow', event: 'arrived', order: 70, enabled: false,
      conditions: { all: [{ field: 'interest.timeframe', op: 'equals', value: 'just researching' }] },
      actions: [{ type: 'incubate', days: 60 }],
    },
  ];
}

const REP_RULES: Record<string, Draft[]> = {
  'rep-anna': [
    {
      id: 'demo-anna-fleet', name: 'Fleet managers first', category: 'prioritization', event: 'arrived', order: 10,
      conditions: { all: [{ field: 'contact.title', op: 'contains', value: 'Fleet' }] },
      actions: [{ type: 'setScore', add: 10 }],
    },
    {
      id: 'demo-anna-big', name: 'Big fleets stay high', category: 'prioritization', event: 'arrived', order: 20,
      conditions: { all: [{ field: 'interest.size', op: 'between', min: 100, max: 300 }] },
      actions: [{ type: 'setPriority', priority: 'high' }],
    },
  ],
  'rep-ben': [
    {
      id: 'demo-ben-case-study', name: 'Case study for Austria and Switzerland', category: 'attachment', event: 'arrived', order: 10,
      conditions: { all: [{ field: 'contact.country', op: 'oneOf', values: ['AT', 'CH'] }] },
      actions: [{ type: 'attachCollateral', ref: 'collateral/case-study-de.pdf' }],
    },
  ],
  'rep-clara': [
    {
      id: 'demo-clara-pass', name: 'Missed offers go to Ben', category: 'assignment', event: 'offerTimedOut', order: 10,
      actions: [{ type: 'routeToUser', userId: 'rep-ben' }],
    },
  ],
};

const INDUSTRY_POINTS: Array<[string, number]> = [
  ['Logistics', 15], ['Manufacturing', 12], ['Telecom', 8], ['Energy', 8], ['Construction', 6], ['Retail', 4], ['Software', 4],
];

function template(xml: string, ownerId: string): { ownerId: string; xml: string; template: RuleTemplate } {
  const parsed = parseTemplateXml(xml);
  if (!parsed.ok) throw new Error(`demo template: ${parsed.issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`);
  return { ownerId, xml, template: parsed.value };
}

export function demoRules(userId: string, userName: string): DemoRules {
  const myBoxId = `box-${userId}`;
  const boxes: DemoBox[] = [
    { id: 'box-intake', parentId: null, name: 'Intake', ownerId: null },
    { id: 'box-sales', parentId: 'box-intake', name: 'Sales organisation', ownerId: DEMO_DIRECTOR.id },
    { id: myBoxId, parentId: 'box-sales', name: `DACH team (${userName})`, ownerId: userId },
    ...DEMO_REPS.map((rep) => ({ id: `box-${rep.id}`, parentId: myBoxId, name: `${rep.name}'s box`, ownerId: rep.id })),
  ];
  const scoped = (drafts: Draft[], boxId: string, ownerId: string) => drafts.map((d) => ({ ...d, scope: { kind: 'box' as const, boxId }, ownerId }));
  const lookupTables: LookupTable[] = [{ id: 'industry-points', name: 'Industry points', entries: INDUSTRY_POINTS.map(([key, value]) => ({ key, value })) }];
  const parsed = parseRuleSet({
    version: 1,
    lookupTables,
    rules: [...scoped(myRules(), myBoxId, userId), ...DEMO_REPS.flatMap((rep) => scoped(REP_RULES[rep.id] ?? [], `box-${rep.id}`, rep.id))],
  });
  if (!parsed.ok) throw new Error(`demo rules: ${parsed.issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`);
  return {
    myBoxId,
    people: [DEMO_DIRECTOR, ...DEMO_REPS],
    boxes,
    userClasses: [{ id: 'dach-reps', name: 'DACH reps', members: DEMO_REPS.map((r) => r.id) }],
    rules: parsed.value.rules,
    lookupTables,
    templates: [
      template(SALES_DIRECTOR_TEMPLATE_XML, DEMO_DIRECTOR.id),
      template(REGIONAL_MANAGER_TEMPLATE_XML.replace('owner="mgr-dach"', `owner="${escapeXml(userId)}"`), userId),
    ],
  };
}

export interface FiredRule {
  ruleId: string;
  ruleName: string;
  summary: string;
}

/**
 * Runs the demo rules on leads as they reach my box, so the history's 'rule' entries say what
 * the rules really do (and rule accuracy has numbers). Round robin turns across calls.
 */
export function createRuleRecorder(rules: DemoRules, now: number): (lead: Lead) => FiredRule[] {
  const compiled = compileRuleSet({ version: 1, rules: rules.rules, lookupTables: rules.lookupTables });
  const tree = buildBoxTree(rules.boxes.map(({ ownerId: _owner, ...node }) => node));
  const boxPath = tree.pathTo(rules.myBoxId);
  const userClasses = Object.fromEntries(rules.userClasses.map((c) => [c.id, c.members]));
  const names = new Map<string, string>([...rules.people, ...rules.boxes].map((p) => [p.id, p.name]));
  const describeNames = { box: (id: string) => names.get(id), user: (id: string) => names.get(id), userClass: () => 'DACH reps' };
  const roundRobin = new RoundRobinState();
  return (lead) => {
    const result = routeLead(tree, compiled, lead, { event: 'arrived', now, boxPath, userClasses, roundRobin });
    return result.trace.map((entry) => {
      const did = entry.actions.map((a) => describeAction(a.action, describeNames));
      return { ruleId: entry.ruleId, ruleName: entry.ruleName, summary: `Rule "${entry.ruleName}" fired${did.length ? `: ${did.join(', ')}` : ''}` };
    });
  };
}
