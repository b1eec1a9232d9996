-- Schema level 3: a lead's history is one JSON array per lead (lead_timelines) instead of one
-- row per entry. A first sync writes a whole account's history; as rows that was ~640k
-- B-tree inserts with a primary key, an index and a foreign-key probe each, the largest part
-- of a 100k-lead first sync (docs/sync.md). Every reader takes a lead's history whole
-- (the detail timeline, sync) except rule accuracy, which reads it through json_each.
--
-- Entries are kept in the order they were written; readers order them by `at` with a
-- stable sort, which is the old `ORDER BY at, rowid`. Keyed by the lead's rid, so the
-- timeline costs no index of its own and goes with its lead.
CREATE TABLE lead_timelines (
  rid      INTEGER PRIMARY KEY REFERENCES leads (rid) ON DELETE CASCADE,
  entries  TEXT    NOT NULL
) STRICT;

INSERT INTO lead_timelines (rid, entries)
SELECT l.rid,
  json_group_array(json_object('id', h.id, 'leadId', h.lead_id, 'at', h.at, 'actor', h.actor, 'kind', h.kind, 'summary', h.summary, 'reason', h.reason, 'data', json(h.data)) ORDER BY h.at, h.rowid)
FROM lead_history AS h JOIN leads AS l ON l.id = h.lead_id
GROUP BY l.rid;

DROP TABLE lead_history;
