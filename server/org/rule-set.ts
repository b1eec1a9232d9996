import type Database from 'better-sqlite3';
import { compileRuleSet, parseRuleSet, type CompiledRuleSet, type RuleSet } from '../../core/rules/index.ts';
import { HttpError } from '../http/errors.ts';

/** The server's one rule set: stored as JSON, compiled once per change. */
export interface StoredRuleSet {
  ruleSet: RuleSet;
  revision: number;
  updatedAt: number | null;
  updatedBy: string | null;
  /** Rules that could not compile: they never run (see docs/rules.md, isolation). */
  errors: CompiledRuleSet['errors'];
}

export interface RuleSets {
  current(): StoredRuleSet;
  compiled(): CompiledRuleSet;
  replace(input: unknown, actor: string, now: number): StoredRuleSet;
}

const EMPTY = { version: 1, rules: [] };

export function ruleSets(db: Database.Database): RuleSets {
  const read = db.prepare<[], { body: string; revision: number; updated_at: number; updated_by: string }>('SELECT * FROM rule_set WHERE id = 1');
  // Routing asks for the rules once per lead: a revision check, not a re-read of the body.
  const revisionNow = db.prepare<[], number>('SELECT revision FROM rule_set WHERE id = 1').pluck();
  const write = db.prepare(
    'INSERT INTO rule_set (id, body, revision, updated_at, updated_by) VALUES (1, ?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET body = excluded.body, revision = excluded.revision, updated_at = excluded.updated_at, updated_by = excluded.updated_by',
  );
  let cache: { stored: StoredRuleSet; compiled: CompiledRuleSet } | null = null;

  function load(): NonNullable<typeof cache> {
    if (cache && cache.stored.revision === (revisionNow.get() ?? 0)) return cache;
    const row = read.get();
    const parsed = parseRuleSet(row ? JSON.parse(row.body) : EMPTY);
    if (!parsed.ok) throw new Error(`the stored rule set no longer parses: ${parsed.issues[0]?.path}: ${parsed.issues[0]?.message}`);
    const compiled = compileRuleSet(parsed.value);
    const stored = { ruleSet: parsed.value, revision: row?.revision ?? 0, updatedAt: row?.updated_at ?? null, updatedBy: row?.updated_by ?? null, errors: compiled.errors };
    cache = { stored, compiled };
    return cache;
  }

  return {
    current: () => load().stored,
    compiled: () => load().compiled,
    replace: (input, actor, now) => {
      const parsed = parseRuleSet(input);
      if (!parsed.ok) {
        const issue = parsed.issues[0]!;
        throw new HttpError(400, 'invalid_input', `${issue.path}: ${issue.message}`, issue.path);
      }
      const revision = load().stored.revision + 1;
      write.run(JSON.stringify(parsed.value), revision, now, actor);
      return load().stored;
    },
  };
}
