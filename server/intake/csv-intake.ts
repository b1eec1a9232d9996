import { parse } from 'csv-parse/sync';
import { CsvMapping, mapCsvRow, missingColumns } from '../../core/exchange/csv-mapping.ts';
import { HttpError } from '../http/errors.ts';
import { issueError } from '../http/schema.ts';
import type { DecodedRecord } from './intake-service.ts';

/**
 * CSV uploads: a header row, then one lead per row. Problems with the file as a whole (not
 * CSV, a ragged row, a mapping for columns the file lacks) refuse the upload before any row
 * is stored, naming the line; problems in a row's values reject only that row.
 */
export const MAX_CSV_ROWS = 20_000;
const MAX_CELL_CHARS = 20_000;

interface ParsedRow {
  record: string[];
  info: { lines: number };
}

export function parseMappingParam(text: string): CsvMapping {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new HttpError(400, 'invalid_input', 'mapping: must be a JSON object of column header to lead field, e.g. {"E-Mail":"contact.email"}', 'mapping');
  }
  const parsed = CsvMapping.safeParse(value);
  if (!parsed.success) throw issueError(parsed.error, 'mapping');
  return parsed.data;
}

export function decodeCsv(text: string, mapping: CsvMapping): DecodedRecord[] {
  if (text.includes('\u0000')) throw new HttpError(400, 'invalid_input', 'the CSV body contains NUL bytes: it looks like a binary file, not CSV text', 'body');
  let rows: ParsedRow[];
  try {
    rows = parse(text, { bom: true, skip_empty_lines: true, relax_column_count: true, info: true, max_record_size: MAX_CELL_CHARS * 4, to: MAX_CSV_ROWS + 2 }) as unknown as ParsedRow[];
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new HttpError(400, 'invalid_input', `the CSV body could not be read: ${message}`, 'body');
  }
  const [headerRow, ...body] = rows;
  if (!headerRow) throw new HttpError(400, 'invalid_input', 'the CSV body is empty: it needs a header row and one row per lead', 'body');
  if (body.length > MAX_CSV_ROWS) throw new HttpError(413, 'payload_too_large', `the CSV has more than ${MAX_CSV_ROWS} rows; split it into several uploads`, 'body');
  const header = headerRow.record.map((cell) => cell.trim());
  const seen = new Set<string>();
  header.forEach((column, at) => {
    if (!column) throw new HttpError(400, 'invalid_input', `the CSV header has an empty column name at column ${at + 1}`, 'body');
    if (seen.has(column)) throw new HttpError(400, 'invalid_input', `the CSV header names column "${column}" twice`, 'body');
    seen.add(column);
  });
  const missing = missingColumns(mapping, header);
  if (missing.length > 0) {
    throw new HttpError(400, 'invalid_input', `the mapping names column${missing.length > 1 ? 's' : ''} ${missing.map((c) => `"${c}"`).join(', ')} that the CSV header (${header.join(', ')}) does not have`, 'mapping');
  }
  for (const { record, info } of body) {
    if (record.length !== header.length) {
      throw new HttpError(400, 'invalid_input', `line ${info.lines}: has ${record.length} fields but the header has ${header.length}`, 'body');
    }
    const long = record.findIndex((cell) => cell.length > MAX_CELL_CHARS);
    if (long >= 0) throw new HttpError(400, 'invalid_input', `line ${info.lines}: column "${header[long]}" is longer than ${MAX_CELL_CHARS} characters`, 'body');
  }
  return body.map(({ record }) => {
    const row = Object.fromEntries(header.map((column, at) => [column, record[at] ?? '']));
    return { ok: true, value: mapCsvRow(row, mapping), strict: false };
  });
}
