-- Intake: raw documents, idempotency keys, the review queue, saved CSV mappings and the
-- mailbox ledger. Documented in docs/intake.md. Times are epoch milliseconds.

-- Every document intake accepted, as received (JSON, XML, ADF, CSV body, or a whole email),
-- so a lead can always be traced to what its source actually sent.
CREATE TABLE intake_raw (
  id            TEXT PRIMARY KEY,
  received_at   INTEGER NOT NULL,
  format        TEXT NOT NULL CHECK (format IN ('json', 'xml', 'adf', 'csv', 'email')),
  content_type  TEXT NOT NULL,
  source_id     TEXT,
  actor         TEXT NOT NULL,
  body          BLOB NOT NULL
) STRICT;

-- Which raw document (and which record in it) each lead came from; a merged lead has several.
CREATE TABLE lead_intake (
  lead_id       TEXT NOT NULL REFERENCES leads (id) ON DELETE CASCADE,
  raw_id        TEXT NOT NULL REFERENCES intake_raw (id) ON DELETE CASCADE,
  record_index  INTEGER NOT NULL,
  outcome       TEXT NOT NULL CHECK (outcome IN ('created', 'merged', 'review')),
  PRIMARY KEY (lead_id, raw_id, record_index)
) STRICT, WITHOUT ROWID;
CREATE INDEX lead_intake_raw ON lead_intake (raw_id);

-- A retried request with the same key replays the stored answer. The key is scoped to the
-- caller (a source or the administrator) and bound to a hash of the request it first came with.
CREATE TABLE idempotency_keys (
  principal     TEXT NOT NULL,
  key           TEXT NOT NULL,
  request_hash  TEXT NOT NULL,
  status_code   INTEGER NOT NULL,
  response      TEXT NOT NULL CHECK (json_valid(response)),
  created_at    INTEGER NOT NULL,
  PRIMARY KEY (principal, key)
) STRICT, WITHOUT ROWID;
CREATE INDEX idempotency_keys_age ON idempotency_keys (created_at);

-- Leads kept separate but possibly duplicates of existing ones: a person decides.
CREATE TABLE review_queue (
  id           TEXT PRIMARY KEY,
  lead_id      TEXT NOT NULL REFERENCES leads (id) ON DELETE CASCADE,
  candidates   TEXT NOT NULL CHECK (json_valid(candidates)),
  created_at   INTEGER NOT NULL,
  resolved_at  INTEGER,
  resolution   TEXT
) STRICT;
CREATE INDEX review_queue_open ON review_queue (created_at) WHERE resolved_at IS NULL;

-- CSV column mapping saved per lead source (column header → lead field).
CREATE TABLE csv_mappings (
  source_id   TEXT PRIMARY KEY REFERENCES lead_sources (id) ON DELETE CASCADE,
  mapping     TEXT NOT NULL CHECK (json_valid(mapping)),
  updated_at  INTEGER NOT NULL
) STRICT;

-- Email intake ledger: one row per message, written in the same transaction as its lead, so
-- a restart between storing the lead and filing the message files it without a second lead.
CREATE TABLE mail_messages (
  message_key   TEXT PRIMARY KEY,
  mailbox       TEXT NOT NULL,
  uid_validity  INTEGER NOT NULL,
  uid           INTEGER NOT NULL,
  outcome       TEXT NOT NULL CHECK (outcome IN ('processed', 'failed')),
  lead_id       TEXT REFERENCES leads (id) ON DELETE SET NULL,
  raw_id        TEXT REFERENCES intake_raw (id) ON DELETE SET NULL,
  reason        TEXT,
  recorded_at   INTEGER NOT NULL,
  filed_at      INTEGER
) STRICT;
CREATE UNIQUE INDEX mail_messages_uid ON mail_messages (mailbox, uid_validity, uid);
