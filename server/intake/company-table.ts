import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { buildCompanyTable, type CompanyTable } from '../../core/quality/enrich.ts';

/**
 * The enrichment lookup: a CSV file with a `company` column (plus `industry`, `size`, and any
 * other columns to copy onto matching leads), read once at startup. A file that cannot be
 * read stops the start: running without the enrichment an operator configured would be a
 * silent surprise.
 */
export function loadCompanyTable(path: string): CompanyTable {
  let rows: Array<Record<string, string>>;
  try {
    rows = parse(readFileSync(path, 'utf8'), { bom: true, columns: (header: string[]) => header.map((h) => h.trim().toLowerCase()), skip_empty_lines: true, trim: true }) as Array<Record<string, string>>;
  } catch (error) {
    throw new Error(`the company lookup file ${path} could not be read: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
  if (rows.length > 0 && !('company' in rows[0]!)) throw new Error(`the company lookup file ${path} needs a "company" column`);
  return buildCompanyTable(rows);
}
