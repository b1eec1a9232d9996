import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readAdf, looksLikeAdf, MAX_ADF_EXTRA_FIELDS } from '../../../core/exchange/adf-read.ts';
import { parseAdfDate } from '../../../core/exchange/adf-dates.ts';
import { writeAdf } from '../../../core/exchange/adf-write.ts';
import { prepareLead, readIncoming } from '../../../core/exchange/lead-input.ts';

const fixture = (name: string) => readFileSync(new URL(`../../fixtures/intake/${name}`, import.meta.url), 'utf8');

describe('readAdf', () => {
  it('maps a document with elements out of order, odd case, several phones and vendor extensions', () => {
    const [record, ...rest] = readAdf(fixture('sloppy-order.adf.xml'));
    expect(rest).toHaveLength(0);
    const { contact, interest, source, custom } = record!.value;
    expect(contact).toMatchObject({ firstName: 'PAT', lastName: "o'brien", email: 'Pat.OBrien@Example.COM', phone: '(212) 555-0123', street: '350 Fifth Avenue, Apt 4B', city: 'New York', region: 'NY', postalCode: '10001', country: 'US' });
    expect(interest).toMatchObject({ product: '2019 Subaru Outback', budget: 21500 });
    expect(source).toBe('CarsDirect');
    expect(custom).toMatchObject({
      'adf.phone.fax': '+1 212 555 0199',
      'adf.comments': 'Call after 5pm & ask for Pat',
      'adf.vendor': 'Main St Subaru',
      'adf.requestdate': '2024-03-30T15:30:00.000Z',
      'adf.vehicle.interest': 'buy',
      'adf.vehicle.status': 'used',
      'adf.x.vehicle.odometer': '41000',
      'adf.x.vehicle.odometer@units': 'miles',
      'adf.x.vehicle.colorcombination.exteriorcolor': 'Blue',
      'adf.x.tracking': 'CD-99812',
      'adf.provider.url': 'https://carsdirect.example',
    });
  });

  it('reads every prospect of a document, with full names in both orders and dates it cannot read kept raw', () => {
    const records = readAdf(fixture('multi-prospect.adf.xml'));
    expect(records).toHaveLength(3);
    expect(records[0]!.value.contact).toMatchObject({ firstName: 'Jane Q.', lastName: 'Smith' });
    expect(records[0]!.value.interest.timeframe).toBe('within 2 weeks');
    expect(records[0]!.value.custom).toMatchObject({ 'adf.id': 'LP-1', 'adf.id.source': 'LeadPortal', 'adf.requestdate': '2024-05-01T15:00:00.000Z' });
    expect(records[1]!.value.contact).toMatchObject({ firstName: 'John', lastName: 'Doe' });
    expect(records[1]!.value.custom['adf.requestdate']).toBe('2024-05-01T10:15:00.000Z');
    expect(records[2]!.value.custom['adf.requestdate.raw']).toBe('yesterday-ish');
    expect(records[2]!.warnings[0]).toMatch(/requestdate "yesterday-ish"/);
  });

  it('takes a bare <prospect> root and a company element', () => {
    const [record] = readAdf(fixture('bare-prospect.adf.xml'));
    expect(record!.value.contact).toMatchObject({ firstName: 'Lena', lastName: 'Vogel', company: 'Vogel Logistik GmbH' });
    expect(record!.value.custom['adf.x.x-vendor-score']).toBe('87');
    expect(record!.value.custom['adf.requestdate']).toBe('2024-04-30T09:15:00.000Z');
  });

  it('bounds the unknown elements it keeps', () => {
    const extras = Array.from({ length: MAX_ADF_EXTRA_FIELDS + 25 }, (_, i) => `<ext${i}>v${i}</ext${i}>`).join('');
    const [record] = readAdf(`<adf><prospect><customer><contact><email>a@b.co</email></contact></customer>${extras}</prospect></adf>`);
    expect(Object.keys(record!.value.custom).filter((key) => key.startsWith('adf.x.'))).toHaveLength(MAX_ADF_EXTRA_FIELDS);
    expect(record!.warnings.join()).toMatch(/more than 40 unknown ADF elements/);
  });

  it('refuses a document without prospects or with another root', () => {
    expect(() => readAdf('<adf></adf>')).toThrow(/no <prospect>/);
    expect(() => readAdf('<lead/>')).toThrow(/root element must be <adf>/);
    expect(looksLikeAdf('<?xml version="1.0"?>\n<!-- c --><adf>')).toBe(true);
    expect(looksLikeAdf('<leads version="1">')).toBe(false);
  });

  it('normalises the mapped values into a valid lead, leniently', () => {
    const [record] = readAdf(fixture('sloppy-order.adf.xml'));
    const incoming = readIncoming(record!.value);
    expect(incoming.ok).toBe(true);
    const prepared = prepareLead(incoming.ok ? incoming.input : ({} as never), { id: 'l1', now: 1, strict: false });
    expect(prepared.ok && prepared.lead.contact).toMatchObject({ firstName: 'Pat', lastName: "O'Brien", email: 'pat.obrien@example.com', phone: '+12125550123', region: 'US-NY' });
  });
});

describe('parseAdfDate', () => {
  it.each([
    ['2000-03-30T15:30:20-08:00', '2000-03-30T23:30:20.000Z'],
    ['2000-03-30 15:30', '2000-03-30T15:30:00.000Z'],
    ['2000-03-30', '2000-03-30T00:00:00.000Z'],
    ['3/30/2000 3:30 PM', '2000-03-30T15:30:00.000Z'],
    ['30.03.2000 15:30', '2000-03-30T15:30:00.000Z'],
    ['20000330153020', '2000-03-30T15:30:20.000Z'],
    ['954430220', '2000-03-30T15:30:20.000Z'],
    ['Thu, 30 Mar 2000 15:30:20 +0000', '2000-03-30T15:30:20.000Z'],
  ])('reads %s', (text, iso) => {
    expect(new Date(parseAdfDate(text)!).toISOString()).toBe(iso);
  });

  it('answers null for what it cannot read', () => {
    expect(parseAdfDate('13/45/2000')).toBeNull();
    expect(parseAdfDate('soon')).toBeNull();
    expect(parseAdfDate('')).toBeNull();
  });
});

describe('writeAdf', () => {
  it('writes ADF the reader maps back to the same contact', () => {
    const prepared = prepareLead(
      { contact: { firstName: 'Ann', lastName: 'Lee', email: 'ann@example.com', phone: '+4930123456', city: 'Berlin', country: 'DE', region: 'Berlin' }, interest: { product: 'Golf', budget: 20000 }, source: 'Web' },
      { id: 'lead-1', now: Date.UTC(2024, 0, 2), strict: true },
    );
    if (!prepared.ok) throw new Error(prepared.reason);
    const xml = writeAdf([prepared.lead]);
    expect(xml).toContain('<?adf version="1.0"?>');
    const [record] = readAdf(xml);
    expect(record!.value.contact).toMatchObject({ firstName: 'Ann', lastName: 'Lee', email: 'ann@example.com', phone: '+4930123456', city: 'Berlin', country: 'DE' });
    expect(record!.value.interest).toMatchObject({ product: 'Golf', budget: 20000 });
    expect(record!.value.custom['adf.requestdate']).toBe('2024-01-02T00:00:00.000Z');
  });
});
