// The benchmark's realistic rule set (territory by country, industry/size scoring with lookup
// tables and weighted sums, assignment with round robin), as LeadRelay rules, plus the same
// rules written by hand in plain JS: the speed limit an interpreter-free engine could reach.
import type { Lead } from '../core/lead/lead.ts';
import type { LookupTable, RuleInput } from '../core/rules/model.ts';

export const REGIONS: Record<string, string[]> = {
  dach: ['DE', 'AT', 'CH'],
  uki: ['GB', 'IE'],
  france: ['FR', 'BE'],
  iberia: ['ES', 'PT'],
  nordics: ['SE', 'NO', 'DK', 'FI'],
  cee: ['PL', 'CZ', 'HU'],
  na: ['US', 'CA'],
  apac: ['IN', 'JP', 'AU'],
  latam: ['BR', 'MX', 'AR'],
  mea: ['AE', 'NG', 'ZA'],
};

const INDUSTRY_POINTS: Record<string, number> = {
  Logistics: 30, Manufacturing: 25, Healthcare: 20, Software: 15, Retail: 10, Construction: 20,
  Energy: 25, Finance: 10, Hospitality: 5, Education: 5, Agriculture: 15, Telecom: 20,
};
const SOURCE_POINTS: Record<string, number> = { 'web form': 10, 'partner feed': 5, 'trade show': 20, email: 5, 'list import': 0, referral: 25 };

export const TABLES: LookupTable[] = [
  { id: 'industry-points', entries: Object.entries(INDUSTRY_POINTS).map(([key, value]) => ({ key, value })) },
  { id: 'source-points', entries: Object.entries(SOURCE_POINTS).map(([key, value]) => ({ key, value })) },
];

export const USER_CLASSES: Record<string, string[]> = Object.fromEntries(
  Object.keys(REGIONS).flatMap((r) => [
    [`${r}-enterprise`, [`${r}-ae1`, `${r}-ae2`, `${r}-ae3`]],
    [`${r}-smb`, [`${r}-isr1`, `${r}-isr2`, `${r}-isr3`, `${r}-isr4`, `${r}-isr5`]],
  ]),
);

const g = (id: string, order: number, rest: Omit<RuleInput, 'id' | 'name' | 'category' | 'event' | 'scope' | 'ownerId' | 'order'> & { category?: RuleInput['category'] }): RuleInput => ({
  id, name: id, category: 'prioritization', event: 'arrived', scope: { kind: 'global' }, ownerId: 'admin', order, ...rest,
});

/** 20 global rules + 3 per region box (30) = 50 rules. `suffix` makes distinct copies for the memory figure. */
export function benchRules(suffix = ''): RuleInput[] {
  const box = (r: string) => ({ kind: 'box' as const, boxId: `${r}${suffix}` });
  const global: RuleInput[] = [
    g(`industry${suffix}`, 10, { actions: [], calculations: [{ kind: 'lookup', field: 'custom.industry', table: 'industry-points', into: 'derived.industryPoints', default: 5 }] }),
    g(`source${suffix}`, 20, { actions: [], calculations: [{ kind: 'lookup', field: 'source', table: 'source-points', into: 'derived.sourcePoints', default: 0 }] }),
    g(`score${suffix}`, 30, {
      actions: [],
      calculations: [{
        kind: 'weightedSum', into: 'score', clamp: { min: 0, max: 100 },
        terms: [{ field: 'derived.industryPoints', weight: 1 }, { field: 'derived.sourcePoints', weight: 1 }, { field: 'custom.employees', weight: 0.008 }, { field: 'interest.budget', weight: 0.00002 }],
      }],
    }),
    g(`exec${suffix}`, 40, { conditions: { any: [{ field: 'contact.title', op: 'startsWith', value: 'VP' }, { field: 'contact.title', op: 'oneOf', values: ['CEO', 'COO', 'CFO', 'CTO'] }] }, actions: [{ type: 'setScore', add: 10 }] }),
    g(`high${suffix}`, 50, { conditions: { field: 'score', op: 'gte', value: 60 }, actions: [{ type: 'setPriority', priority: 'high' }] }),
    g(`urgent${suffix}`, 51, { conditions: { all: [{ field: 'score', op: 'gte', value: 80 }, { field: 'interest.timeframe', op: 'oneOf', values: ['immediately', 'within 30 days'] }] }, actions: [{ type: 'setPriority', priority: 'urgent' }] }),
    g(`low${suffix}`, 52, { conditions: { field: 'score', op: 'lt', value: 25 }, actions: [{ type: 'setPriority', priority: 'low' }] }),
    g(`freemail${suffix}`, 60, { category: 'workflow', conditions: { field: 'contact.email', op: 'matches', pattern: '@(gmail|outlook|yahoo)\\.com$' }, actions: [{ type: 'setField', field: 'custom.freemail', value: true }] }),
    g(`partner-kit${suffix}`, 70, { category: 'attachment', conditions: { field: 'source', op: 'equals', value: 'partner feed' }, actions: [{ type: 'attachCollateral', ref: 'collateral/partner-kit.pdf' }] }),
    ...Object.entries(REGIONS).map(([r, countries], i) =>
      g(`territory-${r}${suffix}`, 100 + i, { category: 'assignment', conditions: { field: 'contact.country', op: 'oneOf', values: countries }, actions: [{ type: 'routeToBox', boxId: `${r}${suffix}` }] }),
    ),
    g(`hot${suffix}`, 200, { category: 'notification', conditions: { field: 'priority', op: 'equals', value: 'urgent' }, actions: [{ type: 'notify', channel: 'desktop', template: 'hot-lead' }] }),
  ];
  const boxes = Object.keys(REGIONS).flatMap((r): RuleInput[] => [
    { id: `${r}-enterprise${suffix}`, name: `${r} enterprise`, category: 'assignment', event: 'arrived', scope: box(r), ownerId: `${r}-mgr`, order: 10,
      conditions: { field: 'custom.employees', op: 'gte', value: 1000 },
      actions: [{ type: 'routeRoundRobin', classId: `${r}-enterprise` }, { type: 'setOfferTimeout', ms: 4 * 3_600_000, onTimeout: 'reroute' }] },
    { id: `${r}-smb${suffix}`, name: `${r} smb`, category: 'assignment', event: 'arrived', scope: box(r), ownerId: `${r}-mgr`, order: 20,
      conditions: { field: 'custom.employees', op: 'lt', value: 1000 }, actions: [{ type: 'routeRoundRobin', classId: `${r}-smb` }] },
    { id: `${r}-urgent${suffix}`, name: `${r} urgent to lead`, category: 'assignment', event: 'arrived', scope: box(r), ownerId: `${r}-mgr`, order: 30,
      conditions: { field: 'priority', op: 'equals', value: 'urgent' }, actions: [{ type: 'routeToUser', userId: `${r}-lead` }] },
  ]);
  return [...global, ...boxes];
}

export interface Outcome {
  boxId: string;
  userId: string | null;
  score: number;
  priority: string;
  /** The one custom field a rule sets (`custom.freemail`), read back from the changed lead. */
  freemail: boolean;
}

const COUNTRY_REGION = new Map(Object.entries(REGIONS).flatMap(([r, cs]) => cs.map((c) => [c, r] as const)));
const EXEC_TITLES = new Set(['CEO', 'COO', 'CFO', 'CTO']);
const FAST = new Set(['immediately', 'within 30 days']);
const FREEMAIL = /@(gmail|outlook|yahoo)\.com$/i;

/**
 * The same 50 rules, hand-written: what a developer would code for exactly this policy. Like
 * the engine it leaves the input alone and returns the lead with the rules' changes applied.
 */
export function handWritten(lead: Lead, rr: Map<string, number>) {
  const industry = lead.custom.industry;
  const industryPoints = typeof industry === 'string' ? (INDUSTRY_POINTS[industry] ?? 5) : 5;
  const sourcePoints = lead.source === null ? 0 : (SOURCE_POINTS[lead.source] ?? 0);
  const employees = typeof lead.custom.employees === 'number' ? lead.custom.employees : 0;
  let score = Math.min(100, Math.max(0, industryPoints + sourcePoints + employees * 0.008 + (lead.interest.budget ?? 0) * 0.00002));
  const title = lead.contact.title ?? '';
  if (title.startsWith('VP') || EXEC_TITLES.has(title)) score = Math.min(100, score + 10);
  let priority: Lead['priority'] = lead.priority;
  if (score >= 60) priority = 'high';
  if (score >= 80 && FAST.has(lead.interest.timeframe ?? '')) priority = 'urgent';
  if (score < 25) priority = 'low';
  const freemail = lead.contact.email !== null && FREEMAIL.test(lead.contact.email);
  const collateral = lead.source === 'partner feed' ? ['collateral/partner-kit.pdf'] : [];
  const notify = priority === 'urgent' ? ['hot-lead'] : [];
  const region = COUNTRY_REGION.get(lead.contact.country ?? '');
  let userId: string | null = null;
  let offerTimeout: number | null = null;
  if (region) {
    const cls = employees >= 1000 ? `${region}-enterprise` : `${region}-smb`;
    if (employees >= 1000) offerTimeout = 4 * 3_600_000;
    if (priority === 'urgent') userId = `${region}-lead`;
    else {
      const members = USER_CLASSES[cls]!;
      const next = ((rr.get(cls) ?? -1) + 1) % members.length;
      rr.set(cls, next);
      userId = members[next]!;
    }
  }
  const changed: Lead = { ...lead, score, priority, custom: freemail ? { ...lead.custom, freemail: true } : lead.custom };
  return { lead: changed, boxId: region ?? 'root', userId, collateral, notify, offerTimeout };
}
