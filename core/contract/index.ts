import { z } from 'zod';
import { LeadAction } from '../lead/lifecycle.ts';
import type { Lead } from '../lead/lead.ts';
import { defineCall, defineEvent, type CallSpec, type EventSpec } from './define.ts';
import { LeadQuery, type Facets, type LeadDetail, type LeadPage } from './lead-query.ts';
import { NotificationPreferencesInput, type NotificationPreferences } from './notifications.ts';
import * as R from './rules.ts';
import * as S from './sync.ts';

export * from './lead-query.ts';
export * from './notifications.ts';
export * from './rules.ts';
export * from './sync.ts';
export type { CallSpec, EventSpec } from './define.ts';

const leadId = z.object({ id: z.string().min(1, 'is required').max(64) });

export interface WorkspaceInfo {
  version: string;
  dataDir: string;
  /** The local profile: who this workstation acts as. */
  user: { id: string; name: string };
  leadCount: number;
  /** True until the rep has chosen the demo workspace or connected to a server. */
  needsSetup: boolean;
  mode: 'demo' | 'connected' | 'empty';
  pendingChanges: number;
}

export interface Colleague {
  id: string;
  name: string;
  email: string | null;
}

/** Every action answers with the lead as it now stands, so the UI never refetches blindly. */
export interface ActionResult {
  lead: Lead;
  /** Sequence number of the queued outbox mutation that will sync this change. */
  outboxSeq: number;
}

export interface OutboxStatus {
  pending: number;
  oldestAt: number | null;
}

export const calls = {
  'workspace.info': defineCall<WorkspaceInfo>()(z.object({}).strict(), 'Who am I, where is my data, and is the workspace set up.'),
  'workspace.createDemo': defineCall<WorkspaceInfo>()(
    z.object({
      count: z.number().int().min(1).max(100_000).default(2_000),
      seed: z.number().int().nonnegative().max(2 ** 31).default(42),
    }).strict(),
    'Fill an empty local store with a deterministic demo workspace.',
  ),
  'workspace.startEmpty': defineCall<WorkspaceInfo>()(z.object({}).strict(), 'Skip the demo and start with an empty lead box.'),
  'leads.query': defineCall<LeadPage>()(LeadQuery, 'A page of the lead box: filters, full-text search, sort.'),
  'leads.facets': defineCall<Facets>()(z.object({}).strict(), 'Counts per status, priority, source and campaign for the filter bar.'),
  'leads.get': defineCall<LeadDetail>()(leadId.strict(), 'One lead with its history timeline and notes.'),
  'leads.act': defineCall<ActionResult>()(
    LeadAction,
    'Accept, reject, forward, set status, incubate or note a lead; recorded in history and queued for sync.',
  ),
  'colleagues.list': defineCall<Colleague[]>()(z.object({}).strict(), 'People a lead can be forwarded to.'),
  'outbox.status': defineCall<OutboxStatus>()(z.object({}).strict(), 'Local changes waiting to be synced.'),
  'rules.list': defineCall<R.RuleList>()(R.RulesListInput, 'The rules of my box and the boxes below it, with plain-English descriptions.'),
  'rules.get': defineCall<R.RuleDetail>()(R.RuleIdInput, 'One rule as stored.'),
  'rules.save': defineCall<R.RuleSaved>()(R.RuleSaveInput, "Create or update a rule, checked against my manager chain's templates; queued for sync."),
  'rules.delete': defineCall<R.RuleDeleted>()(R.RuleIdInput, 'Delete a rule; queued for sync.'),
  'rules.reorder': defineCall<R.RulesReordered>()(R.RuleReorderInput, "Set the order of a box's rules; queued for sync."),
  'rules.setEnabled': defineCall<R.RuleSaved>()(R.RuleSetEnabledInput, 'Switch a rule on or off; queued for sync.'),
  'rules.template': defineCall<R.WizardTemplate>()(z.object({}).strict(), 'The effective wizard template for me, and what it lets me pick from.'),
  'rules.try': defineCall<R.TryResult>()(R.RuleTryInput, 'Run a draft rule set against the leads in the local store, without saving it.'),
  'rules.accuracy': defineCall<R.RuleAccuracy>()(R.RuleAccuracyInput, 'Per rule: leads it routed and how many were rejected, forwarded, timed out or won.'),
  'rules.export': defineCall<R.RuleExport>()(R.RuleExportInput, 'My rules as JSON or XML text.'),
  'rules.import': defineCall<R.RuleImportResult>()(R.RuleImportInput, 'Import rules from JSON or XML text, checked like a save; queued for sync.'),
  'templates.list': defineCall<R.TemplateList>()(z.object({}).strict(), 'Wizard templates handed to me, and those I wrote for my team.'),
  'templates.save': defineCall<R.TemplateSaved>()(R.TemplateSaveInput, 'Save a wizard template (XML) for the users below me; queued for sync.'),
  'sync.connect': defineCall<S.SyncStatus>()(S.SyncConnectInput, 'Sign in to a lead server; the workstation keeps a device token and starts syncing.'),
  'sync.status': defineCall<S.SyncStatus>()(z.object({}).strict(), 'Online, syncing, offline or error; the last good sync; changes waiting; changes needing attention.'),
  'sync.now': defineCall<S.SyncStatus>()(z.object({}).strict(), 'Sync now instead of waiting for the next round.'),
  'sync.disconnect': defineCall<S.SyncStatus>()(z.object({}).strict(), 'Sign out of the lead server (forgets the token; local leads stay).'),
  'sync.rejections': defineCall<S.NeedsAttentionItem[]>()(z.object({}).strict(), 'Changes the server could not apply, with the reason: the "needs attention" list.'),
  'sync.dismiss': defineCall<S.NeedsAttentionItem[]>()(S.SyncDismissInput, 'Clear entries from the "needs attention" list.'),
  'notifications.preferences': defineCall<NotificationPreferences>()(z.object({}).strict(), 'Which live events raise a desktop notification on this workstation.'),
  'notifications.setPreferences': defineCall<NotificationPreferences>()(
    NotificationPreferencesInput,
    'Change some of those choices (the rest stay); kept on this workstation, not synced.',
  ),
} satisfies Record<string, CallSpec<z.ZodType, unknown>>;

export type Calls = typeof calls;
export type CallName = keyof Calls;
export type CallInput<N extends CallName> = z.input<Calls[N]['input']>;
export type CallParsedInput<N extends CallName> = z.output<Calls[N]['input']>;
export type CallResult<N extends CallName> = NonNullable<Calls[N]['_result']>;
export const CALL_NAMES = Object.keys(calls) as CallName[];

export interface LeadChangedPayload {
  lead: Lead;
  cause: 'local' | 'sync';
}

/** Where the desktop app's self-update stands; the web bridge never sends it. */
export interface UpdateStatus {
  state: 'checking' | 'up-to-date' | 'available' | 'downloading' | 'downloaded' | 'error';
  /** The version offered, once known. */
  version: string | null;
  message?: string;
}

export const events = {
  'lead.changed': defineEvent<LeadChangedPayload>('A lead changed, here or through sync.'),
  'lead.offered': defineEvent<{ leadId: string; expiresAt: number | null }>('A new offer awaits an answer.'),
  'lead.rerouted': defineEvent<{ leadId: string; reason: string }>('A lead left this box (re-routed or taken by someone else).'),
  'lead.notice': defineEvent<{ leadId: string; title: string }>("A rule on the server asked to tell this rep about a lead (notify, channel desktop); title is the rule's text."),
  'prospect.event': defineEvent<{ leadId: string; kind: string; at: number }>('A prospect did something the rep asked to hear about.'),
  'sync.state': defineEvent<{ state: 'online' | 'syncing' | 'offline' | 'error'; lastSyncAt: number | null; message?: string }>(
    'Connection to the lead server.',
  ),
  'sync.rejected': defineEvent<{ items: S.NeedsAttentionItem[] }>('Changes the server refused in one push, just added to the "needs attention" list.'),
  'workspace.changed': defineEvent<WorkspaceInfo>('The workspace was set up or refilled.'),
  'app.update': defineEvent<UpdateStatus>('Progress of a workstation update (Electron build only); installing always asks first.'),
  'events.resumed': defineEvent<Record<string, never>>(
    'The live event stream (re)connected (browser build only: its stream can drop, IPC cannot); events sent while it was away are lost, so refresh what is shown.',
  ),
} satisfies Record<string, EventSpec<unknown>>;

export type Events = typeof events;
export type EventName = keyof Events;
export type EventPayload<E extends EventName> = NonNullable<Events[E]['_payload']>;
export const EVENT_NAMES = Object.keys(events) as EventName[];

/** The surface preload exposes on window.leadrelay, and the web shim rebuilds. */
export interface LeadRelayBridge {
  invoke(name: string, input: unknown): Promise<unknown>;
  on(event: string, listener: (payload: unknown) => void): () => void;
}

/** Errors crossing the bridge keep the field at fault so the UI can show it inline. */
export interface BridgeErrorBody {
  error: { code: 'invalid_input' | 'not_found' | 'conflict' | 'unknown_call' | 'internal'; message: string; field?: string };
}
