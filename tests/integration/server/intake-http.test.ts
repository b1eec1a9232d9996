import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { buildServer } from '../../../server/build-server.ts';

const ADMIN = 'intake-admin-token';
const auth = { authorization: `Bearer ${ADMIN}` };
const fixturePath = (name: string) => new URL(`../../fixtures/intake/${name}`, import.meta.url);
const fixture = (name: string) => readFileSync(fixturePath(name), 'utf8');

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function makeServer(intake: Parameters<typeof buildServer>[0]['intake'] = {}): Promise<FastifyInstance> {
  const dataDir = mkdtempSync(join(tmpdir(), 'leadrelay-intake-'));
  const app = await buildServer({ role: 'central', dataDir, adminToken: ADMIN, schedulerIntervalMs: 0, intake });
  cleanups.push(() => rmSync(dataDir, { recursive: true, force: true }));
  cleanups.push(() => app.close());
  return app;
}

const post = (app: FastifyInstance, payload: string | object, contentType = 'application/json', headers: Record<string, string> = {}, url = '/api/v1/leads') =>
  app.inject({ method: 'POST', url, headers: { ...auth, 'content-type': contentType, ...headers }, payload: typeof payload === 'string' ? payload : JSON.stringify(payload) });

const count = (app: FastifyInstance, table: string) => app.store.db.prepare(`SELECT count(*) FROM ${table}`).pluck().get() as number;

describe('POST /api/v1/leads: formats', () => {
  it('takes one JSON lead, normalised, with a created history entry and its raw document', async () => {
    const app = await makeServer();
    const response = await post(app, { contact: { firstName: 'ann', lastName: 'LEE', email: ' Ann@Example.COM ', phone: '+49 30 1234567' }, source: 'Web form' });
    expect(response.statusCode).toBe(200);
    const [result] = response.json().results;
    expect(result).toMatchObject({ index: 0, status: 'created', leadId: expect.any(String) });
    const lead = app.intake.leads.get(result.leadId)!;
    expect(lead.contact).toMatchObject({ firstName: 'Ann', lastName: 'Lee', email: 'ann@example.com', phone: '+49301234567', country: 'DE' });
    expect(app.intake.leads.history(lead.id)[0]).toMatchObject({ kind: 'created', actor: 'admin' });
    const raw = app.intake.store.getRaw(String(lead.custom['intake.rawId']))!;
    expect(raw.format).toBe('json');
    expect(JSON.parse(raw.body.toString()).contact.firstName).toBe('ann');
  });

  it('answers a batch per record, naming the field of each rejected one', async () => {
    const app = await makeServer();
    const response = await post(app, { leads: [{ contact: { lastName: 'One', email: 'one@example.com' } }, { contact: { lastName: 'Two', email: 'not-mail' } }, { contact: {} }, { contact: { lastName: 'x'.repeat(300) } }] });
    expect(response.statusCode).toBe(200);
    const results = response.json().results;
    expect(results.map((r: { status: string }) => r.status)).toEqual(['created', 'rejected', 'rejected', 'rejected']);
    expect(results[1]).toMatchObject({ field: 'leads[1].contact.email', reason: 'leads[1].contact.email: "not-mail" is not a valid email address' });
    expect(results[2]).toMatchObject({ field: 'leads[2].contact', reason: expect.stringMatching(/needs at least an email/) });
    expect(results[3].field).toBe('leads[3].contact.lastName');
    expect(count(app, 'leads')).toBe(1);
  });

  it('refuses a single JSON lead with 400 naming the field, storing nothing', async () => {
    const app = await makeServer();
    const response = await post(app, { contact: { lastName: 'Bad', email: 'nope' } });
    expect(response.statusCode).toBe(400);
    expect(response.json().error).toEqual({ code: 'invalid_input', field: 'contact.email', message: 'contact.email: "nope" is not a valid email address' });
    expect(count(app, 'leads') + count(app, 'intake_raw')).toBe(0);
  });

  it('takes our XML format', async () => {
    const app = await makeServer();
    const response = await post(app, fixture('leads.xml'), 'application/xml');
    expect(response.statusCode).toBe(200);
    const results = response.json().results;
    expect(results.map((r: { status: string }) => r.status)).toEqual(['created', 'created']);
    expect(app.intake.leads.get(results[0].leadId)).toMatchObject({ priority: 'high', interest: { size: 40, budget: 12000 }, custom: { segment: 'SMB' } });
  });

  it.each(['sloppy-order.adf.xml', 'multi-prospect.adf.xml', 'bare-prospect.adf.xml'])('reads the sloppy ADF document %s leniently', async (name) => {
    const app = await makeServer({ defaultCountry: 'US' });
    const response = await post(app, fixture(name), 'text/xml');
    expect(response.statusCode).toBe(200);
    const results = response.json().results as Array<{ status: string; leadId?: string; field?: string }>;
    expect(results.filter((r) => r.status === 'created').length).toBeGreaterThan(0);
    for (const result of results.filter((r) => r.leadId)) {
      const lead = app.intake.leads.get(result.leadId!)!;
      expect(app.intake.store.getRaw(String(lead.custom['intake.rawId']))!.format).toBe('adf');
    }
  });

  it('maps the sloppy ADF fields onto the lead', async () => {
    const app = await makeServer();
    const [result] = (await post(app, fixture('sloppy-order.adf.xml'), 'application/xml')).json().results;
    const lead = app.intake.leads.get(result.leadId)!;
    expect(lead.contact).toMatchObject({ firstName: 'Pat', lastName: "O'Brien", email: 'pat.obrien@example.com', phone: '+12125550123', city: 'New York', region: 'US-NY', country: 'US' });
    expect(lead.interest).toMatchObject({ product: '2019 Subaru Outback', budget: 21500 });
    expect(lead.source).toBe('CarsDirect');
    expect(lead.custom).toMatchObject({ 'adf.x.vehicle.odometer': '41000', 'adf.x.tracking': 'CD-99812', 'adf.vendor': 'Main St Subaru' });
  });

  it('rejects, inside a multi-prospect document, only the prospect that cannot be a lead', async () => {
    const app = await makeServer();
    const results = (await post(app, fixture('multi-prospect.adf.xml'), 'application/xml')).json().results;
    expect(results.map((r: { status: string }) => r.status)).toEqual(['created', 'created', 'rejected']);
    expect(results[2].field).toBe('prospects[2].contact');
  });

  it('takes CSV with a mapping in the query, keeping unmapped columns and rejecting bad rows', async () => {
    const app = await makeServer();
    const mapping = { 'E-Mail': 'contact.email', Vorname: 'contact.firstName', Nachname: 'contact.lastName', Firma: 'contact.company', Telefon: 'contact.phone', Land: 'contact.country', Budget: 'interest.budget' };
    const response = await post(app, fixture('leads.csv'), 'text/csv', {}, `/api/v1/leads?mapping=${encodeURIComponent(JSON.stringify(mapping))}`);
    expect(response.statusCode).toBe(200);
    const results = response.json().results;
    expect(results.map((r: { status: string }) => r.status)).toEqual(['created', 'created', 'created']);
    const anna = app.intake.leads.get(results[0].leadId)!;
    expect(anna).toMatchObject({ contact: { firstName: 'Anna', lastName: 'Schmidt', phone: '+49301234567', country: 'DE', company: 'Schmidt & Co. KG' }, interest: { budget: 12500 }, custom: { 'csv.Kampagne': 'spring' } });
    expect(app.intake.leads.get(results[2].leadId)!.custom['invalid.email']).toBe('not-an-email');
  });

  it('uses a mapping saved for the lead source, and answers a CSV without one clearly', async () => {
    const app = await makeServer();
    const created = await app.inject({ method: 'POST', url: '/api/v1/admin/sources', headers: auth, payload: { name: 'Trade fair' } });
    expect(created.statusCode).toBe(201);
    const { source, apiKey } = created.json();
    const noMapping = await post(app, 'E-Mail\na@b.co\n', 'text/csv', { authorization: `Bearer ${apiKey}` });
    expect(noMapping.statusCode).toBe(400);
    expect(noMapping.json().error).toMatchObject({ field: 'mapping', message: expect.stringMatching(/csv-mapping/) });
    const saved = await app.inject({ method: 'PUT', url: `/api/v1/sources/${source.id}/csv-mapping`, headers: { authorization: `Bearer ${apiKey}` }, payload: { 'E-Mail': 'contact.email', Name: 'contact.lastName' } });
    expect(saved.statusCode).toBe(200);
    const response = await post(app, 'E-Mail,Name\nzed@example.com,Zed\n', 'text/csv', { authorization: `Bearer ${apiKey}` });
    expect(response.statusCode).toBe(200);
    const lead = app.intake.leads.get(response.json().results[0].leadId)!;
    expect(lead).toMatchObject({ source: 'Trade fair', contact: { lastName: 'Zed' } });
    expect(app.intake.leads.history(lead.id)[0]!.actor).toBe(`source:${source.id}`);
  });
});

describe('POST /api/v1/leads: access', () => {
  it('needs a source key or the administrator token', async () => {
    const app = await makeServer();
    const none = await app.inject({ method: 'POST', url: '/api/v1/leads', payload: { contact: { lastName: 'X' } } });
    expect(none.statusCode).toBe(401);
    const wrong = await app.inject({ method: 'POST', url: '/api/v1/leads', headers: { authorization: 'Bearer lrs_nope' }, payload: { contact: { lastName: 'X' } } });
    expect(wrong.statusCode).toBe(401);
    expect(count(app, 'leads')).toBe(0);
  });
});

describe('POST /api/v1/leads: idempotency', () => {
  it('replays a retried request and creates nothing twice; a reused key with another body is 422', async () => {
    const app = await makeServer();
    const body = { leads: [{ contact: { lastName: 'Retry', email: 'retry@example.com' } }] };
    const first = await post(app, body, 'application/json', { 'idempotency-key': 'abc-1' });
    const again = await post(app, body, 'application/json', { 'idempotency-key': 'abc-1' });
    expect(again.statusCode).toBe(200);
    expect(again.json()).toEqual(first.json());
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(count(app, 'leads')).toBe(1);
    expect(app.store.db.prepare("SELECT count(*) FROM lead_history WHERE kind = 'created'").pluck().get()).toBe(1);
    const other = await post(app, { leads: [{ contact: { lastName: 'Other' } }] }, 'application/json', { 'idempotency-key': 'abc-1' });
    expect(other.statusCode).toBe(422);
    expect(other.json().error).toMatchObject({ field: 'idempotency-key', message: expect.stringMatching(/different request body/) });
    expect(count(app, 'leads')).toBe(1);
  });
});

describe('POST /api/v1/leads: dedupe and enrichment', () => {
  it('merges a duplicate into the stored lead, keeping both histories and filling what was missing', async () => {
    const app = await makeServer();
    const first = (await post(app, { contact: { firstName: 'Maria', lastName: 'Gonzalez', email: 'maria@gonzalez.example' } })).json().results[0];
    const second = (await post(app, { contact: { firstName: 'maria', lastName: 'gonzalez', email: 'MARIA@gonzalez.example', phone: '+34 912 345 678', company: 'Gonzalez SL' }, source: 'Fair' })).json().results[0];
    expect(second).toMatchObject({ status: 'merged', leadId: first.leadId });
    const lead = app.intake.leads.get(first.leadId)!;
    expect(lead.contact).toMatchObject({ phone: '+34912345678', company: 'Gonzalez SL' });
    const history = app.intake.leads.history(first.leadId);
    expect(history.filter((h) => h.kind === 'created')).toHaveLength(1);
    expect(history.find((h) => h.data.event === 'merged')!.data).toMatchObject({ event: 'merged', filled: expect.arrayContaining(['contact.phone', 'contact.company']) });
    expect(app.intake.store.rawIdsOf(first.leadId)).toHaveLength(2);
    expect(count(app, 'leads')).toBe(1);
  });

  it('holds a likely-but-unsure duplicate for review and lists it', async () => {
    const app = await makeServer();
    const first = (await post(app, { contact: { firstName: 'Jonathan', lastName: 'Miller', company: 'Northwind' } })).json().results[0];
    const second = (await post(app, { contact: { firstName: 'Jon', lastName: 'Miller', company: 'Northwind Traders', email: 'jm@northwind.example' } })).json().results[0];
    expect(second).toMatchObject({ status: 'review', matchedLeadId: first.leadId });
    expect(second.leadId).not.toBe(first.leadId);
    const review = await app.inject({ method: 'GET', url: '/api/v1/review', headers: auth });
    expect(review.statusCode).toBe(200);
    expect(review.json().items).toEqual([expect.objectContaining({ leadId: second.leadId, candidates: [expect.objectContaining({ id: first.leadId })] })]);
  });

  it('finds duplicates among leads stored before the server started', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'leadrelay-intake-'));
    cleanups.push(() => rmSync(dataDir, { recursive: true, force: true }));
    const before = await buildServer({ role: 'central', dataDir, adminToken: ADMIN, schedulerIntervalMs: 0 });
    const first = (await post(before, { contact: { lastName: 'Early', email: 'early@example.com' } })).json().results[0];
    await before.close();
    const after = await buildServer({ role: 'central', dataDir, adminToken: ADMIN, schedulerIntervalMs: 0 });
    cleanups.push(() => after.close());
    expect((await post(after, { contact: { lastName: 'Early', email: 'EARLY@example.com' } })).json().results[0]).toMatchObject({ status: 'merged', leadId: first.leadId });
  });

  it('enriches from the company lookup file', async () => {
    const app = await makeServer({ companiesCsv: new URL(fixturePath('companies.csv')).pathname });
    const [result] = (await post(app, fixture('leads.xml'), 'application/xml')).json().results;
    expect(app.intake.leads.get(result.leadId)!.custom).toMatchObject({ 'company.industry': 'Logistics', 'company.size': 40, 'company.hq': 'Stockholm' });
  });
});
