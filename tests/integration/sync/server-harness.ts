import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { afterEach } from 'vitest';
import { Lead } from '../../../core/lead/lead.ts';
import { buildServer } from '../../../server/build-server.ts';
import { leadRows } from '../../../server/store/lead-rows.ts';

/** A real lead server with the sync routes, on a temp data dir, listening on 127.0.0.1. */
export const ADMIN_TOKEN = 'sync-admin-token-0123456789';
export const PASSWORD = 'correct horse battery';
export const T0 = Date.UTC(2026, 2, 2, 9, 0, 0);

export interface SyncServer {
  app: FastifyInstance;
  url: string;
  dataDir: string;
  clock: { now: number };
  admin(method: 'POST' | 'PUT' | 'PATCH', url: string, body: unknown): Promise<unknown>;
  login(email: string): Promise<string>;
  as(token: string, method: 'GET' | 'POST', url: string, body?: unknown): Promise<LightMyRequestResponse>;
  arrive(fields?: { firstName?: string; email?: string; phone?: string }): Promise<string>;
  restart(): Promise<void>;
  close(): Promise<void>;
}

let leadNumber = 0;

export async function startSyncServer(options: { dataDir?: string; liveHeartbeatMs?: number } = {}): Promise<SyncServer> {
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'leadrelay-sync-server-'));
  const clock = { now: T0 };
  let port = 0;
  const build = async () => {
    const app = await buildServer({ role: 'central', dataDir, adminToken: ADMIN_TOKEN, schedulerIntervalMs: 0, liveHeartbeatMs: options.liveHeartbeatMs, now: () => clock.now });
    await app.listen({ host: '127.0.0.1', port });
    port = (app.server.address() as { port: number }).port;
    return app;
  };
  const check = async (response: Promise<LightMyRequestResponse>) => {
    const answer = await response;
    if (answer.statusCode >= 300) throw new Error(`${answer.statusCode}: ${answer.body}`);
    return answer.json() as unknown;
  };
  const server: SyncServer = {
    app: await build(),
    get url() {
      return `http://127.0.0.1:${port}`;
    },
    dataDir,
    clock,
    admin: (method, url, body) => check(server.app.inject({ method, url, headers: { authorization: `Bearer ${ADMIN_TOKEN}` }, payload: body as object })),
    login: async (email) => ((await check(server.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email, password: PASSWORD } }))) as { token: string }).token,
    as: (token, method, url, body) => server.app.inject({ method, url, headers: { authorization: `Bearer ${token}` }, ...(body === undefined ? {} : { payload: body as object }) }),
    arrive: async (fields = {}) => {
      const id = `lead-${++leadNumber}`;
      const lead = Lead.parse({
        id, createdAt: clock.now, updatedAt: clock.now, status: 'new', priority: 'normal', score: 50,
        contact: { firstName: fields.firstName ?? 'Jane', lastName: 'Doe', email: fields.email ?? null, phone: fields.phone ?? null, country: 'DE', company: 'Acme' },
        interest: {},
      });
      const db = server.app.store.db;
      db.transaction(() => {
        leadRows(db).save(lead);
        leadRows(db).appendHistory([{ id: `${id}-h0`, leadId: id, at: clock.now, actor: 'intake', kind: 'created', summary: 'Created', reason: null, data: {} }]);
      })();
      server.app.lifecycle.onLeadArrived(id);
      return id;
    },
    restart: async () => {
      await server.app.close();
      server.app = await build();
    },
    close: async () => {
      await server.app.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
  return server;
}

/** startSyncServer for a test file: every server a test starts is closed after it. */
export function syncServers(): () => Promise<SyncServer> {
  const started: SyncServer[] = [];
  afterEach(async () => {
    for (const server of started.splice(0)) await server.close();
  });
  return async () => {
    const server = await startSyncServer();
    started.push(server);
    return server;
  };
}

export const rep = (id: string, extra: Record<string, unknown> = {}) => ({ id, name: id[0]!.toUpperCase() + id.slice(1), email: `${id}@example.com`, role: 'rep', password: PASSWORD, ...extra });

export function rule(id: string, actions: unknown[]): Record<string, unknown> {
  return { id, name: id, category: 'assignment', event: 'arrived', scope: { kind: 'global' }, ownerId: 'admin', enabled: true, order: 10, actions };
}

/** Users, one box, and a rule offering every new lead to `offerTo` (up for grabs when several). */
export async function seedTeam(server: SyncServer, users: Array<Record<string, unknown>>, offerTo: string[], withhold: string[] = []): Promise<void> {
  for (const user of users) await server.admin('POST', '/api/v1/admin/users', user);
  await server.admin('POST', '/api/v1/admin/boxes', { id: 'root', parentId: null, name: 'System' });
  const route = offerTo.length === 1 ? { type: 'routeToUser', userId: offerTo[0] } : { type: 'routeUpForGrabs', users: offerTo };
  const actions = withhold.length > 0 ? [route, { type: 'withholdFields', fields: withhold }] : [route];
  await server.admin('PUT', '/api/v1/admin/rules', { version: 1, rules: [rule('offer', actions)] });
}
