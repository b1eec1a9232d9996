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
const ACCURACY_SQL = `
  WITH fired AS (
    SELECT json_extract(data, '$.ruleId') AS rule_id, lead_id, max(json_extract(data, '$.ruleName')) AS rule_name
    FROM lead_history WHERE kind = 'rule' AND json_extract(data, '$.ruleId') IS NOT NULL
    GROUP BY rule_id, lead_id
  ),
  outcome AS (
    SELECT lead_id,
      max(kind = 'rejected') AS rejected,
      max(kind = 'forwarded') AS forwarded,
      max(kind = 'status' AND json_extract(data, '$.status') = 'timed_out') AS timed_out,
      max(kind = 'status' AND json_extract(data, '$.status') = 'won') AS won
    FROM lead_history WHERE lead_id IN (SELECT lead_id FROM fired)
    GROUP BY lead_id
  )
  SELECT rule_id AS ruleId, max(rule_name) AS ruleName, count(*) AS routed,
    sum(rejected) AS rejected, sum(forwarded) AS forwarded, sum(timed_out) AS timedOut, sum(won) AS won
  FROM fired JOIN outcome USING (lead_id)
  GROUP BY rule_id ORDER BY rule_id`;

export class RuleInsights {
  private readonly accuracyRows: Statement<[], RuleOutcomeCounts>;
  private readonly newest: Statement<[number], LeadRowData>;
  private readonly countAll: Statement<[], number>;

  constructor(db: Database) {
    this.accuracyRows = db.prepare(ACCURACY_SQL);
    this.newest = db.prepare('SELECT * FROM leads ORDER BY created_at DESC, rid DESC LIMIT ?');
    this.countAll = db.prepare<[], number>('SELECT count(*) FROM leads').pluck();
  }

  accuracy(): RuleOutcomeCounts[] {
    return this.accuracyRows.all();
  }

  /** The newest `limit` leads: the ones a change of rules matters most for. */
  sample(limit: number): { leads: Lead[]; total: number } {
    return { leads: this.newest.all(limit).map(rowToLead), total: this.countAll.get() ?? 0 };
  }
}
