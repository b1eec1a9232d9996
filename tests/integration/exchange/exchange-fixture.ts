import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { buildServer, type BuildServerOptions } from '../../../server/build-server.ts';

/** Real servers on 127.0.0.1 for exchange tests: a central server and resellers, linked as partners. */
export const ADMIN = 'exchange-admin-token-0123456789';
export const SECRET = 's'.repeat(40);

type Json = ReturnType<typeof JSON.parse>;

export interface Node {
  app: FastifyInstance;
  url: string;
  dataDir: string;
  admin(method: string, path: string, body?: unknown): Promise<{ status: number; json: Json }>;
  call(token: string | null, method: string, path: string, body?: unknown): Promise<{ status: number; json: Json }>;
  close(): Promise<void>;
}

export async function call(base: string, token: string | null, method: string, path: string, body?: unknown): Promise<{ status: number; json: Json }> {
  const response = await fetch(`${base}${path}`, {
    method,
    headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  return { status: response.status, json: text ? (JSON.parse(text) as Json) : null };
}

export async function startNode(role: 'central' | 'reseller', options: Partial<BuildServerOptions> = {}): Promise<Node> {
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), `leadrelay-exchange-${role}-`));
  const app = await buildServer({ role, dataDir, adminToken: ADMIN, schedulerIntervalMs: 0, exchange: { retryBaseMs: 50, maxBackoffMs: 500 }, ...options });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const url = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  return {
    app,
    url,
    dataDir,
    admin: (method, path, body) => call(url, ADMIN, method, path, body),
    call: (token, method, path, body) => call(url, token, method, path, body),
    close: async () => {
      await app.close();
      if (!options.dataDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export function expectStatus<T extends { status: number; json: Json }>(answer: T, status: number): T {
  if (answer.status !== status) throw new Error(`expected ${status}, got ${answer.status}: ${JSON.stringify(answer.json)}`);
  return answer;
}

/** Registers `reseller` on `central` and `central` as the reseller's vendor; answers the partner id. */
export async function link(
  central: { url: string; admin: Node['admin'] },
  reseller: { url: string; admin: Node['admin'] },
  name: string,
  options: { format?: 'xml' | 'json'; centralPolicy?: unknown; resellerPolicy?: unknown; id?: string } = {},
): Promise<string> {
  const created = expectStatus(
    await central.admin('POST', '/api/v1/admin/partners', { ...(options.id ? { id: options.id } : {}), name, url: `${reseller.url}/api/v1/exchange/messages`, format: options.format ?? 'xml', secret: SECRET, ...(options.centralPolicy ? { policy: options.centralPolicy } : {}) }),
    201,
  );
  const id = created.json.partner.id as string;
  expectStatus(
    await reseller.admin('POST', '/api/v1/admin/partners', { id, name: 'Vendor', url: `${central.url}/api/v1/exchange/messages`, format: options.format ?? 'xml', secret: SECRET, ...(options.resellerPolicy ? { policy: options.resellerPolicy } : {}) }),
    201,
  );
  return id;
}

export function rule(id: string, actions: unknown[], extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { id, name: id, category: 'assignment', event: 'arrived', scope: { kind: 'global' }, ownerId: 'admin', enabled: true, order: 10, actions, ...extra };
}

/** A system box, one rep (with a password) and rules. */
export async function seed(node: { admin: Node['admin'] }, setup: { users?: Array<Record<string, unknown>>; rules?: unknown[] }): Promise<void> {
  for (const user of setup.users ?? []) expectStatus(await node.admin('POST', '/api/v1/admin/users', user), 201);
  expectStatus(await node.admin('POST', '/api/v1/admin/boxes', { id: 'root', parentId: null, name: 'System' }), 201);
  if (setup.rules) expectStatus(await node.admin('PUT', '/api/v1/admin/rules', { version: 1, rules: setup.rules }), 200);
}

export const PASSWORD = 'a long password 123';
