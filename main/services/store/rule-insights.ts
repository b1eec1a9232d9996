import type { Database, Statement } from 'better-sqlite3';
import type { Lead } from '../../../core/lead/lead.ts';
import { rowToLead, type LeadRowData } from './lead-rows.ts';

/**
 * Read-only questions the rule editor asks of the lead box: which leads to try a draft on,
 * and what became of the leads each rule routed (from the 'rule' history entries).
 */

export interface RuleOutcomeCounts {
  ruleId: string;
  ruleName: string | null;
  routed: number;
  rejected: number;
  forwarded: number;
  timedOut: number;
  won: number;
}

// Each lead counts once per rule however often the rule fired on it, and once per outcome.
// History is one JSON array per lead (lead_timelines), read entry by entry with json_each.
const ACCURACY_SQL = `
  WITH entry AS MATERIALIZED (
    SELECT t.rid AS lead, e.value ->> '$.kind' AS kind, e.value -> '$.data' AS data
    FROM lead_timelines AS t, json_each(t.entries) AS e
  ),
  fired AS (
    SELECT data ->> '$.ruleId' AS rule_id, lead, max(data ->> '$.ruleName') AS rule_name
    FROM entry WHERE kind = 'rule' AND data ->> '$.ruleId' IS NOT NULL
    GROUP BY rule_id, lead
  ),
  outcome AS (
    SELECT lead,
      max(kind = 'rejected') AS rejected,
      max(kind = 'forwarded') AS forwarded,
      max(kind = 'status' AND data ->> '$.status' = 'timed_out') AS timed_out,
      max(kind = 'status' AND data ->> '$.status' = 'won') AS won
    FROM entry WHERE lead IN (SELECT lead FROM fired)
    GROUP BY lead
  )
  SELECT rule_id AS ruleId, max(rule_name) AS ruleName, count(*) AS routed,
    sum(rejected) AS rejected, sum(forwarded) AS forwarded, sum(timed_out) AS timedOut, sum(won) AS won
  FROM fired JOIN outcome USING (lead)
  GROUP BY rule_id ORDER BY rule_id`;

export class RuleInsights {
  private readonly accuracyRows: Statement<[], RuleOutcomeCounts>;
  private readonly newest: Statement<[number], LeadRowData>;
  private readonly countAll: Statement<[], number>;
  private readonly writes: Statement<[], number>;
  private cached: { writes: number; rows: readonly RuleOutcomeCounts[] } | null = null;

  constructor(db: Database) {
    this.accuracyRows = db.prepare(ACCURACY_SQL);
    this.newest = db.prepare('SELECT * FROM leads ORDER BY created_at DESC, rid DESC LIMIT ?');
    this.countAll = db.prepare<[], number>('SELECT count(*) FROM leads').pluck();
    this.writes = db.prepare<[], number>('SELECT total_changes()').pluck();
  }

  /**
   * Reads every timeline (about 1.4 s at 100k leads), so the answer is kept until this
   * connection next writes anything: total_changes() counts every row written, by triggers and
   * cascades too. The editor asks again for each box the person looks at.
   */
  accuracy(): readonly RuleOutcomeCounts[] {
    const writes = this.writes.get()!;
    if (this.cached?.writes !== writes) this.cached = { writes, rows: this.accuracyRows.all() };
    return this.cached.rows;
  }

  /** The newest `limit` leads: the ones a change of rules matters most for. */
  sample(limit: number): { leads: Lead[]; total: number } {
    return { leads: this.newest.all(limit).map(rowToLead), total: this.countAll.get() ?? 0 };
  }
}
