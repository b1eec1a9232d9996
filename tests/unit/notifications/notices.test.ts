import { describe, expect, it } from 'vitest';
import { leadIdOf, leftBoxNotice, noticeFor, refusedNotice } from '../../../main/electron/offer-notice.ts';

const lead = {
  contact: { firstName: 'Ada', lastName: 'Lovelace', company: 'Analytical Engines', title: null, email: null, phone: null, street: null, city: null, region: null, postalCode: null, country: null },
  interest: { product: 'Difference Engine', size: null, timeframe: null, budget: null },
};

const refusal = (kind: string, message: string) => ({ seq: 1, mutationId: `m-${kind}`, kind, leadId: 'lead-1', code: 'conflict' as const, message, at: 0 });

describe('leftBoxNotice', () => {
  it("gives the server's reason as a sentence", () => {
    expect(leftBoxNotice('the offer was withdrawn: someone else took the lead, or it was re-routed')).toEqual({
      title: 'A lead left your box',
      body: 'The offer was withdrawn: someone else took the lead, or it was re-routed.',
    });
    expect(leftBoxNotice('the lead was re-routed.').body).toBe('The lead was re-routed.');
  });

  it('still says something when the reason is empty', () => {
    expect(leftBoxNotice('  ')).toEqual({ title: 'A lead left your box', body: 'It is no longer yours.' });
  });
});

describe('refusedNotice', () => {
  it('names one refused change and why', () => {
    expect(refusedNotice([refusal('accept', 'Ben accepted this lead first')])).toEqual({
      title: 'A change of yours was not applied',
      body: 'Accept: Ben accepted this lead first',
    });
    expect(refusedNotice([refusal('setStatus', 'the lead is not yours')]).body).toBe('Status change: the lead is not yours');
  });

  it('counts several and points to the needs-attention list', () => {
    expect(refusedNotice([refusal('accept', 'a'), refusal('addNote', 'b'), refusal('reject', 'c')])).toEqual({
      title: '3 changes of yours were not applied',
      body: 'See "Needs attention" in the sync menu.',
    });
  });
});

describe('noticeFor', () => {
  const now = 1_700_000_000_000;

  it('writes each kind of event with its own text', () => {
    expect(noticeFor({ name: 'lead.offered', payload: { leadId: 'l', expiresAt: now + 30 * 60_000 } }, lead, now)).toEqual({
      title: 'New lead offered',
      body: 'Ada Lovelace, Analytical Engines is interested in Difference Engine. Answer within 30 min.',
    });
    expect(noticeFor({ name: 'lead.notice', payload: { leadId: 'l', title: 'Call within the hour' } }, lead, now)).toEqual({
      title: 'Call within the hour',
      body: 'About Ada Lovelace, Analytical Engines.',
    });
    expect(noticeFor({ name: 'lead.rerouted', payload: { leadId: 'l', reason: 'the lead was re-routed' } }, null, now).body).toBe('The lead was re-routed.');
    expect(noticeFor({ name: 'sync.rejected', payload: { items: [refusal('forward', 'the lead is gone')] } }, null, now).body).toBe('Forward: the lead is gone');
  });

  it('looks a lead up only for the texts that name it', () => {
    expect(leadIdOf({ name: 'lead.offered', payload: { leadId: 'a', expiresAt: null } })).toBe('a');
    expect(leadIdOf({ name: 'lead.notice', payload: { leadId: 'b', title: 't' } })).toBe('b');
    expect(leadIdOf({ name: 'lead.rerouted', payload: { leadId: 'c', reason: 'r' } })).toBeNull();
    expect(leadIdOf({ name: 'sync.rejected', payload: { items: [refusal('accept', 'x')] } })).toBeNull();
  });
});
