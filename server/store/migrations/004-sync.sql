-- Sync between workstations and the server. Documented in docs/sync.md.

-- The change feed: one row per write to a lead, its history or its offers, filled by the
-- triggers below in the same transaction as the write, whichever server code made it.
-- seq is the pull cursor: AUTOINCREMENT never reuses a number, and SQLite's single writer
-- makes seq order the commit order.
CREATE TABLE changes (
  seq      INTEGER PRIMARY KEY AUTOINCREMENT,
  lead_id  TEXT NOT NULL,
  kind     TEXT NOT NULL CHECK (kind IN ('lead', 'history', 'offer'))
) STRICT;
CREATE INDEX changes_lead ON changes (lead_id, seq);

CREATE TRIGGER changes_lead_insert AFTER INSERT ON leads BEGIN
  INSERT INTO changes (lead_id, kind) VALUES (NEW.id, 'lead');
END;
CREATE TRIGGER changes_lead_update AFTER UPDATE ON leads BEGIN
  INSERT INTO changes (lead_id, kind) VALUES (NEW.id, 'lead');
END;
CREATE TRIGGER changes_history_insert AFTER INSERT ON lead_history BEGIN
  INSERT INTO changes (lead_id, kind) VALUES (NEW.lead_id, 'history');
END;
CREATE TRIGGER changes_offer_insert AFTER INSERT ON offers BEGIN
  INSERT INTO changes (lead_id, kind) VALUES (NEW.lead_id, 'offer');
END;
CREATE TRIGGER changes_offer_update AFTER UPDATE ON offers BEGIN
  INSERT INTO changes (lead_id, kind) VALUES (NEW.lead_id, 'offer');
END;

-- Exactly once per (client, seq): the last seq applied for each workstation, and the
-- outcome of every applied mutation so a replay answers the same thing.
CREATE TABLE client_sequences (
  client_id   TEXT PRIMARY KEY,
  user_id     TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  last_seq    INTEGER NOT NULL CHECK (last_seq >= 0),
  updated_at  INTEGER NOT NULL
) STRICT;

CREATE TABLE sync_mutations (
  client_id    TEXT NOT NULL REFERENCES client_sequences (client_id) ON DELETE CASCADE,
  seq          INTEGER NOT NULL,
  mutation_id  TEXT NOT NULL,
  kind         TEXT NOT NULL,
  lead_id      TEXT,
  status       TEXT NOT NULL CHECK (status IN ('applied', 'rejected')),
  rejection    TEXT CHECK (rejection IS NULL OR json_valid(rejection)),
  applied_at   INTEGER NOT NULL,
  PRIMARY KEY (client_id, seq)
) STRICT, WITHOUT ROWID;
