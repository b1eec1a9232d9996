import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readLeadsXml, writeLeadsXml } from '../../../core/exchange/lead-xml.ts';
import { checkXmlShape, DEFAULT_XML_LIMITS, readGuardedXml } from '../../../core/exchange/xml-guard.ts';
import { CsvMapping, mapCsvRow, missingColumns } from '../../../core/exchange/csv-mapping.ts';
import { recogniseMailLead } from '../../../core/exchange/mail-text.ts';
import { prepareLead } from '../../../core/exchange/lead-input.ts';
import { buildCompanyTable, enrichLead } from '../../../core/quality/enrich.ts';

const fixture = (name: string) => readFileSync(new URL(`../../fixtures/intake/${name}`, import.meta.url), 'utf8');

describe('LeadRelay XML leads (version 1)', () => {
  it('reads the fixture and round-trips what it writes', () => {
    const records = readLeadsXml(fixture('leads.xml'));
    expect(records).toHaveLength(2);
    expect(records[0]).toMatchObject({ ok: true, value: { contact: { firstName: 'Mia', country: 'SE' }, interest: { size: 40, budget: 12000 }, priority: 'high', custom: { segment: 'SMB', employees: 40 } } });
    const prepared = records.map((record, i) => (record.ok ? prepareLead(record.value as never, { id: `l${i}`, now: 5, strict: true }) : null));
    const leads = prepared.flatMap((p) => (p?.ok ? [p.lead] : []));
    expect(leads).toHaveLength(2);
    const again = readLeadsXml(writeLeadsXml(leads)).map((r, i) => (r.ok ? prepareLead(r.value as never, { id: `l${i}`, now: 5, strict: true }) : null));
    expect(again.map((p) => p?.ok && p.lead)).toEqual(leads);
  });

  it('names the element at fault and refuses other versions', () => {
    const [record] = readLeadsXml('<leads version="1"><lead><contact><emial>x</emial></contact></lead></leads>');
    expect(record).toEqual({ ok: false, field: 'contact.emial', reason: 'unknown element <emial>' });
    expect(() => readLeadsXml('<leads version="2"><lead/></leads>')).toThrow(/version 1/);
  });
});

describe('XML guard', () => {
  it('refuses DOCTYPEs, deep nesting, too many elements or attributes, and long values before parsing', () => {
    expect(() => checkXmlShape(fixture('billion-laughs.xml'))).toThrow(/DOCTYPE/);
    expect(() => checkXmlShape(fixture('external-entity.xml'))).toThrow(/DOCTYPE/);
    expect(() => checkXmlShape(`${'<a>'.repeat(100)}${'</a>'.repeat(100)}`)).toThrow(/nested deeper than 24/);
    expect(() => checkXmlShape(`<r>${'<a/>'.repeat(50)}</r>`, { ...DEFAULT_XML_LIMITS, maxElements: 20 })).toThrow(/more than 20 elements/);
    expect(() => checkXmlShape(`<r ${Array.from({ length: 40 }, (_, i) => `a${i}="1"`).join(' ')}/>`)).toThrow(/more than 32 attributes/);
    expect(() => checkXmlShape(`<r>${'x'.repeat(30_000)}</r>`)).toThrow(/text value longer than 20000/);
    expect(() => checkXmlShape(`<r><![CDATA[${'x'.repeat(30_000)}]]></r>`)).toThrow(/text value longer/);
    expect(() => checkXmlShape(`<r a="${'x'.repeat(30_000)}"/>`)).toThrow(/attribute value longer/);
    expect(() => readGuardedXml('<r><a></r>')).toThrow(/not well-formed/);
  });

  it('leaves quoted ">" and comments alone', () => {
    expect(readGuardedXml('<r note="a > b"><!-- <x> --><c>1 &lt; 2</c></r>').children[0]!.text).toBe('1 < 2');
  });
});

describe('CSV mapping', () => {
  const mapping = CsvMapping.parse({ 'E-Mail': 'contact.email', Budget: 'interest.budget', Kampagne: 'campaign', Notiz: 'custom.note', Skip: 'ignore' });

  it('maps cells to fields, numbers with separators, and keeps unmapped columns as csv.<header>', () => {
    expect(mapCsvRow({ 'E-Mail': 'a@b.co', Budget: '12,500', Kampagne: 'spring', Notiz: 'hi', Skip: 'x', Extra: 'kept' }, mapping)).toEqual({
      contact: { email: 'a@b.co' },
      interest: { budget: 12500 },
      campaign: 'spring',
      custom: { note: 'hi', 'csv.Extra': 'kept' },
    });
    expect(missingColumns(mapping, ['E-Mail', 'Budget'])).toEqual(['Kampagne', 'Notiz', 'Skip']);
  });

  it('refuses unknown targets', () => {
    expect(CsvMapping.safeParse({ A: 'contact.emial' }).success).toBe(false);
  });
});

describe('mail text', () => {
  it('recognises labelled fields and falls back to the sender', () => {
    const found = recogniseMailLead({ text: 'New enquiry\nName: Ann Lee\nE-mail: ann@lee.example\nPhone: +44 20 7946 0000\nCompany: Lee Ltd\nMessage: call me', subject: 'Web form', fromName: 'Forms', fromAddress: 'noreply@forms.example' });
    expect(found.value.contact).toMatchObject({ firstName: 'Ann', lastName: 'Lee', email: 'ann@lee.example', phone: '+44 20 7946 0000', company: 'Lee Ltd' });
    expect(found.value.custom).toMatchObject({ 'mail.comments': 'call me', 'mail.subject': 'Web form' });
    const bare = recogniseMailLead({ text: 'Please send a quote.', subject: null, fromName: 'Bo Ek', fromAddress: 'bo@ek.example' });
    expect(bare.recognised).toBe(0);
    expect(bare.value.contact).toMatchObject({ firstName: 'Bo', lastName: 'Ek', email: 'bo@ek.example' });
  });
});

describe('enrichment', () => {
  it('fills industry and size from the company table by company key, never overwriting', () => {
    const table = buildCompanyTable([{ company: 'Acme Corporation', industry: 'Manufacturing', size: '1,200', hq: 'Springfield' }]);
    const prepared = prepareLead({ contact: { lastName: 'Roe', company: 'ACME Corp.' }, custom: { 'company.hq': 'Shelbyville' } }, { id: 'x', now: 1, strict: true });
    if (!prepared.ok) throw new Error(prepared.reason);
    const { lead, enriched } = enrichLead(prepared.lead, table);
    expect(enriched).toEqual(['company.industry', 'company.size']);
    expect(lead.custom).toMatchObject({ 'company.industry': 'Manufacturing', 'company.size': 1200, 'company.hq': 'Shelbyville' });
  });
});
