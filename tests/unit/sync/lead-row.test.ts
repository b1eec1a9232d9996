import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { generateDemoWorkspace } from '../../../core/demo/generate.ts';
import { Lead } from '../../../core/lead/lead.ts';
import { checkLeadRow, fromLeadRow, LEAD_ROW_FIELDS, toLeadRow, type LeadRow } from '../../../core/sync/lead-row.ts';
import { LEAD_COLUMNS } from '../../../main/services/store/lead-rows.ts';

const { leads } = generateDemoWorkspace({ count: 60, seed: 11, now: Date.UTC(2026, 0, 5), userId: 'anna', userName: 'Anna' });
const snake = (field: string) => field.split('.').at(-1)!.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`);

/** What zod makes of the lead a row stands for, as a row again; null when zod refuses it. */
function viaZod(row: unknown[]): LeadRow | null {
  const parsed = Lead.safeParse(fromLeadRow(row as LeadRow));
  return parsed.success ? toLeadRow(parsed.data) : null;
}

// Values a server could send for any field: the right kinds at and past their limits, and the wrong kinds.
const anyValue = fc.oneof(
  fc.constantFrom(null, '', ' ', 'a ', ' a', 'new', 'offered', 'high', 'email', 'DE', 'de', 'anna@example.com', 'not an address', '\u00a0x', 'x\n'),
  fc.string({ maxLength: 30 }),
  fc.string({ minLength: 60, maxLength: 260 }),
  fc.constantFrom(0, -0, -1, 1.5, 100, 100.5, Number.MAX_SAFE_INTEGER, 2 ** 60, Number.NaN, Number.POSITIVE_INFINITY),
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constantFrom([], ['email'], ['email', 'nope'], {}, { a: 1 }, { a: [1] }, { ['k'.repeat(101)]: 1 }, [{ name: 'a', mimeType: 'b', size: 1, ref: 'c' }], [{}]),
  fc.constantFrom(
    [{ name: ' a', mimeType: 'b', size: 1, ref: 'c' }], [{ name: 'a', mimeType: 'b', size: -1, ref: 'c' }], [{ name: 'a', mimeType: 'b', size: 1, ref: 'c', extra: 1 }],
    [{ name: 'a', mimeType: 'b', size: 1 }], [null], JSON.parse('{"__proto__": 1}') as unknown, JSON.parse('[{"name":"a","mimeType":"b","size":1,"ref":"c","__proto__":{}}]') as unknown,
  ),
  fc.dictionary(fc.string({ maxLength: 5 }), fc.oneof(fc.string({ maxLength: 5 }), fc.double(), fc.boolean(), fc.constant(null)), { maxKeys: 3 }),
);

describe('lead rows', () => {
  it('are the workstation column order, field by field', () => {
    expect(LEAD_COLUMNS.map(String)).toEqual(LEAD_ROW_FIELDS.map(snake));
  });

  it('turn a lead into a row and back without loss', () => {
    for (const lead of leads) expect(fromLeadRow(toLeadRow(lead))).toEqual(lead);
  });

  it('accept a stored lead as it is, without a copy', () => {
    for (const lead of leads) {
      const row = JSON.parse(JSON.stringify(toLeadRow(lead))) as unknown[];
      const checked = checkLeadRow(row);
      expect(checked.success && checked.row).toBe(row);
    }
  });

  it('accept exactly what the Lead schema accepts, with its result, whatever one field holds', () => {
    fc.assert(
      fc.property(fc.constantFrom(...leads), fc.nat(LEAD_ROW_FIELDS.length - 1), anyValue, (lead, field, value) => {
        const row: unknown[] = toLeadRow(lead);
        row[field] = value;
        const expected = viaZod(row);
        const checked = checkLeadRow(row);
        if (expected === null) expect(checked.success).toBe(false);
        else expect(checked.success && checked.row).toEqual(expected);
      }),
      { numRuns: 3_000 },
    );
  });

  it.each([
    ['contact.email', 10, 'not an address'],
    ['status', 3, 'lost!'],
    ['score', 5, 101],
    ['custom.industry', 28, { industry: ['nested'] }],
    ['withheld.1', 27, ['email', 'fax']],
  ])('name the field at fault: %s', (field, index, value) => {
    const row: unknown[] = toLeadRow(leads[0]!);
    row[index] = value;
    const checked = checkLeadRow(row);
    expect(checked).toMatchObject({ success: false, field });
    expect(!checked.success && checked.message.startsWith(`${field}: `)).toBe(true);
  });

  it('refuse a row of another length or no row at all', () => {
    expect(checkLeadRow(toLeadRow(leads[0]!).slice(1))).toMatchObject({ success: false, field: '' });
    expect(checkLeadRow({ id: 'x' })).toMatchObject({ success: false, message: expect.stringContaining('32 lead fields') });
  });

  it('trim text as the schema does, leaving the given row untouched', () => {
    const row: unknown[] = toLeadRow(leads[0]!);
    row[6] = '  Anna ';
    const checked = checkLeadRow(row);
    expect(checked.success && checked.row[6]).toBe('Anna');
    expect(row[6]).toBe('  Anna ');
  });
});
