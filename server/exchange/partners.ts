import { randomBytes } from 'node:crypto';
import type Database from 'better-sqlite3';
import { z } from 'zod';
import { PartnerPolicy } from '../../core/exchange/exchange-policy.ts';
import { HttpError } from '../http/errors.ts';

/**
 * The partner registry: on a central server its reseller servers, on a reseller its vendor.
 * Secrets never leave through the API after creation; a rotation keeps the previous secret
 * valid for incoming requests until it is dropped.
 */
export const PARTNER_FORMATS = ['xml', 'json', 'adf'] as const;
const partnerId = z.string().trim().min(1, 'is required').max(64).regex(/^[A-Za-z0-9._:-]+$/, 'may contain only letters, digits and . _ : -');
const secret = z.string().min(32, 'must be at least 32 characters').max(256);
const url = z.url({ protocol: /^https?$/ }).max(2000);

export const CreatePartner = z.strictObject({
  id: partnerId.optional().describe('The id the central server issued; a reseller registering its vendor must give it. Generated on a central server when absent.'),
  name: z.string().trim().min(1, 'is required').max(120),
  url: url.describe('Where to POST messages: the partner\'s /api/v1/exchange/messages (or its ADF endpoint).'),
  format: z.enum(PARTNER_FORMATS).default('xml'),
  secret: secret.optional().describe('The shared HMAC secret; generated (and shown once) when absent.'),
  policy: PartnerPolicy.default({ withheld: [], private: [], feedback: { statuses: ['assigned', 'contacted', 'qualified', 'won', 'lost'], assignee: 'hidden', amount: true, reason: true } }),
});
export type CreatePartner = z.infer<typeof CreatePartner>;

export const UpdatePartner = z.strictObject({
  name: z.string().trim().min(1).max(120).optional(),
  url: url.optional(),
  format: z.enum(PARTNER_FORMATS).optional(),
  policy: PartnerPolicy.optional(),
  disabled: z.boolean().optional(),
  rotateSecret: secret.optional().describe('The new secret; the current one stays valid for incoming requests until dropPreviousSecret.'),
  dropPreviousSecret: z.literal(true).optional(),
});
export type UpdatePartner = z.infer<typeof UpdatePartner>;

export const PublicPartner = z.object({
  id: z.string(),
  kind: z.enum(['reseller', 'vendor']),
  name: z.string(),
  url: z.string(),
  format: z.enum(PARTNER_FORMATS),
  policy: PartnerPolicy,
  disabled: z.boolean(),
  rotating: z.boolean().describe('A previous secret is still accepted.'),
  createdAt: z.number(),
  updatedAt: z.number(),
});
export type PublicPartner = z.infer<typeof PublicPartner>;

export interface Partner extends PublicPartner {
  secret: string;
  previousSecret: string | null;
}

interface PartnerRow {
  id: string;
  kind: 'reseller' | 'vendor';
  name: string;
  url: string;
  format: Partner['format'];
  secret: string;
  previous_secret: string | null;
  policy: string;
  disabled: number;
  created_at: number;
  updated_at: number;
}

const toPartner = (row: PartnerRow): Partner => ({
  id: row.id, kind: row.kind, name: row.name, url: row.url, format: row.format, policy: PartnerPolicy.parse(JSON.parse(row.policy)),
  disabled: row.disabled === 1, rotating: row.previous_secret !== null, createdAt: row.created_at, updatedAt: row.updated_at,
  secret: row.secret, previousSecret: row.previous_secret,
});

export const publicPartner = ({ secret: _secret, previousSecret: _previous, ...rest }: Partner): PublicPartner => rest;

export interface Partners {
  create(input: CreatePartner, kind: Partner['kind'], now: number, newId: () => string): { partner: Partner; secret: string };
  update(id: string, patch: UpdatePartner, now: number): Partner;
  get(id: string): Partner | null;
  list(): Partner[];
  nameOf(id: string): string;
}

export function partners(db: Database.Database): Partners {
  const byId = db.prepare<[string], PartnerRow>('SELECT * FROM partners WHERE id = ?');
  const all = db.prepare<[], PartnerRow>('SELECT * FROM partners ORDER BY name, id');
  const insert = db.prepare(
    'INSERT INTO partners (id, kind, name, url, format, secret, policy, created_at, updated_at) VALUES (@id, @kind, @name, @url, @format, @secret, @policy, @now, @now)',
  );
  const save = db.prepare(
    'UPDATE partners SET name = @name, url = @url, format = @format, policy = @policy, disabled = @disabled, secret = @secret, previous_secret = @previous_secret, updated_at = @now WHERE id = @id',
  );
  // Partners change rarely and are read on every message: cache by id, dropped on writes.
  const cache = new Map<string, Partner | null>();
  const get = (id: string): Partner | null => {
    if (!cache.has(id)) {
      const row = byId.get(id);
      cache.set(id, row ? toPartner(row) : null);
    }
    return cache.get(id)!;
  };
  return {
    create: (input, kind, now, newId) => {
      const id = input.id ?? newId();
      if (kind === 'vendor' && input.id === undefined) throw new HttpError(400, 'invalid_input', 'id: a vendor is registered under the id its central server issued', 'id');
      if (get(id)) throw new HttpError(409, 'conflict', `a partner with id "${id}" already exists`, 'id');
      const shared = input.secret ?? randomBytes(32).toString('base64url');
      insert.run({ id, kind, name: input.name, url: input.url, format: input.format, secret: shared, policy: JSON.stringify(input.policy), now });
      cache.delete(id);
      return { partner: get(id)!, secret: shared };
    },
    update: (id, patch, now) => {
      const current = get(id);
      if (!current) throw new HttpError(404, 'not_found', `no partner with id "${id}"`, 'id');
      const rotated = patch.rotateSecret !== undefined;
      save.run({
        id, now, name: patch.name ?? current.name, url: patch.url ?? current.url, format: patch.format ?? current.format,
        policy: JSON.stringify(patch.policy ?? current.policy), disabled: (patch.disabled ?? current.disabled) ? 1 : 0,
        secret: patch.rotateSecret ?? current.secret,
        previous_secret: rotated ? current.secret : patch.dropPreviousSecret ? null : current.previousSecret,
      });
      cache.delete(id);
      return get(id)!;
    },
    get,
    list: () => all.all().map(toPartner),
    nameOf: (id) => get(id)?.name ?? id,
  };
}
