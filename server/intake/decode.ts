import { looksLikeAdf, readAdf } from '../../core/exchange/adf-read.ts';
import { readLeadsXml } from '../../core/exchange/lead-xml.ts';
import { XmlError, type XmlLimits } from '../../core/exchange/xml-guard.ts';
import { HttpError } from '../http/errors.ts';
import { parseJsonBody } from '../http/json-body.ts';
import type { CsvMapping } from '../../core/exchange/csv-mapping.ts';
import { decodeCsv } from './csv-intake.ts';
import type { IntakeFormat } from './intake-store.ts';
import type { DecodedRecord } from './intake-service.ts';
import { jsonNestedDeeperThan } from '../../core/exchange/json-depth.ts';

/** A request body read into records, by its content type. */
export interface DecodedBody {
  format: IntakeFormat;
  /** Names records in messages: `leads[2]`, `rows[2]`, `prospects[2]`. */
  label: string;
  /** A single JSON lead (not a batch): its refusal is the request's refusal. */
  single: boolean;
  records: DecodedRecord[];
}

export const MAX_BATCH_RECORDS = 20_000;
export const INTAKE_MEDIA_TYPES = ['application/json', 'application/xml', 'text/xml', 'application/adf+xml', 'text/csv'] as const;

const utf8 = new TextDecoder('utf-8', { fatal: true });

export function bodyText(body: Buffer): string {
  try {
    return utf8.decode(body);
  } catch {
    throw new HttpError(400, 'invalid_input', 'the request body is not UTF-8 text', 'body');
  }
}

export const MAX_JSON_DEPTH = 32;

function decodeJson(text: string): DecodedBody {
  if (jsonNestedDeeperThan(text, MAX_JSON_DEPTH)) throw new HttpError(400, 'invalid_json', `the JSON body is nested deeper than ${MAX_JSON_DEPTH} levels`, 'body');
  const value = parseJsonBody(text);
  const batch = Array.isArray(value) ? value : typeof value === 'object' && value !== null && 'leads' in value ? (value as { leads: unknown }).leads : null;
  if (batch === null) return { format: 'json', label: 'lead', single: true, records: [{ ok: true, value, strict: true }] };
  if (!Array.isArray(batch)) throw new HttpError(400, 'invalid_input', 'leads: must be an array of leads', 'leads');
  if (batch.length === 0) throw new HttpError(400, 'invalid_input', 'leads: must contain at least one lead', 'leads');
  if (batch.length > MAX_BATCH_RECORDS) throw new HttpError(413, 'payload_too_large', `leads: at most ${MAX_BATCH_RECORDS} leads per request`, 'leads');
  return { format: 'json', label: 'leads', single: false, records: batch.map((item) => ({ ok: true, value: item, strict: true })) };
}

function decodeXml(text: string, limits: XmlLimits): DecodedBody {
  try {
    if (looksLikeAdf(text)) {
      const prospects = readAdf(text, limits);
      if (prospects.length > MAX_BATCH_RECORDS) throw new HttpError(413, 'payload_too_large', `at most ${MAX_BATCH_RECORDS} prospects per document`, 'body');
      return { format: 'adf', label: 'prospects', single: false, records: prospects.map((p) => ({ ok: true, value: p.value, strict: false, warnings: p.warnings })) };
    }
    const leads = readLeadsXml(text, limits);
    if (leads.length === 0) throw new HttpError(400, 'invalid_input', '<leads> contains no <lead>', 'body');
    if (leads.length > MAX_BATCH_RECORDS) throw new HttpError(413, 'payload_too_large', `at most ${MAX_BATCH_RECORDS} leads per document`, 'body');
    return { format: 'xml', label: 'leads', single: false, records: leads.map((lead) => (lead.ok ? { ok: true, value: lead.value, strict: true } : lead)) };
  } catch (error) {
    if (error instanceof XmlError) throw new HttpError(400, 'invalid_input', error.message, error.path || 'body');
    throw error;
  }
}

export function mediaType(contentType: string | undefined): string {
  return (contentType ?? '').split(';')[0]!.trim().toLowerCase();
}

export function decodeIntakeBody(body: Buffer, contentType: string, csvMapping: () => CsvMapping, limits: XmlLimits): DecodedBody {
  const type = mediaType(contentType);
  const text = bodyText(body);
  if (type === 'application/json') return decodeJson(text);
  if (type === 'text/csv') return { format: 'csv', label: 'rows', single: false, records: decodeCsv(text, csvMapping()) };
  if (type === 'application/xml' || type === 'text/xml' || type === 'application/adf+xml') return decodeXml(text, limits);
  throw new HttpError(415, 'unsupported_media_type', `content-type must be one of ${INTAKE_MEDIA_TYPES.join(', ')} (got "${type || 'none'}")`, 'content-type');
}
