import type { Colleague } from '../contract/index.ts';
import { displayName, type HistoryEntry, type Lead, type LeadStatus, type Note, type Priority, type WithholdableField } from '../lead/lead.ts';
import { createRandom, type Random } from './prng.ts';
import { createRuleRecorder, demoRules, type DemoRules, type FiredRule } from './rule-workspace.ts';
import {
  CAMPAIGNS, COLLEAGUE_NAMES, COMPANY_STEMS, CULTURES, INDUSTRIES, LOST_REASONS, NOTE_TEMPLATES, PRODUCTS, REJECT_REASONS,
  ROUTING_RULES, SOURCES, TIMEFRAMES, TITLES, type Culture,
} from './vocabulary.ts';

export type DemoIdKind = 'lead' | 'history' | 'note' | 'colleague';

export interface DemoOptions {
  count: number;
  seed: number;
  now: number;
  userId: string;
  userName: string;
  /** Ids for generated records; the default derives them from the seed so output is reproducible. */
  newId?: (kind: DemoIdKind, n: number) => string;
}

export interface DemoWorkspace {
  leads: Lead[];
  history: HistoryEntry[];
  notes: Note[];
  colleagues: Colleague[];
  /** Boxes, rules, classes and wizard templates; the history's 'rule' entries refer to these rules. */
  rules: DemoRules;
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const DEFAULT_EXCHANGES: readonly [number, number] = [200, 999];

/** A lead box mix a rep recognises: many offers waiting, a working pipeline, and closed history. */
const STATUS_WEIGHTS: Record<LeadStatus, number> = {
  new: 3, routed: 4, offered: 24, accepted: 9, contacted: 13, qualified: 9,
  won: 8, lost: 9, rejected: 5, forwarded: 4, timed_out: 5, incubating: 7,
};
const PRIORITY_WEIGHTS: Record<Priority, number> = { low: 25, normal: 45, high: 22, urgent: 8 };
const SCORE_RANGE: Record<Priority, [number, number]> = { low: [0, 35], normal: [25, 65], high: [55, 85], urgent: [75, 100] };
/** How long ago leads in each status typically arrived: fresh offers are recent, closed deals old. */
const AGE_RANGE: Record<LeadStatus, [number, number]> = {
  new: [5 * MINUTE, 2 * DAY], routed: [10 * MINUTE, 3 * DAY], offered: [20 * MINUTE, 3 * DAY],
  accepted: [1 * DAY, 20 * DAY], rejected: [1 * DAY, 60 * DAY], forwarded: [1 * DAY, 60 * DAY], timed_out: [1 * DAY, 60 * DAY],
  contacted: [3 * DAY, 90 * DAY], qualified: [10 * DAY, 150 * DAY], incubating: [20 * DAY, 180 * DAY],
  won: [20 * DAY, 180 * DAY], lost: [15 * DAY, 180 * DAY],
};
/** The work steps after acceptance that each status implies, in order. */
const WORK_STEPS: Partial<Record<LeadStatus, LeadStatus[]>> = {
  contacted: ['contacted'], qualified: ['contacted', 'qualified'], won: ['contacted', 'qualified', 'won'],
  lost: ['contacted', 'lost'], incubating: ['contacted'],
};

export function generateDemoWorkspace(options: DemoOptions): DemoWorkspace {
  const { count, seed, now, userId, userName } = options;
  if (!Number.isInteger(count) || count < 0) throw new RangeError('count: must be a non-negative integer');
  if (!Number.isInteger(seed)) throw new RangeError('seed: must be an integer');
  const newId = options.newId ?? defaultIds(seed);
  const random = createRandom(seed);
  const colleagues = makeColleagues(random, newId);
  const rules = demoRules(userId, userName);
  const out: DemoWorkspace = { leads: [], history: [], notes: [], colleagues, rules };
  const ids = { history: 0, note: 0 };
  const context: LeadContext = { random, now, userId, userName, colleagues, newId, ids, out, fireRules: createRuleRecorder(rules, now) };

  // Arrival order = id order = rowid order in the store, so "newest" agrees everywhere.
  const drafts = Array.from({ length: count }, () => {
    const status = random.weighted(STATUS_WEIGHTS);
    const [minAge, maxAge] = AGE_RANGE[status];
    return { status, createdAt: Math.round(now - minAge - random.next() * (maxAge - minAge)) };
  }).sort((a, b) => a.createdAt - b.createdAt);
  drafts.forEach((draft, i) => makeLead(context, newId('lead', i + 1), draft.status, draft.createdAt));
  return out;
}

interface LeadContext {
  random: Random;
  now: number;
  userId: string;
  userName: string;
  colleagues: Colleague[];
  newId: (kind: DemoIdKind, n: number) => string;
  ids: { history: number; note: number };
  out: DemoWorkspace;
  fireRules: (lead: Lead) => FiredRule[];
}

function makeLead(ctx: LeadContext, id: string, status: LeadStatus, createdAt: number): void {
  const { random: r, now, userId, userName } = ctx;
  const culture = r.pick(CULTURES);
  const firstName = r.pick(culture.firstNames);
  const lastName = r.pick(culture.lastNames);
  const { industry, words } = r.pick(INDUSTRIES);
  const stem = r.pick(COMPANY_STEMS);
  const word = r.pick(words);
  const company = `${stem} ${word} ${r.pick(culture.companySuffix)}`;
  const domain = r.chance(0.08) ? r.pick(['gmail.com', 'outlook.com', 'yahoo.com']) : `${ascii(stem)}-${ascii(word)}.${culture.tld}`;
  const place = r.pick(culture.cities);
  const offering = r.pick(PRODUCTS);
  const size = r.int(offering.sizes[0], offering.sizes[1]);
  const priority = r.weighted(PRIORITY_WEIGHTS);
  const [lo, hi] = SCORE_RANGE[priority];
  const source = r.pick(SOURCES);
  const lead: Lead = {
    id, createdAt, updatedAt: createdAt, status, priority, score: r.int(lo, hi),
    contact: {
      firstName, lastName, company, title: r.pick(TITLES),
      email: `${ascii(firstName)}.${ascii(lastName)}@${domain}`,
      phone: `${culture.dial} ${place.area} ${r.int(...(culture.exchanges ?? DEFAULT_EXCHANGES))} ${String(r.int(0, 9999)).padStart(4, '0')}`,
      street: `${r.pick(culture.streets)} ${r.int(1, 180)}`,
      city: place.city, region: place.region, postalCode: postalCode(r, culture, place.postal), country: culture.country,
    },
    interest: {
      product: offering.product, size, timeframe: r.pick(TIMEFRAMES),
      budget: r.chance(0.7) ? Math.round((size * offering.unitPrice * (0.7 + r.next() * 0.6)) / 100) * 100 : null,
    },
    source,
    campaign: source === 'referral' && r.chance(0.5) ? null : r.pick(CAMPAIGNS),
    boxId: status === 'new' ? 'box-intake' : status === 'routed' ? `box-${culture.country.toLowerCase()}` : `box-${userId}`,
    ownerId: null, offerExpiresAt: null, incubateUntil: null, withheld: [],
    custom: { industry, employees: r.int(5, 5000) },
    attachments: r.chance(0.05) ? [{ name: 'requirements.pdf', mimeType: 'application/pdf', size: r.int(40_000, 900_000), ref: `demo://${id}/requirements.pdf` }] : [],
    wonAmount: null, closeReason: null,
  };
  const timeline = new Timeline(ctx, lead);
  timeline.add(createdAt, 'system', 'created', `Lead received via ${source}${lead.campaign ? ` (${lead.campaign})` : ''}`, null, { source, campaign: lead.campaign });
  if (status === 'new') return timeline.finish();

  let t = createdAt + r.int(1, 20) * MINUTE;
  const rule = r.pick(ROUTING_RULES);
  const toUser = status !== 'routed';
  timeline.add(t, 'rules', 'routed', toUser ? `Routed to ${userName}'s lead box` : `Routed to the ${place.region} box`, `rule "${rule}"`, { rule });
  if (status === 'routed') return timeline.finish();
  for (const fired of ctx.fireRules(lead)) {
    timeline.add(t, 'rules', 'rule', fired.summary, null, { ruleId: fired.ruleId, ruleName: fired.ruleName, boxId: ctx.out.rules.myBoxId });
  }

  t += r.int(1, 15) * MINUTE;
  timeline.add(t, 'system', 'offered', `Offered to ${userName}`, null, {});
  if (status === 'offered') {
    lead.offerExpiresAt = now + r.int(5 * MINUTE, 2 * DAY);
    lead.withheld = r.chance(0.35) ? r.pick<WithholdableField[]>([['email', 'phone'], ['phone'], ['email', 'phone', 'street']]) : [];
    for (const field of lead.withheld) lead.contact[field] = null;
    return timeline.finish();
  }
  // Later steps spread between the offer and now, in order.
  const steps = WORK_STEPS[status] ?? [];
  const times = Array.from({ length: steps.length + 2 }, () => t + r.next() * (now - t)).sort((a, b) => a - b).map(Math.round);
  const at = (i: number) => times[i]!;
  if (status === 'timed_out') {
    return timeline.add(at(0), 'system', 'status', 'The offer timed out without an answer', null, { status: 'timed_out' }).finish();
  }
  if (status === 'rejected') {
    return timeline.add(at(0), userId, 'rejected', `${userName} rejected the lead`, r.pick(REJECT_REASONS), {}).finish();
  }
  timeline.add(at(0), userId, 'accepted', `${userName} accepted the lead`, null, {});
  lead.ownerId = userId;
  if (status === 'forwarded') {
    const to = r.pick(ctx.colleagues);
    lead.ownerId = to.id;
    return timeline.add(at(1), userId, 'forwarded', `${userName} forwarded the lead to ${to.name}`, null, { toUserId: to.id }).finish();
  }
  steps.forEach((step, i) => {
    const reason = step === 'lost' ? r.pick(LOST_REASONS) : null;
    if (step === 'won') lead.wonAmount = lead.interest.budget ?? size * offering.unitPrice;
    if (step === 'lost') lead.closeReason = reason;
    const summary = step === 'won' ? `${userName} marked the lead won (${lead.wonAmount})` : `${userName} marked the lead ${step}`;
    timeline.add(at(i + 1), userId, 'status', summary, reason, { status: step, amount: step === 'won' ? lead.wonAmount : null });
  });
  if (status === 'incubating') {
    lead.incubateUntil = now + r.int(14, 120) * DAY;
    const day = new Date(lead.incubateUntil).toISOString().slice(0, 10);
    timeline.add(at(steps.length + 1), userId, 'incubated', `${userName} incubated the lead until ${day}`, null, { until: lead.incubateUntil });
  }
  if (r.chance(0.35)) {
    const notesCount = r.int(1, 3);
    for (let i = 0; i < notesCount; i++) timeline.note(at(0) + Math.round(r.next() * (now - at(0))), industry);
  }
  timeline.finish();
}

/** Collects one lead's history and notes, then writes them in time order. */
class Timeline {
  private readonly entries: HistoryEntry[] = [];

  constructor(private readonly ctx: LeadContext, private readonly lead: Lead) {}

  add(at: number, actor: string, kind: HistoryEntry['kind'], summary: string, reason: string | null, data: Record<string, unknown>): this {
    this.entries.push({ id: '', leadId: this.lead.id, at, actor, kind, summary, reason, data });
    return this;
  }

  note(at: number, industry: string): void {
    const { random: r, userId, userName } = this.ctx;
    const { contact, interest } = this.lead;
    const text = r.pick(NOTE_TEMPLATES)
      .replace('{first}', contact.firstName ?? displayName(contact))
      .replace('{product}', interest.product ?? 'the product')
      .replace('{size}', String(interest.size ?? 1))
      .replace('{industry}', industry.toLowerCase())
      .replace('{title}', contact.title ?? 'owner');
    const id = this.ctx.newId('note', ++this.ctx.ids.note);
    this.ctx.out.notes.push({ id, leadId: this.lead.id, at, author: userId, text });
    const preview = text.length > 80 ? `${text.slice(0, 77)}...` : text;
    this.add(at, userId, 'note', `${userName} added a note: ${preview}`, null, { noteId: id });
  }

  finish(): void {
    this.entries.sort((a, b) => a.at - b.at);
    for (const entry of this.entries) {
      entry.id = this.ctx.newId('history', ++this.ctx.ids.history);
      this.ctx.out.history.push(entry);
    }
    this.lead.updatedAt = this.entries[this.entries.length - 1]?.at ?? this.lead.createdAt;
    this.ctx.out.leads.push(this.lead);
  }
}

function makeColleagues(r: Random, newId: (kind: DemoIdKind, n: number) => string): Colleague[] {
  const names = [...COLLEAGUE_NAMES];
  for (let i = names.length - 1; i > 0; i--) {
    const j = r.int(0, i);
    [names[i], names[j]] = [names[j]!, names[i]!];
  }
  names.length = r.int(6, 10);
  return names.map((name, i) => ({ id: newId('colleague', i + 1), name, email: `${ascii(name.replace(' ', '.'))}@leadrelay-demo.example` }));
}

function defaultIds(seed: number): (kind: DemoIdKind, n: number) => string {
  const letter: Record<DemoIdKind, string> = { lead: 'L', history: 'H', note: 'N', colleague: 'U' };
  return (kind, n) => `demo-${seed}-${letter[kind]}${String(n).padStart(kind === 'colleague' ? 2 : 7, '0')}`;
}

const SPECIAL_LETTERS: Record<string, string> = { ß: 'ss', ł: 'l', Ł: 'l', ø: 'o', æ: 'ae', đ: 'd', '’': '' };

/** Lower-case ASCII for email local parts and domains: "Müller" → "muller", "Al Mansouri" → "almansouri". */
function ascii(text: string): string {
  return text
    .replace(/[ßłŁøæđ’]/g, (ch) => SPECIAL_LETTERS[ch] ?? '')
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9.-]/g, '');
}

function postalCode(r: Random, culture: Culture, prefix: string): string | null {
  if (prefix === '') return null;
  if (culture.country === 'GB') return `${prefix} ${r.int(1, 9)}${String.fromCharCode(65 + r.int(0, 25), 65 + r.int(0, 25))}`;
  let code = prefix;
  while (code.length < 5) code += String(r.int(0, 9));
  return code;
}
