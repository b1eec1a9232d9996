import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { buildServer } from '../../../server/build-server.ts';

const ADMIN = 'hostile-admin-token';
const fixture = (name: string) => readFileSync(new URL(`../../fixtures/intake/${name}`, import.meta.url), 'utf8');
const CSV_MAPPING = encodeURIComponent(JSON.stringify({ 'E-Mail': 'contact.email', Vorname: 'contact.firstName' }));

let app: FastifyInstance;
let dataDir: string;
beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'leadrelay-hostile-'));
  app = await buildServer({ role: 'central', dataDir, adminToken: ADMIN, schedulerIntervalMs: 0, intake: { bodyLimit: 256 * 1024 } });
});
afterAll(async () => {
  await app.close();
  rmSync(dataDir, { recursive: true, force: true });
});

const post = (payload: string | Buffer, contentType: string, url = '/api/v1/leads') =>
  app.inject({ method: 'POST', url, headers: { authorization: `Bearer ${ADMIN}`, 'content-type': contentType }, payload });

const stored = () => app.store.db.prepare('SELECT (SELECT count(*) FROM leads) + (SELECT count(*) FROM intake_raw)').pluck().get();

describe('hostile intake is refused with 4xx, a clear message, and nothing stored', () => {
  it.each([
    ['billion laughs', fixture('billion-laughs.xml'), /DOCTYPE/],
    ['an external entity', fixture('external-entity.xml'), /DOCTYPE/],
    ['an entity declaration without DOCTYPE', '<!ENTITY x "y"><adf/>', /DOCTYPE or entity/],
    ['malformed XML', '<adf><prospect><customer></prospect></adf>', /not well-formed/],
    ['an unterminated tag', '<adf><prospect', /not well-formed/],
    ['deep nesting', `<adf>${'<x>'.repeat(5000)}${'</x>'.repeat(5000)}</adf>`, /nested deeper than 24 levels/],
    ['too many attributes', `<adf><prospect ${Array.from({ length: 50 }, (_, i) => `a${i}="v"`).join(' ')}/></adf>`, /more than 32 attributes/],
    ['an oversized field', `<adf><prospect><customer><contact><name>${'A'.repeat(25_000)}</name></contact></customer></prospect></adf>`, /longer than 20000/],
    ['a CDATA bomb', `<adf><prospect><comments><![CDATA[${'x'.repeat(25_000)}]]></comments></prospect></adf>`, /longer than 20000/],
    ['our XML of another version', '<leads version="9"><lead/></leads>', /version 1/],
    ['a processing-instruction trick', '<adf><?evil <!DOCTYPE x>?></adf>', /DOCTYPE/],
  ])('XML with %s', async (_what, body, message) => {
    const response = await post(body, 'application/xml');
    expect(response.statusCode).toBe(400);
    expect(response.json().error).toMatchObject({ code: 'invalid_input', message: expect.stringMatching(message) });
    expect(stored()).toBe(0);
  });

  it('an oversized body answers 413 naming the intake limit', async () => {
    const response = await post(`<adf>${' '.repeat(300 * 1024)}</adf>`, 'application/xml');
    expect(response.statusCode).toBe(413);
    expect(response.json().error.message).toBe('request body is larger than the intake limit of 262144 bytes');
    expect(stored()).toBe(0);
  });

  it('deeply nested JSON and oversized JSON fields', async () => {
    const deep = await post(`{"contact":${'['.repeat(3000)}${']'.repeat(3000)}}`, 'application/json');
    expect(deep.statusCode).toBe(400);
    expect(deep.json().error).toEqual({ code: 'invalid_json', field: 'body', message: 'the JSON body is nested deeper than 32 levels' });
    const long = await post(JSON.stringify({ contact: { lastName: 'L', email: `${'a'.repeat(400)}@example.com` } }), 'application/json');
    expect(long.statusCode).toBe(400);
    expect(long.json().error).toMatchObject({ field: 'contact.email', message: expect.stringMatching(/^contact\.email: /) });
    const poisoned = await post('{"contact":{"lastName":"P"},"__proto__":{"x":1}}', 'application/json');
    expect(poisoned.statusCode).toBe(400);
    expect(stored()).toBe(0);
  });

  it.each([
    ['ragged rows', fixture('ragged.csv'), /line 3: has 1 fields but the header has 2/],
    ['an unclosed quote', 'E-Mail,Vorname\n"x@y.z,X\n', /could not be read: Quote Not Closed/],
    ['binary content', Buffer.from([0x45, 0x2d, 0x4d, 0x61, 0x69, 0x6c, 0x0a, 0x00, 0xff, 0x00]), /not UTF-8|NUL bytes/],
    ['a duplicated header', 'E-Mail,Vorname,Vorname\na@b.co,A,B\n', /names column "Vorname" twice/],
    ['only a header', '', /empty/],
  ])('CSV with %s', async (_what, body, message) => {
    const response = await post(body, 'text/csv', `/api/v1/leads?mapping=${CSV_MAPPING}`);
    expect(response.statusCode).toBe(400);
    expect(response.json().error.message).toMatch(message);
    expect(stored()).toBe(0);
  });

  it('CSV whose mapping names columns the file lacks, or fields that do not exist', async () => {
    const missing = await post('Mail,Name\na@b.co,A\n', 'text/csv', `/api/v1/leads?mapping=${CSV_MAPPING}`);
    expect(missing.statusCode).toBe(400);
    expect(missing.json().error).toMatchObject({ field: 'mapping', message: 'the mapping names columns "E-Mail", "Vorname" that the CSV header (Mail, Name) does not have' });
    const badTarget = await post('Mail\na@b.co\n', 'text/csv', `/api/v1/leads?mapping=${encodeURIComponent('{"Mail":"contact.mail"}')}`);
    expect(badTarget.statusCode).toBe(400);
    expect(badTarget.json().error.field).toBe('mapping.Mail');
    expect(stored()).toBe(0);
  });

  it('an unsupported content type answers 415', async () => {
    const response = await post('hello', 'text/plain');
    expect(response.statusCode).toBe(415);
    expect(response.json().error).toMatchObject({ code: 'unsupported_media_type', field: 'content-type' });
  });
});
