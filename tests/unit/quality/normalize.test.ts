import { describe, expect, it } from 'vitest';
import { getCountries } from 'libphonenumber-js';
import { Contact } from '../../../core/lead/lead.ts';
import { ISO_ALPHA2 } from '../../../core/quality/countries.ts';
import {
  nameTokens,
  normalizeCompany,
  normalizeContact,
  normalizeCountry,
  normalizeEmail,
  normalizePersonName,
  normalizePhone,
  normalizeRegion,
} from '../../../core/quality/normalize.ts';

describe('normalizePersonName', () => {
  it.each([
    ['  john   smith ', 'John Smith'],
    ['JOHN SMITH', 'John Smith'],
    ['mcdonald', 'McDonald'],
    ["o'neil", "O'Neil"],
    ['O’NEIL', "O'Neil"],
    ['van der berg', 'Van der Berg'],
    ['ludwig van beethoven', 'Ludwig van Beethoven'],
    ['MARÍA JOSÉ DE LA CRUZ', 'María José de la Cruz'],
    ['jean-luc', 'Jean-Luc'],
    ['anne-marie mcintyre-smith', 'Anne-Marie McIntyre-Smith'],
    ['ÇAĞLAR', 'Çağlar'],
  ])('%j → %j', (raw, expected) => {
    expect(normalizePersonName(raw)).toBe(expected);
  });

  it('keeps a name typed in mixed case as typed, spaces tidied', () => {
    expect(normalizePersonName('DeShawn  MacLeod')).toBe('DeShawn MacLeod');
    expect(normalizePersonName('van Gogh')).toBe('van Gogh');
  });

  it('gives null for nothing', () => {
    expect(normalizePersonName('   ')).toBeNull();
    expect(normalizePersonName(null)).toBeNull();
  });

  it('reduces names to comparable words without titles or accents', () => {
    expect(nameTokens('Dr. Jürgen', "O'Neil-Groß")).toEqual(['jurgen', 'oneil', 'gross']);
  });
});

describe('normalizeCompany', () => {
  it.each([
    ['ACME GmbH & Co. KG', 'acme'],
    ['Acme, Inc.', 'acme'],
    ['The Acme Corporation', 'acme'],
    ['acme llc', 'acme'],
    ['Müller AG', 'muller'],
    ['Rossi S.r.l.', 'rossi'],
    ['Rossi SRL', 'rossi'],
    ['Banco S.A.', 'banco'],
    ['Philips N.V.', 'philips'],
    ['Bakker B.V.', 'bakker'],
    ['Nokia Oyj', 'nokia'],
    ['Maersk A/S', 'maersk'],
    ['Volvo AB', 'volvo'],
    ['Widgets Ltd.', 'widgets'],
    ['Widgets Limited', 'widgets'],
    ['Tesco PLC', 'tesco'],
    ['Kowalski Sp. z o.o.', 'kowalski'],
    ['Johnson & Johnson', 'johnson and johnson'],
    ['Smith & Co.', 'smith'],
  ])('%j matches as %j', (raw, key) => {
    expect(normalizeCompany(raw)?.key).toBe(key);
  });

  it('keeps the display form and never strips the only word', () => {
    expect(normalizeCompany('  ACME   GmbH ')).toEqual({ display: 'ACME GmbH', key: 'acme' });
    expect(normalizeCompany('Company')?.key).toBe('company');
    expect(normalizeCompany('')).toBeNull();
  });
});

describe('normalizeEmail', () => {
  it.each([
    [' John.Doe@Example.COM ', 'john.doe@example.com'],
    ['mailto:Sales@Example.de', 'sales@example.de'],
    ['John Doe <John@Example.org>', 'john@example.org'],
    ['a.b+tag@sub.example.co.uk.', 'a.b+tag@sub.example.co.uk'],
  ])('%j → %j', (raw, expected) => {
    expect(normalizeEmail(raw)).toEqual({ ok: true, value: expected });
  });

  it.each(['nope@', 'a@b', 'two@@example.com', 'spaces in@example.com', `${'x'.repeat(250)}@example.com`])('rejects %j', (raw) => {
    const result = normalizeEmail(raw);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.problem).toMatch(/is not a valid email address$/);
  });

  it('treats empty as absent, not invalid', () => {
    expect(normalizeEmail('  ')).toEqual({ ok: true, value: null });
  });
});

describe('normalizePhone', () => {
  it.each([
    ['030 1234567', 'DE', '+49301234567'],
    ['+49 (0)30 1234567', null, '+49301234567'],
    ['0049 30 1234567', null, '+49301234567'],
    ['0049-30-123 45 67', 'US', '+49301234567'],
    ['(415) 555-2671', 'US', '+14155552671'],
    ['415.555.2671', 'US', '+14155552671'],
    ['+1 415 555 2671 ext. 12', null, '+14155552671'],
    ['020 7946 0958', 'GB', '+442079460958'],
  ])('%j in %s → %s', (raw, country, e164) => {
    const result = normalizePhone(raw, country);
    expect(result.ok && result.value?.e164).toBe(e164);
  });

  it('knows the country of an international number', () => {
    expect(normalizePhone('+44 20 7946 0958').value).toEqual({ e164: '+442079460958', country: 'GB' });
  });

  it('explains what is wrong', () => {
    expect(normalizePhone('12', 'DE')).toMatchObject({ ok: false, problem: '"12" is not a valid phone number for DE' });
    expect(normalizePhone('030 1234567')).toMatchObject({ ok: false, problem: expect.stringContaining('needs an international prefix') });
    expect(normalizePhone('+49 1')).toMatchObject({ ok: false, problem: '"+49 1" is not a valid phone number' });
    expect(normalizePhone('call me', 'DE').ok).toBe(false);
  });

  it('ignores a default country that is not an ISO code', () => {
    expect(normalizePhone('+49 30 1234567', 'Germany').value?.e164).toBe('+49301234567');
  });
});

describe('normalizeCountry', () => {
  it.each([
    ['DE', 'DE'],
    ['de', 'DE'],
    ['Deutschland', 'DE'],
    ['Germany', 'DE'],
    ['DEU', 'DE'],
    ['U.S.A.', 'US'],
    ['United States of America', 'US'],
    ['UK', 'GB'],
    ['Great Britain', 'GB'],
    ['The Netherlands', 'NL'],
    ['Österreich', 'AT'],
    ['Schweiz', 'CH'],
    ['España', 'ES'],
    ['  côte  ', null],
  ])('%j → %j', (raw, code) => {
    expect(normalizeCountry(raw).value).toBe(code);
  });

  it('says what it did not recognise', () => {
    expect(normalizeCountry('Atlantis')).toMatchObject({ ok: false, problem: expect.stringContaining('"Atlantis"') });
  });

  it('has every ISO 3166-1 code the phone numbering plans use', () => {
    const phoneOnly = new Set(['AC', 'TA', 'XK']);
    expect(ISO_ALPHA2.size).toBe(249);
    expect(getCountries().filter((code) => !phoneOnly.has(code) && !ISO_ALPHA2.has(code))).toEqual([]);
  });
});

describe('normalizeRegion', () => {
  it.each([
    ['California', 'US', 'US-CA'],
    ['calif.', 'US', 'US-CA'],
    ['ca', 'US', 'US-CA'],
    ['us-ny', 'US', 'US-NY'],
    ['New York', 'US', 'US-NY'],
    ['Bayern', 'DE', 'DE-BY'],
    ['Bavaria', 'DE', 'DE-BY'],
    ['Thüringen', 'DE', 'DE-TH'],
    ['NRW', 'DE', 'DE-NW'],
    ['Québec', 'CA', 'CA-QC'],
    ['Tirol', 'AT', 'Tirol'],
    ['  Bavaria ', null, 'Bavaria'],
  ])('%j in %s → %j', (raw, country, expected) => {
    expect(normalizeRegion(raw, country)).toBe(expected);
  });
});

describe('normalizeContact', () => {
  it('produces a contact the Lead schema accepts, listing what it dropped', () => {
    const { contact, problems } = normalizeContact(
      { firstName: 'ANNA', lastName: 'van der berg', company: ' Acme  GmbH', email: 'Anna@ACME.de', phone: '030 1234567', country: 'Deutschland', region: 'Bayern', postalCode: ' 80331 ' },
      { defaultCountry: 'US' },
    );
    expect(contact).toEqual({
      firstName: 'Anna',
      lastName: 'Van der Berg',
      company: 'Acme GmbH',
      title: null,
      email: 'anna@acme.de',
      phone: '+49301234567',
      street: null,
      city: null,
      region: 'DE-BY',
      postalCode: '80331',
      country: 'DE',
    });
    expect(problems).toEqual([]);
    expect(Contact.parse(contact)).toEqual(contact);
  });

  it('takes the country from an international phone number when none is given', () => {
    expect(normalizeContact({ phone: '+44 20 7946 0958' }).contact.country).toBe('GB');
  });

  it('drops unusable values and reports each with its field', () => {
    const { contact, problems } = normalizeContact({ email: 'not-an-email', phone: '12', country: 'Atlantis' }, { defaultCountry: 'DE' });
    expect(contact).toMatchObject({ email: null, phone: null, country: null });
    expect(problems.map((problem) => [problem.field, problem.value])).toEqual([
      ['country', 'Atlantis'],
      ['phone', '12'],
      ['email', 'not-an-email'],
    ]);
  });
});
