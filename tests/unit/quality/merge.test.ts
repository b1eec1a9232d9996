import { describe, expect, it } from 'vitest';
import { Lead, type HistoryEntry } from '../../../core/lead/lead.ts';
import { mergeLead, type IncomingLead } from '../../../core/quality/merge.ts';

const existing = Lead.parse({
  id: 'lead-1',
  createdAt: 1_000,
  updatedAt: 1_000,
  status: 'accepted',
  priority: 'high',
  score: 70,
  contact: { firstName: 'J.', lastName: 'Smith', company: 'Acme GmbH', email: 'john@acme.de', phone: '+49301234567', country: 'DE' },
  interest: { product: 'Forklift', size: null },
  source: 'web-form',
  campaign: 'spring',
  ownerId: 'rep-7',
  custom: { industry: 'logistics' },
  attachments: [{ name: 'brief.pdf', mimeType: 'application/pdf', size: 10, ref: 'att-1' }],
});

const incoming = (overrides: Partial<Omit<IncomingLead, 'contact'>> & { contact?: Partial<IncomingLead['contact']> } = {}): IncomingLead => {
  const base = Lead.parse({ id: 'lead-2', createdAt: 2_000, updatedAt: 2_000, status: 'new', priority: 'normal', score: 0, contact: {}, interest: {} });
  return {
    id: base.id,
    interest: base.interest,
    source: 'partner-feed',
    campaign: null,
    custom: {},
    attachments: [],
    ...overrides,
    contact: { ...base.contact, ...overrides.contact },
  };
};

const ctx = { now: 5_000, actor: 'system', newId: 'h-merge', defaultCountry: 'DE' };

describe('mergeLead', () => {
  it('fills empty fields, keeps the rest, and leaves status and owner alone', () => {
    const result = mergeLead(existing, incoming({ contact: { title: 'CFO', city: 'Berlin' }, interest: { product: null, size: 12, timeframe: 'Q3', budget: null } }), ctx);
    expect(result.lead.contact).toMatchObject({ title: 'CFO', city: 'Berlin', lastName: 'Smith', email: 'john@acme.de' });
    expect(result.lead.interest).toEqual({ product: 'Forklift', size: 12, timeframe: 'Q3', budget: null });
    expect(result.lead).toMatchObject({ id: 'lead-1', status: 'accepted', ownerId: 'rep-7', createdAt: 1_000, updatedAt: 5_000, priority: 'high', score: 70 });
    expect(result.filled).toEqual(['contact.title', 'contact.city', 'interest.size', 'interest.timeframe']);
    expect(Lead.parse(result.lead)).toEqual(result.lead);
  });

  it('keeps the existing value on conflict and records the alternative', () => {
    const result = mergeLead(existing, incoming({ contact: { email: 'j.smith@gmail.com', company: 'Globex' } }), ctx);
    expect(result.lead.contact.email).toBe('john@acme.de');
    expect(result.conflicts).toEqual([
      { field: 'contact.company', kept: 'Acme GmbH', alternative: 'Globex' },
      { field: 'contact.email', kept: 'john@acme.de', alternative: 'j.smith@gmail.com' },
      { field: 'source', kept: 'web-form', alternative: 'partner-feed' },
    ]);
    const entry = result.history.at(-1)!;
    expect(entry.data).toMatchObject({ event: 'merged', mergedFrom: 'lead-2', conflicts: result.conflicts });
    expect(entry.summary).toContain('kept 3 existing values that differed');
  });

  it('does not call differently written equal values a conflict', () => {
    const result = mergeLead(
      existing,
      incoming({ source: 'web-form', contact: { lastName: 'SMITH', email: 'John@ACME.de', phone: '030 1234567', company: 'ACME GmbH & Co. KG' } }),
      ctx,
    );
    expect(result.conflicts).toEqual([]);
    expect(result.filled).toEqual([]);
  });

  it('replaces an initial with the full first name it stands for', () => {
    expect(mergeLead(existing, incoming({ contact: { firstName: 'John' } }), ctx).lead.contact.firstName).toBe('John');
    expect(mergeLead(existing, incoming({ contact: { firstName: 'Peter' } }), ctx).conflicts[0]).toMatchObject({ field: 'contact.firstName', kept: 'J.' });
  });

  it('merges custom fields and attachments without duplicates', () => {
    const result = mergeLead(
      existing,
      incoming({
        custom: { industry: 'retail', fleetSize: 40 },
        attachments: [
          { name: 'brief.pdf', mimeType: 'application/pdf', size: 10, ref: 'att-1' },
          { name: 'photo.jpg', mimeType: 'image/jpeg', size: 20, ref: 'att-2' },
        ],
      }),
      ctx,
    );
    expect(result.lead.custom).toEqual({ industry: 'logistics', fleetSize: 40 });
    expect(result.lead.attachments.map((attachment) => attachment.ref)).toEqual(['att-1', 'att-2']);
    expect(result.conflicts).toContainEqual({ field: 'custom.industry', kept: 'logistics', alternative: 'retail' });
  });

  it('moves the incoming history over and ends with one merge entry', () => {
    const previous: HistoryEntry = { id: 'h-old', leadId: 'lead-2', at: 2_000, actor: 'system', kind: 'created', summary: 'Lead created', reason: null, data: {} };
    const result = mergeLead(existing, incoming(), { ...ctx, incomingHistory: [previous], matchedOn: ['email', 'name'] });
    expect(result.history).toHaveLength(2);
    expect(result.history[0]).toEqual({ ...previous, leadId: 'lead-1', data: { mergedFrom: 'lead-2' } });
    expect(result.history[1]).toMatchObject({ id: 'h-merge', leadId: 'lead-1', at: 5_000, actor: 'system', reason: 'duplicate: email, name' });
    expect(result.history[1]!.summary).toMatch(/^Merged a duplicate submission from partner-feed/);
  });

  it('does not change the lead it was given', () => {
    const before = structuredClone(existing);
    mergeLead(existing, incoming({ contact: { title: 'CFO' }, custom: { a: 1 } }), ctx);
    expect(existing).toEqual(before);
  });
});
