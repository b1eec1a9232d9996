import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { readExchangeJson, writeExchangeJson } from '../../../core/exchange/exchange-json.ts';
import { ExchangeDocument, ExchangeFormatError, type ExchangeMessage } from '../../../core/exchange/exchange-message.ts';
import { feedbackFor, offerContent, PartnerPolicy, releasedFields } from '../../../core/exchange/exchange-policy.ts';
import { signingBase, withinWindow } from '../../../core/exchange/exchange-sign.ts';
import { readExchangeXml, writeExchangeXml } from '../../../core/exchange/exchange-xml.ts';
import { Lead } from '../../../core/lead/lead.ts';

const lead = Lead.parse({
  id: 'L1', createdAt: 5, updatedAt: 5, status: 'offered', priority: 'high', score: 70,
  contact: { firstName: 'Jane', lastName: 'Doe & "Sons" <x>', email: 'jane@example.com', phone: '+49 30 1234567', street: 'Main 1', company: 'Acme', country: 'DE' },
  interest: { product: 'Widget', size: 40, budget: 1200.5 }, source: 'web', custom: { tier: 'gold', seats: 3, vip: true, note: null },
});
const policy = PartnerPolicy.parse({ withheld: ['contact.phone'], private: ['contact.street', 'custom'] });

const messages: ExchangeMessage[] = [
  { kind: 'offer', id: 'm1', sentAt: 1, leadId: 'L1', ...offerContent(lead, policy, ['email']), expiresAt: 99, upForGrabs: true },
  { kind: 'offer', id: 'm1b', sentAt: 1, leadId: 'L1', ...offerContent(lead, PartnerPolicy.parse({}), []), expiresAt: null, upForGrabs: false },
  { kind: 'release', id: 'm2', sentAt: 2, leadId: 'L1', fields: releasedFields(lead, ['contact.email', 'contact.phone', 'interest.budget', 'contact.region']) },
  { kind: 'withdraw', id: 'm3', sentAt: 3, leadId: 'L1', reason: 'partner North accepted first' },
  { kind: 'accept', id: 'm4', sentAt: 4, leadId: 'L1', assignee: { name: 'Rita', email: null } },
  { kind: 'decline', id: 'm5', sentAt: 5, leadId: 'L1', reason: 'not our region' },
  { kind: 'status', id: 'm6', sentAt: 6, leadId: 'L1', status: 'won', amount: 4800, reason: null, assignee: null },
  { kind: 'status', id: 'm7', sentAt: 7, leadId: 'L1', status: 'lost', amount: null, reason: 'went with a competitor', assignee: { name: 'Rita', email: 'r@x.example' } },
  { kind: 'ack', id: 'm8', sentAt: 8, ackOf: 'm1', result: 'conflict', reason: 'too late' },
];
const document = { version: 1 as const, messages };

describe('exchange codecs', () => {
  it('round-trips every message kind through XML and JSON with the same content', () => {
    expect(readExchangeXml(writeExchangeXml(document))).toEqual(document);
    expect(readExchangeJson(writeExchangeJson(document))).toEqual(document);
  });

  it('filters the offer by policy: withheld named but absent, private neither', () => {
    const offer = messages[0] as Extract<ExchangeMessage, { kind: 'offer' }>;
    expect(offer.withheld).toEqual(['contact.email', 'contact.phone']);
    const text = writeExchangeXml({ version: 1, messages: [offer] }) + writeExchangeJson({ version: 1, messages: [offer] });
    expect(text).not.toMatch(/jane@example\.com|1234567|Main 1|gold|street|custom/);
    expect(text).toContain('Jane');
  });

  it('names the field at fault', () => {
    const bad = writeExchangeXml(document).replace('priority="high"', 'priority="extreme"');
    expect(() => readExchangeXml(bad)).toThrow(ExchangeFormatError);
    expect(() => readExchangeXml(bad)).toThrow(/messages\.0\.lead\.priority/);
    expect(() => readExchangeJson('{"version":2,"messages":[]}')).toThrow(/version/);
    expect(() => readExchangeXml('<exchange version="2"/>')).toThrow(/version "2" is not supported/);
  });

  it('sends only the feedback the reseller policy allows', () => {
    const hidden = PartnerPolicy.parse({ feedback: { statuses: ['won'], amount: false } });
    expect(feedbackFor(hidden, 'contacted', { amount: null, reason: null, assignee: null })).toBeNull();
    expect(feedbackFor(hidden, 'won', { amount: 10, reason: null, assignee: { name: 'Rita', email: 'r@x' } })).toEqual({ status: 'won', amount: null, reason: null, assignee: null });
  });

  it('signs the timestamp with the raw body and keeps a ±5 minute window', () => {
    expect(signingBase(12, '<x/>')).toBe('v1:12:<x/>');
    expect(withinWindow(1_000_000, 1_000_000 + 300_000)).toBe(true);
    expect(withinWindow(1_000_000, 1_000_000 + 300_001)).toBe(false);
    expect(withinWindow(Number.NaN, 0)).toBe(false);
  });

  it('publishes the JSON Schema of the same model (docs/exchange.schema.json)', () => {
    const published = JSON.parse(readFileSync(new URL('../../../docs/exchange.schema.json', import.meta.url), 'utf8')) as Record<string, unknown>;
    const { $id: _id, title: _title, ...rest } = published;
    expect(rest).toEqual(JSON.parse(JSON.stringify(z.toJSONSchema(ExchangeDocument, { io: 'input' }))));
  });
});
