import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { v7 as uuidv7 } from 'uuid';
import { Lead } from '../../../core/lead/lead.ts';
import { buildServer, type BuildServerOptions } from '../../../server/build-server.ts';
import { leadRows } from '../../../server/store/lead-rows.ts';

/** A real server on a temp data dir, a settable clock, and shortcuts for the admin API. */
export const ADMIN_TOKEN = 'test-admin-token-0123456789';
export const T0 = Date.UTC(2026, 2, 2, 9, 0, 0); // a Monday, 09:00 UTC

export interface Harness {
  app: FastifyInstance;
  dataDir: string;
  clock: { now: number };
  admin(method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE', url: string, body?: unknown): Promise<LightMyRequestResponse>;
  as(token: string, method: 'GET' | 'POST', url: string, body?: unknown): Promise<LightMyRequestResponse>;
  login(email: string, password: string): Promise<string>;
  /** Stores a new lead the way intake does, then hands it to the router. */
  arrive(fields?: Partial<{ firstName: string; lastName: string; email: string; phone: string; country: string; company: string }>): Promise<string>;
  restart(): Promise<void>;
  close(): Promise<void>;
}

let sequence = 0;
export async function startHarness(options: Partial<BuildServerOptions> & { dataDir?: string; clock?: { now: number } } = {}): Promise<Harness> {
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'leadrelay-routing-'));
  const clock = options.clock ?? { now: T0 };
  const build = () => buildServer({ role: 'central', dataDir, adminToken: ADMIN_TOKEN, schedulerIntervalMs: 0, ...options, now: () => clock.now });
  const harness: Harness = {
    app: await build(),
    dataDir,
    clock,
    admin: (method, url, body) =>
      harness.app.inject({ method, url, headers: { authorization: `Bearer ${ADMIN_TOKEN}` }, ...(body === undefined ? {} : { payload: body as object }) }),
    as: (token, method, url, body) => harness.app.inject({ method, url, headers: { authorization: `Bearer ${token}` }, ...(body === undefined ? {} : { payload: body as object }) }),
    login: async (email, password) => {
      const response = await harness.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email, password } });
      if (response.statusCode !== 200) throw new Error(`login failed: ${response.body}`);
      return response.json().token as string;
    },
    arrive: async (fields = {}) => {
      const id = `lead-${++sequence}-${clock.now}`;
      const lead = Lead.parse({
        id, createdAt: clock.now, updatedAt: clock.now, status: 'new', priority: 'normal', score: 50,
        contact: { firstName: fields.firstName ?? 'Jane', lastName: fields.lastName ?? 'Doe', email: fields.email ?? null, phone: fields.phone ?? null, country: fields.country ?? 'DE', company: fields.company ?? 'Acme' },
        interest: {},
      });
      const db = harness.app.store.db;
      db.transaction(() => {
        leadRows(db).save(lead);
        leadRows(db).appendHistory([{ id: uuidv7(), leadId: id, at: clock.now, actor: 'test', kind: 'created', summary: 'Created by the test', reason: null, data: {} }]);
      })();
      harness.app.lifecycle.onLeadArrived(id);
      return id;
    },
    restart: async () => {
      await harness.app.close();
      harness.app = await build();
      await harness.app.ready();
    },
    close: async () => {
      await harness.app.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
  await harness.app.ready();
  return harness;
}

/** Test answers are read loosely, as parsed JSON. */
type Json = ReturnType<typeof JSON.parse>;

export async function expectOk(response: Promise<LightMyRequestResponse>, status = 200): Promise<Json> {
  const answer = await response;
  if (answer.statusCode !== status) throw new Error(`expected ${status}, got ${answer.statusCode}: ${JSON.stringify(answer.json())}`);
  return answer.json<Json>();
}

/** Users (with passwords when given), a box tree and optionally classes and rules. */
export async function seed(h: Harness, setup: { users?: Array<Record<string, unknown>>; boxes?: Array<Record<string, unknown>>; classes?: Record<string, string[]>; rules?: unknown[] }): Promise<void> {
  for (const user of setup.users ?? []) await expectOk(h.admin('POST', '/api/v1/admin/users', user), 201);
  for (const box of setup.boxes ?? []) await expectOk(h.admin('POST', '/api/v1/admin/boxes', box), 201);
  for (const [id, members] of Object.entries(setup.classes ?? {})) await expectOk(h.admin('PUT', `/api/v1/admin/classes/${id}`, { name: id, members }));
  if (setup.rules) await expectOk(h.admin('PUT', '/api/v1/admin/rules', { version: 1, rules: setup.rules }));
}

export function rule(id: string, actions: unknown[], extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { id, name: id, category: 'assignment', event: 'arrived', scope: { kind: 'global' }, ownerId: 'admin', enabled: true, order: 10, actions, ...extra };
}
