import { LEAD_STATUSES, PRIORITIES, type Lead } from '../lead/lead.ts';
import { generateCode } from './generate-code.ts';

/**
 * The field catalogue: every lead field a rule may read or write, derived from the Lead type.
 * `satisfies` below makes the compiler fail if a catalogue accessor stops matching the Lead
 * shape, so the catalogue cannot drift from core/lead/lead.ts silently.
 */

export type FieldKind = 'string' | 'number' | 'date' | 'enum' | 'any';

export interface FieldInfo {
  path: string;
  kind: FieldKind;
  /** Noun phrase for plain-English descriptions: "the country". */
  label: string;
  /** Allowed values of an enum field, in their natural (ascending) order. */
  values?: readonly string[];
  /** Rules may set it with setField / calculations. */
  writable: boolean;
}

/**
 * This evaluation's derived values, one slot per `derived.<name>` of the compiled set: an
 * indexed read is monomorphic, where a keyed read of a per-lead object is not.
 */
export type Derived = unknown[];
/** Where derived values live, fixed when the rule set compiles (compile.ts derivedLayout). */
export interface DerivedLayout {
  /** The slot of every derived name a calculation or a setField writes. */
  slotOf: ReadonlyMap<string, number>;
  /** The names some calculation computes: the only ones a rule may read. */
  computed: ReadonlySet<string>;
  /** Change-log slots of the custom fields the set writes, filled as targets compile (see `changeSlot`). */
  customSlots: Map<string, number>;
}

/** Values a rule reads: the lead as changed so far, plus this evaluation's derived values. */
export type Accessor = (lead: Lead, derived: Derived) => unknown;

type LeadGetter = (lead: Lead) => unknown;

// One explicit closure per field keeps property access monomorphic (no keyed lookups per lead).
const contactGetters = {
  firstName: (l) => l.contact.firstName,
  lastName: (l) => l.contact.lastName,
  company: (l) => l.contact.company,
  title: (l) => l.contact.title,
  email: (l) => l.contact.email,
  phone: (l) => l.contact.phone,
  street: (l) => l.contact.street,
  city: (l) => l.contact.city,
  region: (l) => l.contact.region,
  postalCode: (l) => l.contact.postalCode,
  country: (l) => l.contact.country,
} satisfies Record<keyof Lead['contact'], LeadGetter>;

const interestGetters = {
  product: (l) => l.interest.product,
  size: (l) => l.interest.size,
  timeframe: (l) => l.interest.timeframe,
  budget: (l) => l.interest.budget,
} satisfies Record<keyof Lead['interest'], LeadGetter>;

const CONTACT_LABELS: Record<keyof Lead['contact'], string> = {
  firstName: 'the first name',
  lastName: 'the last name',
  company: 'the company',
  title: 'the job title',
  email: 'the email address',
  phone: 'the phone number',
  street: 'the street',
  city: 'the city',
  region: 'the region',
  postalCode: 'the postal code',
  country: 'the country',
};

const INTEREST_INFO: Record<keyof Lead['interest'], { kind: FieldKind; label: string }> = {
  product: { kind: 'string', label: 'the product' },
  size: { kind: 'number', label: 'the size' },
  timeframe: { kind: 'string', label: 'the timeframe' },
  budget: { kind: 'number', label: 'the budget' },
};

const catalogue = new Map<string, FieldInfo & { get: LeadGetter }>();
const add = (info: FieldInfo, get: LeadGetter) => catalogue.set(info.path, { ...info, get });

for (const [key, get] of Object.entries(contactGetters)) {
  add({ path: `contact.${key}`, kind: 'string', label: CONTACT_LABELS[key as keyof Lead['contact']], writable: true }, get);
}
for (const [key, get] of Object.entries(interestGetters)) {
  add({ path: `interest.${key}`, ...INTEREST_INFO[key as keyof Lead['interest']], writable: true }, get);
}
add({ path: 'source', kind: 'string', label: 'the source', writable: true }, (l) => l.source);
add({ path: 'campaign', kind: 'string', label: 'the campaign', writable: true }, (l) => l.campaign);
add({ path: 'score', kind: 'number', label: 'the score', writable: true }, (l) => l.score);
add({ path: 'priority', kind: 'enum', label: 'the priority', values: PRIORITIES, writable: true }, (l) => l.priority);
// Status belongs to the lifecycle (core/lead/lifecycle.ts): rules may read it, never set it.
add({ path: 'status', kind: 'enum', label: 'the status', values: LEAD_STATUSES, writable: false }, (l) => l.status);
add({ path: 'createdAt', kind: 'date', label: 'the creation date', writable: false }, (l) => l.createdAt);
add({ path: 'updatedAt', kind: 'date', label: 'the last update', writable: false }, (l) => l.updatedAt);

export const CUSTOM_PREFIX = 'custom.';
export const DERIVED_PREFIX = 'derived.';
const KEY_PATTERN = /^[A-Za-z_][A-Za-z0-9_-]{0,99}$/;
/** Names that, written by name onto a plain object, would reach or replace its prototype. */
const RESERVED_KEYS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);

export type FieldRefKind = 'lead' | 'custom' | 'derived';

export interface ResolvedField extends FieldInfo {
  ref: FieldRefKind;
  /** Key after `custom.` / `derived.`; the catalogue path for lead fields. */
  key: string;
}

/** Resolves a field reference, or explains why it is not one. */
export function resolveField(path: string): ResolvedField | { error: string } {
  const known = catalogue.get(path);
  if (known) return { path: known.path, kind: known.kind, label: known.label, values: known.values, writable: known.writable, ref: 'lead', key: path };
  for (const [prefix, ref, what] of [
    [CUSTOM_PREFIX, 'custom', 'custom field'],
    [DERIVED_PREFIX, 'derived', 'derived value'],
  ] as const) {
    if (!path.startsWith(prefix)) continue;
    const key = path.slice(prefix.length);
    if (!KEY_PATTERN.test(key)) return { error: `"${key}" is not a valid ${what} name (letters, digits, _ and -, starting with a letter or _)` };
    if (RESERVED_KEYS.has(key)) return { error: `"${key}" is reserved and cannot be a ${what} name` };
    return { path, kind: 'any', label: `the ${what} "${key}"`, writable: true, ref, key };
  }
  return { error: `unknown field "${path}"; known fields: ${[...catalogue.keys()].join(', ')}, custom.<name>, derived.<name>` };
}

const catalogueSlots = new Map([...catalogue.keys()].map((path, i) => [path, i]));

/**
 * The session's change-log slot of a written lead field (the session keeps the winning rule per
 * slot, so a write is an array store, not a keyed one): catalogue fields have fixed slots, custom
 * fields the next free ones of their rule set.
 */
export function changeSlot(field: ResolvedField, layout: DerivedLayout): number {
  if (field.ref !== 'custom') return catalogueSlots.get(field.path)!;
  let slot = layout.customSlots.get(field.key);
  if (slot === undefined) layout.customSlots.set(field.key, (slot = catalogueSlots.size + layout.customSlots.size));
  return slot;
}

/** Change-log slots a rule set compiled with this layout may use. */
export const changeSlots = (layout: DerivedLayout): number => catalogueSlots.size + layout.customSlots.size;

/** Every catalogue path, for editors that offer a field picker. */
export function catalogueFields(): FieldInfo[] {
  return [...catalogue.values()].map(({ get: _get, ...info }) => info);
}

/**
 * The same text as an internalised string, for keys the engine looks up per lead. A key cut
 * out of a rule's text is not internalised, and every keyed access with it would hash the
 * text again; property names are, so reading one back yields the internalised copy.
 */
export const propertyKey = (text: string): string => Object.keys({ [text]: true })[0]!;

const customReaders = new Map<string, Accessor>();
/** Distinct custom field names whose readers are kept; rule sets come from users, so the cache is bounded. */
const CUSTOM_READERS_KEPT = 1_000;

/**
 * A reader of one custom field. Closures made by one function share V8's type feedback, so a
 * single `(lead) => lead.custom[key]` for every key would make each read a megamorphic lookup;
 * a generated reader per field name keeps its own (the name is an argument, not source).
 */
function customReader(key: string): Accessor {
  let reader = customReaders.get(key);
  if (reader) return reader;
  const make = generateCode(['key'], 'return (lead) => lead.custom[key];');
  reader = (make?.(key) as Accessor | undefined) ?? ((lead) => lead.custom[key]);
  if (customReaders.size < CUSTOM_READERS_KEPT) customReaders.set(key, reader);
  return reader;
}

export function accessorFor(field: ResolvedField, layout: DerivedLayout): Accessor {
  const key = propertyKey(field.key);
  if (field.ref === 'custom') return customReader(key);
  if (field.ref === 'derived') {
    const slot = layout.slotOf.get(key);
    if (slot === undefined) throw new Error(`no slot for derived value "${key}"`);
    return (_lead, derived) => derived[slot];
  }
  return catalogue.get(key)!.get;
}

// Copy-on-write copies list the model's fields: every copy then shares one hidden class (the
// field reads of later rules stay monomorphic), where `{ ...lead }` builds a slower, spilled
// one. The return types make the compiler fail if a field of core/lead/lead.ts is missing here.
export const copyLead = (l: Lead): Lead => ({
  id: l.id,
  createdAt: l.createdAt,
  updatedAt: l.updatedAt,
  status: l.status,
  priority: l.priority,
  score: l.score,
  contact: l.contact,
  interest: l.interest,
  source: l.source,
  campaign: l.campaign,
  boxId: l.boxId,
  ownerId: l.ownerId,
  offerExpiresAt: l.offerExpiresAt,
  incubateUntil: l.incubateUntil,
  withheld: l.withheld,
  custom: l.custom,
  attachments: l.attachments,
  wonAmount: l.wonAmount,
  closeReason: l.closeReason,
});

export const copyContact = (c: Lead['contact']): Lead['contact'] => ({
  firstName: c.firstName,
  lastName: c.lastName,
  company: c.company,
  title: c.title,
  email: c.email,
  phone: c.phone,
  street: c.street,
  city: c.city,
  region: c.region,
  postalCode: c.postalCode,
  country: c.country,
});

export const copyInterest = (i: Lead['interest']): Lead['interest'] => ({ product: i.product, size: i.size, timeframe: i.timeframe, budget: i.budget });

/** Splits a writable lead path into the place it lives, for copy-on-write setters. */
export function locate(field: ResolvedField): { group: 'contact' | 'interest' | 'custom' | 'top'; key: string } {
  if (field.ref === 'custom') return { group: 'custom', key: field.key };
  const dot = field.key.indexOf('.');
  if (dot < 0) return { group: 'top', key: field.key };
  return { group: field.key.slice(0, dot) as 'contact' | 'interest', key: field.key.slice(dot + 1) };
}
