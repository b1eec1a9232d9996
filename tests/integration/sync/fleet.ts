import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { LeadAction } from '../../../core/lead/lifecycle.ts';
import type { Lead } from '../../../core/lead/lead.ts';
import type { PullPage } from '../../../core/sync/protocol.ts';
import { MemorySecretStore } from '../../../main/services/secrets.ts';
import { startWorkstation, type Workstation } from '../../../main/services/workstation.ts';
import { PASSWORD, T0, type SyncServer } from './server-harness.ts';

/** Several workstations against one server, random work on them, and what "the same view" means. */
export interface Member {
  userId: string;
  ws: Workstation;
  /** A server token for reading this user's view straight from the server. */
  token: string;
}

export type Cleanups = Array<() => Promise<void> | void>;

export async function joinFleet(server: SyncServer, userId: string, serverUrl: string, cleanups: Cleanups): Promise<Member> {
  const dataDir = mkdtempSync(join(tmpdir(), `leadrelay-fleet-${userId}-`));
  // The server's clock: offers it makes expire in the test's time, not today's.
  const ws = startWorkstation({ dataDir, secrets: new MemorySecretStore(), now: () => T0 + 60_000, sync: { pollMs: 60_000, backoff: { baseMs: 10, maxMs: 100 } } });
  cleanups.push(() => rmSync(dataDir, { recursive: true, force: true }));
  cleanups.push(() => ws.close());
  await ws.dispatch('sync.connect', { serverUrl, email: `${userId}@example.com`, password: PASSWORD });
  return { userId, ws, token: await server.login(`${userId}@example.com`) };
}

/** One lead as sync compares it: the lead itself and the ids of its history, in order. */
export interface LeadView {
  lead: Lead;
  history: string[];
}

/** What the server's feed gives this user from the start: by definition the view they should hold. */
export async function serverView(server: SyncServer, token: string): Promise<Map<string, LeadView>> {
  const view = new Map<string, LeadView>();
  for (let cursor = 0; ;) {
    const response = await server.as(token, 'GET', `/api/v1/sync/pull?cursor=${cursor}&limit=2000`);
    if (response.statusCode !== 200) throw new Error(`pull: ${response.statusCode} ${response.body}`);
    const page = response.json() as PullPage;
    for (const item of page.items) {
      if (item.type === 'lead') view.set(item.lead.id, { lead: item.lead, history: item.history.map((entry) => entry.id) });
      else view.delete(item.leadId);
    }
    cursor = page.cursor;
    if (!page.hasMore) return view;
  }
}

export function localView(ws: Workstation): Map<string, LeadView> {
  const view = new Map<string, LeadView>();
  for (const id of ws.store.db.prepare<[], string>('SELECT id FROM leads ORDER BY id').pluck().all()) {
    const stored = ws.store.leads.get(id)!;
    view.set(id, { lead: stored.lead, history: stored.history.map((entry) => entry.id) });
  }
  return view;
}

export const sortedEntries = (view: Map<string, LeadView>) => [...view.entries()].sort(([a], [b]) => a.localeCompare(b));

const WORK = ['contacted', 'qualified', 'won', 'lost'] as const;
const pick = <T>(items: readonly T[], random: () => number): T => items[Math.floor(random() * items.length)]!;

/** A plausible action for this member on one of their local leads, or null when they hold none. */
export function randomAction(member: Member, others: readonly string[], random: () => number, step: number): LeadAction | null {
  const leads = [...localView(member.ws).values()].map((view) => view.lead);
  if (leads.length === 0) return null;
  const lead = pick(leads, random);
  const leadId = lead.id;
  if (lead.status === 'offered') return random() < 0.8 ? { type: 'accept', leadId } : { type: 'reject', leadId, reason: `not for me (${step})` };
  const roll = random();
  if (roll < 0.5) return { type: 'addNote', leadId, text: `note ${member.userId} ${step}` };
  if (roll < 0.9) return { type: 'setStatus', leadId, status: pick(WORK, random), amount: null, reason: null };
  return { type: 'forward', leadId, toUserId: pick(others, random), note: `over to you (${step})` };
}

/** Runs `action` locally; a local refusal (not allowed any more) is part of random work. */
export async function tryAct(member: Member, action: LeadAction): Promise<boolean> {
  try {
    await member.ws.dispatch('leads.act', action);
    return true;
  } catch {
    return false;
  }
}

export async function roundsOn(members: readonly Member[], rounds: number): Promise<void> {
  for (let round = 0; round < rounds; round += 1) {
    for (const member of members) await member.ws.sync.syncNow();
  }
}
