import { createHash } from 'node:crypto';
import { z } from 'zod';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { CsvMapping } from '../../core/exchange/csv-mapping.ts';
import { DEFAULT_XML_LIMITS, type XmlLimits } from '../../core/exchange/xml-guard.ts';
import type { Thresholds } from '../../core/quality/dedupe.ts';
import { HttpError } from '../http/errors.ts';
import { routeSchema } from '../http/openapi.ts';
import { jsonSchema } from '../http/schema.ts';
import { loadCompanyTable } from '../intake/company-table.ts';
import { parseMappingParam } from '../intake/csv-intake.ts';
import { decodeIntakeBody, mediaType, type DecodedBody } from '../intake/decode.ts';
import { intakeCallerResolver, type IntakeCaller } from '../intake/intake-auth.ts';
import { createIntakeService, type IntakeService, type RecordResult } from '../intake/intake-service.ts';
import { createMailboxPoller, type MailboxOptions } from '../intake/mailbox.ts';
import { createReviewResolver } from '../intake/review.ts';

declare module 'fastify' {
  interface FastifyInstance {
    intake: IntakeService;
  }
}

export interface IntakeOptions {
  /** CSV of companies for enrichment (LEADRELAY_COMPANIES_CSV). */
  companiesCsv?: string | null;
  thresholds?: Thresholds;
  /** Country for phone numbers written without an international prefix. */
  defaultCountry?: string | null;
  /** Largest intake body in bytes (default 10 MiB). */
  bodyLimit?: number;
  xmlLimits?: Partial<XmlLimits>;
  /** Told about each newly created lead after commit; defaults to `app.lifecycle.onLeadArrived` (server/lifecycle.ts). */
  onLeadStored?: (leadId: string) => void;
  /** Email intake: poll this IMAP mailbox while the server runs. */
  mailbox?: MailboxOptions | null;
}

export const DEFAULT_INTAKE_BODY_LIMIT = 10 * 1024 * 1024;

const RecordResultSchema = z.object({
  index: z.number().int(),
  status: z.enum(['created', 'merged', 'review', 'rejected']),
  leadId: z.string().optional(),
  matchedLeadId: z.string().optional(),
  field: z.string().optional().describe('For rejected records: the field at fault, e.g. "leads[3].contact.email".'),
  reason: z.string().optional(),
  warnings: z.array(z.string()).optional().describe('Values left out of a leniently read record (kept under custom "invalid.<field>").'),
});
export const IntakeResponse = z.object({ results: z.array(RecordResultSchema) }).describe('One result per record, in the order sent.');

const IntakeQuery = z.object({
  mapping: z.string().max(20_000).optional().describe('CSV only: JSON object of column header → lead field; otherwise the source\'s saved mapping is used.'),
  sourceId: z.string().max(64).optional().describe('CSV only, administrator: whose saved mapping to use.'),
});
const IntakeHeaders = z.looseObject({
  'idempotency-key': z.string().min(1).max(200).optional().describe('Retrying with the same key and body replays the first answer and creates nothing twice.'),
});
const SourceParams = z.object({ id: z.string().min(1).max(64) });
const ReviewQuery = z.object({ limit: z.coerce.number().int().min(1).max(500).default(100), after: z.string().max(64).optional() });
const ReviewParams = z.object({ id: z.string().min(1).max(64) });
const ReviewResolution = z.discriminatedUnion('decision', [
  z.strictObject({ decision: z.literal('new').describe('Not a duplicate: route the held lead as a new lead.') }),
  z.strictObject({ decision: z.literal('merge'), into: z.string().min(1).max(64).describe("One of the review's candidates; the held lead is merged into it and removed.") }),
]);
const ReviewOutcomeBody = z.object({ decision: z.enum(['new', 'merge']), leadId: z.string().describe('The lead that stays: the held one (new) or the candidate (merge).'), mergedFrom: z.string().optional() });
const ReviewItem = z.object({
  id: z.string(),
  leadId: z.string(),
  createdAt: z.number(),
  candidates: z.array(z.object({ id: z.string(), score: z.number(), reasons: z.array(z.object({ field: z.string(), similarity: z.number() })) })),
});

function respond(decoded: DecodedBody) {
  return (results: RecordResult[]) => {
    const [first] = results;
    // A single lead that is refused is a refused request: nothing is stored and the caller gets the field.
    if (decoded.single && first?.status === 'rejected') throw new HttpError(400, 'invalid_input', first.reason!.replace(/^lead\[0\]\./, ''), first.field!.replace(/^lead\[0\]\./, ''));
    return { statusCode: 200, body: { results } };
  };
}

const requestHash = (request: FastifyRequest, body: Buffer) =>
  createHash('sha256').update(`${mediaType(request.headers['content-type'])}\n${JSON.stringify(request.query)}\n`).update(body).digest('hex');

export async function intakeRoutes(app: FastifyInstance, options: IntakeOptions & { now: () => number; newId: () => string }): Promise<void> {
  const bodyLimit = options.bodyLimit ?? DEFAULT_INTAKE_BODY_LIMIT;
  const xmlLimits: XmlLimits = { ...DEFAULT_XML_LIMITS, maxChars: bodyLimit, ...options.xmlLimits };
  const lifecycle = () => (app as unknown as { lifecycle?: { onLeadArrived(leadId: string): unknown } }).lifecycle;
  const notify = options.onLeadStored ?? ((leadId: string) => lifecycle()?.onLeadArrived(leadId));
  // The lead is stored by now: a routing failure is logged (the lead waits as 'new'), never answered as a failed intake.
  const onLeadStored = (leadId: string) => {
    try {
      const arrived = notify(leadId) as unknown;
      if (arrived instanceof Promise) arrived.catch((error: unknown) => app.log.error({ err: error, leadId }, 'routing a new lead failed'));
    } catch (error) {
      app.log.error({ err: error, leadId }, 'routing a new lead failed');
    }
  };
  const service = createIntakeService({
    db: app.store.db,
    now: options.now,
    newId: options.newId,
    thresholds: options.thresholds,
    companies: options.companiesCsv ? loadCompanyTable(options.companiesCsv) : null,
    defaultCountry: options.defaultCountry,
    onLeadStored,
  });
  app.decorate('intake', service);
  const resolveReview = createReviewResolver({ db: app.store.db, service, now: options.now, newId: options.newId, defaultCountry: options.defaultCountry, onLeadStored });
  if (options.mailbox) {
    const poller = createMailboxPoller(options.mailbox, { intake: service, db: app.store.db, now: options.now, log: app.log });
    app.addHook('onReady', async () => poller.start());
    app.addHook('preClose', async () => poller.stop());
  }
  const caller = intakeCallerResolver(app);
  const adminOnly = async (request: FastifyRequest): Promise<IntakeCaller> => {
    const who = await caller(request);
    if (who.principal !== 'admin') throw new HttpError(403, 'forbidden', 'this endpoint needs the administrator token');
    return who;
  };

  await app.register(async (raw) => {
    // Intake reads the body itself, by content type, from the exact bytes (kept as the raw document).
    raw.removeAllContentTypeParsers();
    raw.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit }, (_request, body, done) => done(null, body));
    raw.post(
      '/api/v1/leads',
      {
        bodyLimit,
        errorHandler: (error: FastifyError, _request, reply: FastifyReply) => {
          if (error.code !== 'FST_ERR_CTP_BODY_TOO_LARGE') throw error;
          void reply.status(413).send(new HttpError(413, 'payload_too_large', `request body is larger than the intake limit of ${bodyLimit} bytes`).toBody());
        },
        schema: routeSchema({
          summary: 'Take in leads: JSON, LeadRelay XML, ADF or CSV',
          description: 'See docs/intake.md. Answers per record; a single JSON lead that is refused answers 400.',
          tags: ['intake'],
          querystring: jsonSchema(IntakeQuery),
          headers: jsonSchema(IntakeHeaders),
          response: { 200: jsonSchema(IntakeResponse, 'output') },
        }),
      },
      async (request, reply) => {
        const who = await caller(request);
        const body = request.body instanceof Buffer ? request.body : Buffer.alloc(0);
        if (body.length === 0) throw new HttpError(400, 'invalid_input', 'the request body is empty', 'body');
        const { mapping, sourceId } = request.query as z.infer<typeof IntakeQuery>;
        const csvMapping = () => {
          if (mapping !== undefined) return parseMappingParam(mapping);
          const owner = who.sourceId ?? sourceId ?? null;
          const saved = owner ? service.store.getCsvMapping(owner) : null;
          if (!saved) throw new HttpError(400, 'invalid_input', 'mapping: CSV needs a column mapping: pass ?mapping={...} or save one with PUT /api/v1/sources/{id}/csv-mapping', 'mapping');
          return saved;
        };
        const contentType = request.headers['content-type'] ?? '';
        const decoded = decodeIntakeBody(body, contentType, csvMapping, xmlLimits);
        const key = (request.headers as z.infer<typeof IntakeHeaders>)['idempotency-key'];
        const outcome = service.ingest({
          records: decoded.records,
          raw: { format: decoded.format, contentType: contentType.slice(0, 200), body },
          actor: who.actor,
          sourceId: who.sourceId,
          sourceName: who.sourceName,
          label: decoded.label,
          idempotency: key ? { principal: who.principal, key, requestHash: requestHash(request, body) } : undefined,
          respond: respond(decoded),
        });
        if (outcome.kind === 'key-reused') {
          throw new HttpError(422, 'conflict', 'idempotency-key: this key was already used with a different request body; use a new key for a new request', 'idempotency-key');
        }
        if (outcome.kind === 'replay') void reply.header('idempotent-replayed', 'true');
        return reply.status(outcome.statusCode).send(outcome.body);
      },
    );
  });

  app.put(
    '/api/v1/sources/:id/csv-mapping',
    {
      schema: routeSchema({
        summary: "Save a lead source's CSV column mapping",
        tags: ['intake'],
        params: jsonSchema(SourceParams),
        body: jsonSchema(CsvMapping),
        response: { 200: jsonSchema(z.object({ sourceId: z.string(), mapping: CsvMapping }), 'output') },
      }),
    },
    async (request) => {
      const who = await caller(request);
      const { id } = request.params as z.infer<typeof SourceParams>;
      if (who.principal !== 'admin' && who.sourceId !== id) throw new HttpError(403, 'forbidden', 'a lead source may only set its own CSV mapping');
      if (!app.org.credentials.source(id)) throw new HttpError(404, 'not_found', `no lead source with id "${id}"`, 'id');
      const mapping = request.body as CsvMapping;
      service.store.saveCsvMapping(id, mapping, options.now());
      return { sourceId: id, mapping };
    },
  );

  app.get(
    '/api/v1/review',
    {
      schema: routeSchema({
        summary: 'Leads held for review as possible duplicates',
        tags: ['intake'],
        querystring: jsonSchema(ReviewQuery),
        response: { 200: jsonSchema(z.object({ items: z.array(ReviewItem), next: z.string().nullable() }), 'output') },
      }),
    },
    async (request) => {
      await adminOnly(request);
      const { limit, after } = request.query as z.infer<typeof ReviewQuery>;
      const items = service.store.openReviews(limit, after ?? null);
      return { items, next: items.length === limit ? items.at(-1)!.id : null };
    },
  );

  app.post(
    '/api/v1/review/:id/resolve',
    {
      schema: routeSchema({
        summary: 'Resolve a lead held for review: a new lead after all (routed now), or merged into one of the candidates',
        tags: ['intake'],
        params: jsonSchema(ReviewParams),
        body: jsonSchema(ReviewResolution),
        response: { 200: jsonSchema(ReviewOutcomeBody, 'output') },
      }),
    },
    async (request) => {
      await adminOnly(request);
      const { id } = request.params as z.infer<typeof ReviewParams>;
      return resolveReview(id, request.body as z.infer<typeof ReviewResolution>, 'admin');
    },
  );
}

// Like fastify-plugin: `app.intake` is for the whole server (the mailbox poller, benches), not only this plugin.
Object.assign(intakeRoutes, { [Symbol.for('skip-override')]: true });
