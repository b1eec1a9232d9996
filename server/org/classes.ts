import { z } from 'zod';
import type Database from 'better-sqlite3';
import { HttpError } from '../http/errors.ts';

/** Classes of users for round robin: members in rotation order, and the rotation's state. */
export const PutClass = z.strictObject({
  name: z.string().trim().min(1, 'is required').max(120),
  members: z.array(z.string().trim().min(1).max(64)).max(1000).refine((ids) => new Set(ids).size === ids.length, 'must not list a user twice'),
});
export type PutClass = z.infer<typeof PutClass>;

export const UserClass = z.object({ id: z.string(), name: z.string(), members: z.array(z.string()), updatedAt: z.number() });
export type UserClass = z.infer<typeof UserClass>;

export interface Classes {
  list(): UserClass[];
  put(id: string, input: PutClass, now: number): UserClass;
  /** classId → members in rotation order. */
  members(): Record<string, string[]>;
  rotation(): Record<string, string>;
  saveRotation(state: Readonly<Record<string, string>>): void;
}

export function classes(db: Database.Database): Classes {
  const all = db.prepare<[], { id: string; name: string; updated_at: number }>('SELECT id, name, updated_at FROM user_classes ORDER BY id');
  const memberRows = db.prepare<[], { class_id: string; user_id: string }>('SELECT class_id, user_id FROM user_class_members ORDER BY class_id, position');
  const upsert = db.prepare(
    'INSERT INTO user_classes (id, name, created_at, updated_at) VALUES (?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET name = excluded.name, updated_at = excluded.updated_at',
  );
  const clear = db.prepare('DELETE FROM user_class_members WHERE class_id = ?');
  const addMember = db.prepare('INSERT INTO user_class_members (class_id, user_id, position) VALUES (?, ?, ?)');
  const userExists = db.prepare<[string], { id: string }>('SELECT id FROM users WHERE id = ?');
  const state = db.prepare<[], { class_id: string; last_user_id: string }>('SELECT class_id, last_user_id FROM round_robin_state');
  const saveState = db.prepare(
    'INSERT INTO round_robin_state (class_id, last_user_id) VALUES (?, ?) ON CONFLICT (class_id) DO UPDATE SET last_user_id = excluded.last_user_id',
  );
  const classExists = db.prepare<[string], { id: string }>('SELECT id FROM user_classes WHERE id = ?');

  const members = (): Record<string, string[]> => {
    const out: Record<string, string[]> = Object.fromEntries(all.all().map((row) => [row.id, [] as string[]]));
    for (const row of memberRows.all()) out[row.class_id]!.push(row.user_id);
    return out;
  };
  return {
    list: () => {
      const byClass = members();
      return all.all().map((row) => ({ id: row.id, name: row.name, members: byClass[row.id] ?? [], updatedAt: row.updated_at }));
    },
    put: (id, input, now) => {
      input.members.forEach((userId, i) => {
        if (!userExists.get(userId)) throw new HttpError(400, 'invalid_input', `members.${i}: no user with id "${userId}"`, `members.${i}`);
      });
      upsert.run(id, input.name, now, now);
      clear.run(id);
      input.members.forEach((userId, position) => addMember.run(id, userId, position));
      return { id, name: input.name, members: input.members, updatedAt: now };
    },
    members,
    rotation: () => Object.fromEntries(state.all().map((row) => [row.class_id, row.last_user_id])),
    saveRotation: (next) => {
      for (const [classId, userId] of Object.entries(next)) if (classExists.get(classId)) saveState.run(classId, userId);
    },
  };
}
