-- Each lead's whole history as one JSON array, oldest first (by at, then id: the order of
-- the per-entry reads). The sync feed reads it instead of one row object per entry, so a
-- page of 1,000 leads is 1,000 strings rather than ~6,400 parsed rows (docs/sync.md).
-- lead_history stays the table every query and every writer uses; the triggers below keep
-- the snapshot in the same transaction as the insert, whichever server code made it.
-- last_at/last_id are the newest entry's place, so an entry that arrives in order is an
-- append and only one that arrives out of order rebuilds the array from the table.
CREATE TABLE lead_timelines (
  lead_id  TEXT PRIMARY KEY REFERENCES leads (id) ON DELETE CASCADE,
  entries  TEXT NOT NULL CHECK (json_valid(entries)),
  last_at  INTEGER NOT NULL,
  last_id  TEXT NOT NULL
) STRICT;

INSERT INTO lead_timelines (lead_id, entries, last_at, last_id)
SELECT lead_id,
  json_group_array(json_object('id', id, 'leadId', lead_id, 'at', at, 'actor', actor, 'kind', kind, 'summary', summary, 'reason', reason, 'data', json(data)) ORDER BY at, id),
  max(at),
  (SELECT h.id FROM lead_history AS h WHERE h.lead_id = g.lead_id ORDER BY h.at DESC, h.id DESC LIMIT 1)
FROM lead_history AS g
GROUP BY lead_id;

CREATE TRIGGER lead_timelines_append AFTER INSERT ON lead_history
WHEN NOT EXISTS (SELECT 1 FROM lead_timelines WHERE lead_id = NEW.lead_id AND (NEW.at < last_at OR (NEW.at = last_at AND NEW.id < last_id)))
BEGIN
  INSERT INTO lead_timelines (lead_id, entries, last_at, last_id)
  VALUES (NEW.lead_id, json_array(json_object('id', NEW.id, 'leadId', NEW.lead_id, 'at', NEW.at, 'actor', NEW.actor, 'kind', NEW.kind, 'summary', NEW.summary, 'reason', NEW.reason, 'data', json(NEW.data))), NEW.at, NEW.id)
  ON CONFLICT (lead_id) DO UPDATE SET
    entries = json_insert(entries, '$[#]', json_object('id', NEW.id, 'leadId', NEW.lead_id, 'at', NEW.at, 'actor', NEW.actor, 'kind', NEW.kind, 'summary', NEW.summary, 'reason', NEW.reason, 'data', json(NEW.data))),
    last_at = NEW.at,
    last_id = NEW.id;
END;

CREATE TRIGGER lead_timelines_rebuild AFTER INSERT ON lead_history
WHEN EXISTS (SELECT 1 FROM lead_timelines WHERE lead_id = NEW.lead_id AND (NEW.at < last_at OR (NEW.at = last_at AND NEW.id < last_id)))
BEGIN
  UPDATE lead_timelines SET entries = (
    SELECT json_group_array(json_object('id', id, 'leadId', lead_id, 'at', at, 'actor', actor, 'kind', kind, 'summary', summary, 'reason', reason, 'data', json(data)) ORDER BY at, id)
    FROM lead_history WHERE lead_id = NEW.lead_id
  ) WHERE lead_id = NEW.lead_id;
END;
