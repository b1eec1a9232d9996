import type Database from 'better-sqlite3';
import { boxes, type Boxes } from './boxes.ts';
import { classes, type Classes } from './classes.ts';
import { credentials, type Credentials } from './credentials.ts';
import { ruleSets, type RuleSets } from './rule-set.ts';
import { users, type Users } from './users.ts';

/** The organisation's repositories over one store; made once per server so caches are shared. */
export interface Org {
  users: Users;
  boxes: Boxes;
  classes: Classes;
  rules: RuleSets;
  credentials: Credentials;
}

export function createOrg(db: Database.Database): Org {
  return { users: users(db), boxes: boxes(db), classes: classes(db), rules: ruleSets(db), credentials: credentials(db) };
}
