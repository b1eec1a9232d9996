import { z } from 'zod';
import type { CustomValue } from '../lead/lead.ts';

/**
 * Which CSV column feeds which lead field. A mapping is `{ "<column header>": "<target>" }`;
 * targets are `contact.<field>`, `interest.<field>`, `source`, `campaign`, `priority`,
 * `custom.<name>`, or `ignore`. Columns not in the mapping are kept as `csv.<header>` custom
 * fields, so a new column in a source's export is visible rather than lost.
 */
export const CSV_TARGETS = [
  ...['firstName', 'lastName', 'company', 'title', 'email', 'phone', 'street', 'city', 'region', 'postalCode', 'country'].map((f) => `contact.${f}`),
  ...['product', 'size', 'timeframe', 'budget'].map((f) => `interest.${f}`),
  'source',
  'campaign',
  'priority',
  'ignore',
] as const;

const Target = z.string().refine((target) => (CSV_TARGETS as readonly string[]).includes(target) || /^custom\.[\w.-]{1,90}$/.test(target), {
  message: `must be one of ${CSV_TARGETS.join(', ')} or custom.<name>`,
});

export const CsvMapping = z
  .record(z.string().min(1).max(200), Target)
  .refine((mapping) => Object.keys(mapping).length > 0 && Object.keys(mapping).length <= 200, 'must map 1 to 200 columns');
export type CsvMapping = z.infer<typeof CsvMapping>;

export const MAX_UNMAPPED_CSV_COLUMNS = 40;

/** Mapped columns the header lacks: a mapping for another export layout, answered before any row is read. */
export function missingColumns(mapping: CsvMapping, header: readonly string[]): string[] {
  const present = new Set(header.map((column) => column.trim()));
  return Object.keys(mapping).filter((column) => !present.has(column.trim()));
}

const NUMBER_TARGETS = new Set(['interest.size', 'interest.budget']);
/** "12,500" and "12 500" are numbers; anything else stays text so validation names the cell. */
const numberOrText = (value: string): number | string => {
  const digits = value.replace(/[ ,_]/g, '');
  return /^\d+(\.\d+)?$/.test(digits) ? Number(digits) : value;
};

/** One row (header → cell) as an IncomingLead-shaped object, not yet validated. */
export function mapCsvRow(row: Readonly<Record<string, string>>, mapping: CsvMapping): Record<string, unknown> {
  const contact: Record<string, string> = {};
  const interest: Record<string, string | number> = {};
  const custom: Record<string, CustomValue> = {};
  const out: Record<string, unknown> = { contact, interest, custom };
  const byColumn = new Map(Object.entries(mapping).map(([column, target]) => [column.trim(), target]));
  let unmapped = 0;
  for (const [header, cell] of Object.entries(row)) {
    const value = cell.trim();
    const target = byColumn.get(header.trim());
    if (target === 'ignore' || value === '') continue;
    if (!target) {
      if (unmapped++ < MAX_UNMAPPED_CSV_COLUMNS) custom[`csv.${header.trim()}`.slice(0, 100)] = value.slice(0, 2000);
      continue;
    }
    const dot = target.indexOf('.');
    const [group, field] = [target.slice(0, dot), target.slice(dot + 1)];
    if (dot < 0) out[target] = value;
    else if (group === 'contact') contact[field] = value;
    else if (group === 'interest') interest[field] = NUMBER_TARGETS.has(target) ? numberOrText(value) : value;
    else custom[field] = value.slice(0, 2000);
  }
  return out;
}
