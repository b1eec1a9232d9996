import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CallError } from '../../../core/contract/errors.ts';
import type { LeadAction } from '../../../core/lead/lifecycle.ts';
import type { Lead } from '../../../core/lead/lead.ts';
import { openStore, type LocalStore } from '../../../main/services/store/index.ts';
import { actionContext, makeLead, NOW, tempDir } from './helpers.ts';

let store: LocalStore;
let cleanup: () => void;

beforeEach(() => {
  const temp = tempDir();
  cleanup = temp.cleanup;
  store = openStore({ dataDir: temp.dir });
  store.leads.insertMany(
    [
      makeLead('offer-1', { offerExpiresAt: NOW + 3_600_000, contact: { company: 'Harbor Freight GmbH' } }),
      makeLead('offer-2', { offerExpiresAt: NOW - 1 }),
      makeLead('work-1', { status: 'accepted', ownerId: 'u-me' }),
      makeLead('won-1', { status: 'won', ownerId: 'u-me', wonAmount: 900 }),
    ],
    [],
    [],
  );
  store.leads.query({ sort: 'status' });
});
afterEach(() => {
  store.close();
  cleanup();
});

const counts = () => ({
  history: store.db.prepare('SELECT coalesce(sum(json_array_length(entries)), 0) FROM lead_timelines').pluck().get(),
  notes: store.db.prepare('SELECT count(*) FROM notes').pluck().get(),
  outbox: store.db.prepare('SELECT count(*) FROM outbox').pluck().get(),
  versions: store.db.prepare('SELECT group_concat(version) FROM leads').pluck().get(),
});

describe('applyAction', () => {
  const cases: { action: LeadAction; expect: Partial<Lead>; kind: string }[] = [
    { action: { type: 'accept', leadId: 'offer-1' }, expect: { status: 'accepted', ownerId: 'u-me', offerExpiresAt: null }, kind: 'accepted' },
    { action: { type: 'reject', leadId: 'offer-1', reason: 'not my territory' }, expect: { status: 'rejected', ownerId: null }, kind: 'rejected' },
    { action: { type: 'forward', leadId: 'offer-1', toUserId: 'u-sam', note: 'yours' }, expect: { status: 'forwarded', ownerId: 'u-sam' }, kind: 'forwarded' },
    { action: { type: 'setStatus', leadId: 'work-1', status: 'won', amount: 1200, reason: null }, expect: { status: 'won', wonAmount: 1200 }, kind: 'status' },
    { action: { type: 'incubate', leadId: 'work-1', until: NOW + 86_400_000 }, expect: { status: 'incubating', incubateUntil: NOW + 86_400_000 }, kind: 'incubated' },
    { action: { type: 'addNote', leadId: 'won-1', text: 'Invoice sent to the zeppelin department' }, expect: { status: 'won' }, kind: 'note' },
  ];

  for (const { action, expect: changed, kind } of cases) {
    it(`${action.type}: writes lead, history, outbox${action.type === 'addNote' ? ', note and search text' : ''} together`, () => {
      const result = store.leads.applyAction(action, actionContext());
      expect(result.lead).toMatchObject({ ...changed, updatedAt: NOW });
      const detail = store.leads.get(action.leadId)!;
      expect(detail.lead).toEqual(result.lead);
      expect(detail.history).toHaveLength(1);
      expect(detail.history[0]).toMatchObject({ kind, actor: 'u-me', at: NOW, leadId: action.leadId });
      expect(store.db.prepare('SELECT version FROM leads WHERE id = ?').pluck().get(action.leadId)).toBe(1);
      const [queued] = store.outbox.pending(10);
      expect(queued).toMatchObject({ seq: result.outboxSeq, kind: action.type, leadId: action.leadId, leadVersion: 1, createdAt: NOW });
      expect(queued!.action).toMatchObject(action);
      expect(store.outbox.status()).toEqual({ pending: 1, oldestAt: NOW });
      // The list index follows the committed change.
      const row = store.leads.query({ statuses: [result.lead.status] }).rows.find((r) => r.id === action.leadId);
      expect(row?.status).toBe(result.lead.status);
      if (action.type === 'addNote') {
        expect(detail.notes.map((n) => n.text)).toEqual([action.text]);
        expect(store.leads.query({ search: 'zeppel' }).rows.map((r) => r.id)).toEqual(['won-1']);
      }
    });
  }

  it('numbers outbox entries in order and marks them sent', () => {
    const a = store.leads.applyAction({ type: 'accept', leadId: 'offer-1' }, actionContext(NOW));
    const b = store.leads.applyAction({ type: 'setStatus', leadId: 'offer-1', status: 'contacted', amount: null, reason: null }, actionContext(NOW + 1));
    expect(b.outboxSeq).toBeGreaterThan(a.outboxSeq);
    expect(store.outbox.pending(10).map((e) => [e.kind, e.leadVersion])).toEqual([['accept', 1], ['setStatus', 2]]);
    expect(store.outbox.markSent([a.outboxSeq], NOW + 5)).toBe(1);
    expect(store.outbox.status()).toEqual({ pending: 1, oldestAt: NOW + 1 });
    expect(store.leads.get('offer-1')!.history.map((h) => h.kind)).toEqual(['accepted', 'status']);
  });

  it('refuses a transition the lifecycle forbids and writes nothing', () => {
    const before = counts();
    const detailBefore = store.leads.get('won-1');
    expect(() => store.leads.applyAction({ type: 'accept', leadId: 'won-1' }, actionContext())).toThrow(
      expect.objectContaining({ name: 'CallError', code: 'conflict', field: 'type' }),
    );
    expect(() => store.leads.applyAction({ type: 'accept', leadId: 'offer-2' }, actionContext())).toThrow('the offer has expired');
    expect(counts()).toEqual(before);
    expect(store.leads.get('won-1')).toEqual(detailBefore);
  });

  it('answers an unknown lead with not_found and bad input with the field', () => {
    const error = catchError(() => store.leads.applyAction({ type: 'accept', leadId: 'nope' }, actionContext()));
    expect(error).toBeInstanceOf(CallError);
    expect(error).toMatchObject({ code: 'not_found', field: 'id' });
    const invalid = catchError(() => store.leads.applyAction({ type: 'reject', leadId: 'offer-1', reason: ' ' }, actionContext()));
    expect(invalid).toMatchObject({ code: 'invalid_input', field: 'reason' });
  });

  it('rolls back everything when a write fails half-way', () => {
    store.leads.applyAction({ type: 'addNote', leadId: 'work-1', text: 'first' }, actionContext(NOW, 'u-me'));
    const taken = store.outbox.pending(1)[0]!.id;
    const before = counts();
    // The history and note ids are fresh, but the outbox id collides: the last insert fails.
    const ids = ['fresh-history-id', taken];
    const ctx = { ...actionContext(), newId: () => ids.shift()! };
    expect(() => store.leads.applyAction({ type: 'addNote', leadId: 'work-1', text: 'quixotic words' }, ctx)).toThrow(/UNIQUE/);
    expect(counts()).toEqual(before);
    expect(store.leads.query({ search: 'quixotic' }).total).toBe(0);
    expect(store.leads.get('work-1')!.lead.updatedAt).toBe(NOW);
  });
});

describe('insertMany', () => {
  it('imports nothing when one row is bad', () => {
    expect(() => store.leads.insertMany([makeLead('fresh-1'), makeLead('offer-1')], [], [])).toThrow(/UNIQUE/);
    expect(store.leads.count()).toBe(4);
    expect(store.leads.query({ search: 'fresh' }).total).toBe(0);
  });

  it('indexes notes added later for a lead imported earlier', () => {
    store.leads.insertMany([], [], [{ id: 'n-late', leadId: 'work-1', at: NOW, author: 'u-me', text: 'pallet racking follow-up' }]);
    expect(store.leads.query({ search: 'pallet rack' }).rows.map((r) => r.id)).toEqual(['work-1']);
    expect(store.leads.query({ search: 'harbor' }).rows.map((r) => r.id)).toEqual(['offer-1']);
  });
});

function catchError(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error('expected an error');
}
