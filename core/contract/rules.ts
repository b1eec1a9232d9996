import { z } from 'zod';
import type { LeadStatus, Priority } from '../lead/lead.ts';
import { RuleEvent, type LookupTable, type Rule, type RuleCategory, type RuleScope, type RuleTemplate } from '../rules/index.ts';

/**
 * Inputs and results of the rule editor's calls (rules.*, templates.*). Rule bodies arrive as
 * plain objects and are checked by the engine's own parser in the handler, so every problem
 * names its path inside the rule (`rule.actions[0].add`), not a generic schema failure.
 */

const id = z.string().trim().min(1, 'is required').max(64);
const ruleBody = z.record(z.string(), z.unknown(), { error: 'must be a rule object' });

/** Leads a "try it" run looks at, at most: enough to be representative, bounded in time. */
export const TRY_SAMPLE_CAP = 5_000;
/** Text size of an import or a template: below the web bridge's 1 MB request limit. */
export const MAX_DOCUMENT_CHARS = 900_000;

export const RuleFormat = z.enum(['json', 'xml']);

export const RulesListInput = z.object({ boxId: id.optional() }).strict();
export const RuleIdInput = z.object({ id }).strict();
export const RuleSaveInput = z.object({ rule: ruleBody }).strict();
export const RuleReorderInput = z
  .object({ boxId: id, ids: z.array(id).min(1, 'needs at least one rule id').max(5_000) })
  .strict()
  .refine((input) => new Set(input.ids).size === input.ids.length, { message: 'lists a rule twice', path: ['ids'] });
export const RuleSetEnabledInput = z.object({ id, enabled: z.boolean() }).strict();

export const RuleTryInput = z
  .object({
    /** The draft: the rules of my box and the boxes below it, as they would be saved. */
    rules: z.array(ruleBody).max(5_000),
    /** Lookup tables of the draft; absent means the stored ones. */
    lookupTables: z.array(z.unknown()).max(1_000).optional(),
    /** Where the leads start; default my box. */
    startBoxId: id.optional(),
    event: RuleEvent.default('arrived'),
    sample: z.number().int().min(1).max(TRY_SAMPLE_CAP).default(2_000),
    offset: z.number().int().nonnegative().max(TRY_SAMPLE_CAP).default(0),
    limit: z.number().int().min(1).max(500).default(50),
    /** List only the leads some rule fired on. */
    onlyFired: z.boolean().default(true),
  })
  .strict();

export const RuleAccuracyInput = z.object({ boxId: id.optional() }).strict();
export const RuleExportInput = z.object({ format: RuleFormat, boxId: id.optional() }).strict();
export const RuleImportInput = z.object({ format: RuleFormat, text: z.string().min(1, 'is empty').max(MAX_DOCUMENT_CHARS) }).strict();
export const TemplateSaveInput = z.object({ xml: z.string().min(1, 'is empty').max(MAX_DOCUMENT_CHARS) }).strict();

/** A box whose rules I may read and write: mine (depth 0) and those below it. */
export interface RuleBox {
  id: string;
  parentId: string | null;
  name: string;
  ownerId: string | null;
  ownerName: string | null;
  depth: number;
  mine: boolean;
  ruleCount: number;
}

export interface RuleSummary {
  id: string;
  name: string;
  category: RuleCategory;
  event: Rule['event'];
  enabled: boolean;
  order: number;
  scope: RuleScope;
  boxId: string | null;
  ownerId: string;
  ownerName: string;
  /** Plain English, generated from the rule itself. */
  description: string;
  /** Problems the compiler found (a bad pattern, an unknown lookup table). */
  problems: string[];
  updatedAt: number;
  rule: Rule;
}

export interface RuleList {
  boxes: RuleBox[];
  rules: RuleSummary[];
  /** True for a manager: there are boxes below mine. */
  canManage: boolean;
}

export interface RuleDetail {
  rule: Rule;
  summary: RuleSummary;
}

export interface RuleWriteResult {
  outboxSeq: number;
}

export interface RuleSaved extends RuleWriteResult {
  rule: RuleSummary;
  created: boolean;
}

export interface RuleDeleted extends RuleWriteResult {
  id: string;
}

export interface RulesReordered extends RuleWriteResult {
  rules: RuleSummary[];
}

export interface NamedRef {
  id: string;
  name: string;
}

/** What the wizard may offer: the intersection of my manager chain's templates, and the people and boxes to pick from. */
export interface WizardTemplate {
  effective: RuleTemplate;
  /** The chain, top of the hierarchy first; the wizard re-checks a draft against it as the server does. */
  chain: RuleTemplate[];
  chainOwners: Array<{ templateId: string; ownerName: string }>;
  directory: { boxes: NamedRef[]; users: NamedRef[]; userClasses: NamedRef[]; lookupTables: NamedRef[] };
}

export type TryDestinationKind = 'box' | 'user' | 'upForGrabs' | 'partner' | 'stays';

export interface TryLeadRow {
  leadId: string;
  name: string;
  company: string | null;
  status: LeadStatus;
  destination: { kind: TryDestinationKind; label: string };
  priority: { before: Priority; after: Priority };
  score: { before: number; after: number };
  fired: Array<{ ruleId: string; ruleName: string; actions: string[] }>;
  errors: string[];
}

export interface TryResult {
  leadsInStore: number;
  leadsTried: number;
  sampleCap: number;
  compileErrors: Array<{ ruleId: string; ruleName: string; path: string | null; message: string }>;
  aggregate: {
    leadsFired: number;
    destinations: Array<{ kind: TryDestinationKind; id: string | null; label: string; count: number }>;
    priorityChanges: Array<{ from: Priority; to: Priority; count: number }>;
    score: { meanBefore: number; meanAfter: number; buckets: Array<{ from: number; to: number; before: number; after: number }> };
    rules: Array<{ ruleId: string; ruleName: string; fired: number; failed: number }>;
    runErrors: Array<{ ruleId: string; ruleName: string; phase: string; message: string; count: number }>;
    effects: { collateral: number; notifications: number; withheld: number; incubated: number; offerTimeouts: number; loops: number };
  };
  leads: { total: number; offset: number; rows: TryLeadRow[] };
}

export interface RuleAccuracyRow {
  ruleId: string;
  ruleName: string;
  boxId: string | null;
  /** False for a rule in history that is no longer stored here. */
  stored: boolean;
  routed: number;
  rejected: number;
  forwarded: number;
  timedOut: number;
  won: number;
}

export interface RuleAccuracy {
  rules: RuleAccuracyRow[];
}

export interface RuleExport {
  format: z.infer<typeof RuleFormat>;
  fileName: string;
  text: string;
  ruleCount: number;
}

export interface RuleImportResult {
  created: number;
  updated: number;
  lookupTables: number;
  outboxEntries: number;
}

export interface TemplateEntry {
  id: string;
  name: string;
  ownerId: string;
  ownerName: string;
  xml: string;
  template: RuleTemplate;
  updatedAt: number;
  editable: boolean;
}

export interface TemplateList {
  canManage: boolean;
  /** Templates my manager chain handed me, top first: what my own rules must satisfy. */
  handedToMe: TemplateEntry[];
  /** Templates I wrote for the users below me. */
  forMyTeam: TemplateEntry[];
}

export interface TemplateSaved extends RuleWriteResult {
  template: TemplateEntry;
}

/** A rule-editor write as it is queued in the outbox and pushed to the server. */
export type RuleChange =
  | { type: 'rule.save'; rule: Rule }
  | { type: 'rule.delete'; ruleId: string; boxId: string | null }
  | { type: 'rule.reorder'; boxId: string; order: Array<{ id: string; order: number }> }
  | { type: 'rule.setEnabled'; ruleId: string; enabled: boolean }
  | { type: 'lookupTable.save'; table: LookupTable }
  | { type: 'template.save'; template: RuleTemplate; xml: string };
