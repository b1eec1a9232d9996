import { z } from 'zod';
import type Database from 'better-sqlite3';
import { buildBoxTree, type BoxNode, type BoxTree } from '../../core/rules/index.ts';
import { HttpError } from '../http/errors.ts';

/**
 * Lead boxes: a tree from the system box down to regions and reps, each with an owner, a
 * capacity and what happens when it is full. Every change is checked as a whole tree.
 */
const slug = z.string().trim().min(1, 'is required').max(64).regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, 'may use letters, digits, ".", "_" and "-"');
export const OVERFLOW_POLICIES = ['parent', 'queue', 'reject'] as const;

const boxFields = {
  parentId: slug.nullable(),
  name: z.string().trim().min(1, 'is required').max(120),
  ownerId: slug.nullable(),
  capacity: z.number().int().nonnegative().nullable(),
  overflowPolicy: z.enum(OVERFLOW_POLICIES).describe('Full box: "parent" sends leads on (to overflowBoxId, else the parent), "queue" holds them unoffered, "reject" leaves them one level up marked overflow.'),
  overflowBoxId: slug.nullable(),
};
export const CreateBox = z.strictObject({
  id: slug.optional().describe('Readable id for rules to name (routeToBox); a UUIDv7 when absent.'),
  ...boxFields,
  ownerId: boxFields.ownerId.default(null),
  capacity: boxFields.capacity.default(null),
  overflowPolicy: boxFields.overflowPolicy.default('parent'),
  overflowBoxId: boxFields.overflowBoxId.default(null),
});
export type CreateBox = z.infer<typeof CreateBox>;
export const UpdateBox = z.strictObject(boxFields).partial();
export type UpdateBox = z.infer<typeof UpdateBox>;

export const Box = z.object({
  id: z.string(),
  parentId: z.string().nullable(),
  name: z.string(),
  ownerId: z.string().nullable(),
  capacity: z.number().nullable(),
  overflowPolicy: z.enum(OVERFLOW_POLICIES),
  overflowBoxId: z.string().nullable(),
  createdAt: z.number(),
  updatedAt: z.number(),
});
export type Box = z.infer<typeof Box>;

interface BoxRow {
  id: string;
  parent_id: string | null;
  name: string;
  owner_id: string | null;
  capacity: number | null;
  overflow_policy: Box['overflowPolicy'];
  overflow_box_id: string | null;
  created_at: number;
  updated_at: number;
}

const toBox = (row: BoxRow): Box => ({
  id: row.id, parentId: row.parent_id, name: row.name, ownerId: row.owner_id, capacity: row.capacity,
  overflowPolicy: row.overflow_policy, overflowBoxId: row.overflow_box_id, createdAt: row.created_at, updatedAt: row.updated_at,
});

/**
 * The rules engine's view of a box. A queueing box takes leads past its capacity (they wait
 * unoffered), so the engine is not told its capacity; the router checks it instead.
 */
export function toBoxNode(box: Box): BoxNode {
  const node: BoxNode = { id: box.id, parentId: box.parentId, name: box.name };
  if (box.capacity !== null && box.overflowPolicy !== 'queue') node.capacity = box.capacity;
  const overflow = box.overflowPolicy === 'parent' ? (box.overflowBoxId ?? box.parentId) : null;
  if (overflow) node.overflowBoxId = overflow;
  return node;
}

export interface Boxes {
  list(): Box[];
  get(id: string): Box | null;
  /** The tree for routing; null while no box exists. */
  tree(): BoxTree | null;
  /** Open leads in each box that has a capacity, counted up to that capacity. */
  load(): Record<string, number>;
  create(input: CreateBox, id: string, now: number): Box;
  update(id: string, input: UpdateBox, now: number): Box;
}

export function boxes(db: Database.Database): Boxes {
  const all = db.prepare<[], BoxRow>('SELECT * FROM boxes ORDER BY created_at, id');
  const byId = db.prepare<[string], BoxRow>('SELECT * FROM boxes WHERE id = ?');
  // Leads being offered or worked; leads waiting unoffered in a queue do not hold a place.
  // Counted per box with a capacity (an index seek each), never over the whole leads table.
  // Counted up to the capacity only: "is it full?" is all routing asks.
  const loadOf = db.prepare<[string, number], number>(
    "SELECT count(*) FROM (SELECT 1 FROM leads WHERE box_id = ? AND status IN ('offered', 'accepted', 'contacted', 'qualified') LIMIT ?)",
  ).pluck();
  const capped = db.prepare<[], { id: string; capacity: number }>('SELECT id, capacity FROM boxes WHERE capacity IS NOT NULL');
  const userExists = db.prepare<[string], { id: string }>('SELECT id FROM users WHERE id = ?');
  const insert = db.prepare(
    `INSERT INTO boxes (id, parent_id, name, owner_id, capacity, overflow_policy, overflow_box_id, created_at, updated_at)
     VALUES (@id, @parent_id, @name, @owner_id, @capacity, @overflow_policy, @overflow_box_id, @created_at, @updated_at)`,
  );
  const save = db.prepare(
    `UPDATE boxes SET parent_id = @parent_id, name = @name, owner_id = @owner_id, capacity = @capacity, overflow_policy = @overflow_policy,
     overflow_box_id = @overflow_box_id, updated_at = @updated_at WHERE id = @id`,
  );
  let cached: { tree: BoxTree | null } | null = null;

  /** Validates the whole tree as it would be after the change, before writing anything. */
  function checkTree(next: Box[]): void {
    for (const box of next) {
      if (box.ownerId !== null && !userExists.get(box.ownerId)) throw new HttpError(400, 'invalid_input', `ownerId: no user with id "${box.ownerId}"`, 'ownerId');
    }
    try {
      buildBoxTree(next.map(toBoxNode));
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      throw new HttpError(400, 'invalid_input', `the box tree would be invalid: ${message}`, 'parentId');
    }
  }
  const write = (statement: Database.Statement, box: Box) =>
    statement.run({
      id: box.id, parent_id: box.parentId, name: box.name, owner_id: box.ownerId, capacity: box.capacity, overflow_policy: box.overflowPolicy,
      overflow_box_id: box.overflowBoxId, created_at: box.createdAt, updated_at: box.updatedAt,
    });

  return {
    list: () => all.all().map(toBox),
    get: (id) => {
      const row = byId.get(id);
      return row ? toBox(row) : null;
    },
    tree: () => {
      if (!cached) {
        const list = all.all().map(toBox);
        cached = { tree: list.length ? buildBoxTree(list.map(toBoxNode)) : null };
      }
      return cached.tree;
    },
    load: () => Object.fromEntries(capped.all().map((row) => [row.id, loadOf.get(row.id, row.capacity)!])),
    create: (input, id, now) => {
      if (byId.get(id)) throw new HttpError(409, 'conflict', `a box with id "${id}" already exists`, 'id');
      const { id: _given, ...fields } = input;
      const box: Box = { id, ...fields, createdAt: now, updatedAt: now };
      checkTree([...all.all().map(toBox), box]);
      write(insert, box);
      cached = null;
      return box;
    },
    update: (id, input, now) => {
      const row = byId.get(id);
      if (!row) throw new HttpError(404, 'not_found', `no box with id "${id}"`, 'id');
      const box: Box = { ...toBox(row), ...input, updatedAt: now };
      checkTree(all.all().map(toBox).map((other) => (other.id === id ? box : other)));
      write(save, box);
      cached = null;
      return box;
    },
  };
}
