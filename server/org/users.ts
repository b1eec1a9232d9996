import { z } from 'zod';
import type Database from 'better-sqlite3';
import { HttpError } from '../http/errors.ts';
import { unavailableReason, WorkingHours } from './availability.ts';

/** Users and the reporting hierarchy (manager → reports) in the server store. */
const slug = z.string().trim().min(1, 'is required').max(64).regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, 'may use letters, digits, ".", "_" and "-"');
export const UserRole = z.enum(['admin', 'manager', 'rep']);

const userFields = {
  name: z.string().trim().min(1, 'is required').max(120),
  email: z.email().max(254),
  role: UserRole,
  managerId: slug.nullable(),
  password: z.string().min(10, 'must be at least 10 characters').max(200),
  capacity: z.number().int().nonnegative().nullable(),
  away: z.boolean(),
  awayUntil: z.number().int().nullable(),
  workingHours: WorkingHours.nullable(),
  disabled: z.boolean(),
};
export const CreateUser = z.strictObject({
  id: slug.optional().describe('Readable id for rules to name (routeToUser); a UUIDv7 when absent.'),
  ...userFields,
  role: userFields.role.default('rep'),
  managerId: userFields.managerId.default(null),
  password: userFields.password.optional(),
  capacity: userFields.capacity.default(null),
  away: userFields.away.default(false),
  awayUntil: userFields.awayUntil.default(null),
  workingHours: userFields.workingHours.default(null),
  disabled: userFields.disabled.default(false),
});
export type CreateUser = z.infer<typeof CreateUser>;
export const UpdateUser = z.strictObject(userFields).partial();
export type UpdateUser = z.infer<typeof UpdateUser>;

export const PublicUser = z.object({
  id: z.string(),
  name: z.string(),
  email: z.string(),
  role: UserRole,
  managerId: z.string().nullable(),
  capacity: z.number().nullable(),
  away: z.boolean(),
  awayUntil: z.number().nullable(),
  workingHours: WorkingHours.nullable(),
  disabled: z.boolean(),
  hasPassword: z.boolean(),
  createdAt: z.number(),
  updatedAt: z.number(),
});
export type PublicUser = z.infer<typeof PublicUser>;

interface UserRow {
  id: string;
  name: string;
  email: string;
  role: PublicUser['role'];
  manager_id: string | null;
  password_hash: string | null;
  away: number;
  away_until: number | null;
  working_hours: string | null;
  capacity: number | null;
  disabled: number;
  created_at: number;
  updated_at: number;
}

function toPublic(row: UserRow): PublicUser {
  return {
    id: row.id, name: row.name, email: row.email, role: row.role, managerId: row.manager_id, capacity: row.capacity,
    away: row.away === 1, awayUntil: row.away_until, workingHours: row.working_hours ? (JSON.parse(row.working_hours) as WorkingHours) : null,
    disabled: row.disabled === 1, hasPassword: row.password_hash !== null, createdAt: row.created_at, updatedAt: row.updated_at,
  };
}

/**
 * Leads a user holds now (open offers plus leads they own and still work), counted only up
 * to `limit`: routing asks "is this user full?" once per candidate per lead, and a busy rep
 * may own thousands of leads.
 */
const OPEN_LEADS_SQL = `SELECT (SELECT count(*) FROM (SELECT 1 FROM offers WHERE user_id = @id AND status = 'open' LIMIT @limit))
  + (SELECT count(*) FROM (SELECT 1 FROM leads WHERE owner_id = @id AND status IN ('accepted', 'contacted', 'qualified') LIMIT @limit))`;

export interface Users {
  get(id: string): PublicUser | null;
  list(): PublicUser[];
  passwordHashByEmail(email: string): { id: string; hash: string | null; disabled: boolean } | null;
  /** Everyone below `managerId` in the hierarchy, at any depth. */
  reportsOf(managerId: string): string[];
  /** Null when the user can be offered a lead now; otherwise the reason. */
  unavailable(id: string, now: number): string | null;
  create(input: CreateUser, passwordHash: string | null, id: string, now: number): PublicUser;
  update(id: string, input: UpdateUser, passwordHash: string | null, now: number): PublicUser;
  nameOf(id: string): string;
}

export function users(db: Database.Database): Users {
  const byId = db.prepare<[string], UserRow>('SELECT * FROM users WHERE id = ?');
  const all = db.prepare<[], UserRow>('SELECT * FROM users ORDER BY name, id');
  const byEmail = db.prepare<[string], UserRow>('SELECT * FROM users WHERE email = ?');
  const below = db.prepare<[string], { id: string }>(
    'WITH RECURSIVE below(id) AS (SELECT id FROM users WHERE manager_id = ? UNION SELECT u.id FROM users u JOIN below b ON u.manager_id = b.id) SELECT id FROM below',
  );
  const openLeads = db.prepare<[{ id: string; limit: number }], number>(OPEN_LEADS_SQL).pluck();
  const insert = db.prepare(
    `INSERT INTO users (id, name, email, role, manager_id, password_hash, away, away_until, working_hours, capacity, disabled, created_at, updated_at)
     VALUES (@id, @name, @email, @role, @manager_id, @password_hash, @away, @away_until, @working_hours, @capacity, @disabled, @created_at, @updated_at)`,
  );
  const save = db.prepare(
    `UPDATE users SET name = @name, email = @email, role = @role, manager_id = @manager_id, password_hash = @password_hash, away = @away,
     away_until = @away_until, working_hours = @working_hours, capacity = @capacity, disabled = @disabled, updated_at = @updated_at WHERE id = @id`,
  );

  const self: Users = {
    get: (id) => {
      const row = byId.get(id);
      return row ? toPublic(row) : null;
    },
    list: () => all.all().map(toPublic),
    passwordHashByEmail: (email) => {
      const row = byEmail.get(email);
      return row ? { id: row.id, hash: row.password_hash, disabled: row.disabled === 1 } : null;
    },
    reportsOf: (managerId) => below.all(managerId).map((row) => row.id),
    unavailable: (id, now) => {
      const row = byId.get(id);
      if (!row) return 'unknown user';
      const user = toPublic(row);
      const held = user.capacity === null ? 0 : openLeads.get({ id, limit: user.capacity })!;
      return unavailableReason({ ...user, openLeads: held }, now);
    },
    create: (input, passwordHash, id, now) => {
      if (byId.get(id)) throw new HttpError(409, 'conflict', `a user with id "${id}" already exists`, 'id');
      if (byEmail.get(input.email)) throw new HttpError(409, 'conflict', `a user with email ${input.email} already exists`, 'email');
      checkManager(self, id, input.managerId);
      insert.run({
        id, name: input.name, email: input.email, role: input.role, manager_id: input.managerId, password_hash: passwordHash,
        away: input.away ? 1 : 0, away_until: input.awayUntil, working_hours: input.workingHours ? JSON.stringify(input.workingHours) : null,
        capacity: input.capacity, disabled: input.disabled ? 1 : 0, created_at: now, updated_at: now,
      });
      return self.get(id)!;
    },
    update: (id, input, passwordHash, now) => {
      const row = byId.get(id);
      if (!row) throw new HttpError(404, 'not_found', `no user with id "${id}"`, 'id');
      if (input.email !== undefined) {
        const other = byEmail.get(input.email);
        if (other && other.id !== id) throw new HttpError(409, 'conflict', `a user with email ${input.email} already exists`, 'email');
      }
      if (input.managerId !== undefined) checkManager(self, id, input.managerId);
      const pick = <T>(value: T | undefined, fallback: T): T => (value === undefined ? fallback : value);
      const hours = input.workingHours === undefined ? row.working_hours : input.workingHours && JSON.stringify(input.workingHours);
      save.run({
        id, name: pick(input.name, row.name), email: pick(input.email, row.email), role: pick(input.role, row.role),
        manager_id: pick(input.managerId, row.manager_id), password_hash: passwordHash ?? row.password_hash,
        away: input.away === undefined ? row.away : input.away ? 1 : 0, away_until: pick(input.awayUntil, row.away_until), working_hours: hours,
        capacity: pick(input.capacity, row.capacity), disabled: input.disabled === undefined ? row.disabled : input.disabled ? 1 : 0, updated_at: now,
      });
      return self.get(id)!;
    },
    nameOf: (id) => byId.get(id)?.name ?? id,
  };
  return self;
}

function checkManager(users: Users, userId: string, managerId: string | null): void {
  if (managerId === null) return;
  if (managerId === userId) throw new HttpError(400, 'invalid_input', 'managerId: a user cannot manage themselves', 'managerId');
  if (!users.get(managerId)) throw new HttpError(400, 'invalid_input', `managerId: no user with id "${managerId}"`, 'managerId');
  if (users.reportsOf(userId).includes(managerId)) {
    throw new HttpError(400, 'invalid_input', `managerId: "${managerId}" reports to "${userId}", so the hierarchy would form a cycle`, 'managerId');
  }
}
