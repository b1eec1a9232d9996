-- Organisation, access and the routing lifecycle. Documented in docs/server-store.md and
-- docs/routing.md. Times are epoch milliseconds.

-- Users: capacity (open leads at once; NULL = unlimited), away until a time, working hours
-- as JSON ({ "timeZone": "Europe/Berlin", "days": [1,2,3,4,5], "start": "08:00", "end": "18:00" }),
-- and a switch to disable a login without deleting the user's history.
ALTER TABLE users ADD COLUMN capacity INTEGER CHECK (capacity IS NULL OR capacity >= 0);
ALTER TABLE users ADD COLUMN away_until INTEGER;
ALTER TABLE users ADD COLUMN working_hours TEXT CHECK (working_hours IS NULL OR json_valid(working_hours));
ALTER TABLE users ADD COLUMN disabled INTEGER NOT NULL DEFAULT 0 CHECK (disabled IN (0, 1));

-- Where a full box sends leads when its policy names a box rather than its parent.
ALTER TABLE boxes ADD COLUMN overflow_box_id TEXT REFERENCES boxes (id) ON DELETE SET NULL;

-- Round-robin classes: members in rotation order.
CREATE TABLE user_classes (
  id          TEXT PRIMARY KEY,
  name        TEXT NOT NULL,
  created_at  INTEGER NOT NULL,
  updated_at  INTEGER NOT NULL
) STRICT;

CREATE TABLE user_class_members (
  class_id  TEXT NOT NULL REFERENCES user_classes (id) ON DELETE CASCADE,
  user_id   TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  position  INTEGER NOT NULL,
  PRIMARY KEY (class_id, user_id)
) STRICT, WITHOUT ROWID;

-- classId → the member who received the class's previous lead (core/rules round robin state).
CREATE TABLE round_robin_state (
  class_id      TEXT PRIMARY KEY REFERENCES user_classes (id) ON DELETE CASCADE,
  last_user_id  TEXT NOT NULL
) STRICT;

-- The server's one rule set (core/rules JSON), replaced as a whole; revision counts changes.
CREATE TABLE rule_set (
  id          INTEGER PRIMARY KEY CHECK (id = 1),
  body        TEXT NOT NULL CHECK (json_valid(body)),
  revision    INTEGER NOT NULL,
  updated_at  INTEGER NOT NULL,
  updated_by  TEXT NOT NULL
) STRICT;

-- Lead sources post intake with their own API key; only a SHA-256 of the key is kept.
CREATE TABLE lead_sources (
  id          TEXT PRIMARY KEY,
  name        TEXT NOT NULL,
  key_hash    TEXT NOT NULL UNIQUE,
  key_prefix  TEXT NOT NULL,
  created_at  INTEGER NOT NULL,
  revoked_at  INTEGER
) STRICT;

-- Workstation bearer tokens; only a SHA-256 of the token is kept.
CREATE TABLE auth_tokens (
  id            TEXT PRIMARY KEY,
  user_id       TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  token_hash    TEXT NOT NULL UNIQUE,
  label         TEXT,
  created_at    INTEGER NOT NULL,
  last_used_at  INTEGER,
  revoked_at    INTEGER
) STRICT;
CREATE INDEX auth_tokens_user ON auth_tokens (user_id);

-- One row per offer of a lead to a user. An up-for-grabs offer makes several open rows at
-- once; the first accept closes the others as withdrawn.
CREATE TABLE offers (
  id          TEXT PRIMARY KEY,
  lead_id     TEXT NOT NULL REFERENCES leads (id) ON DELETE CASCADE,
  user_id     TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  kind        TEXT NOT NULL CHECK (kind IN ('direct', 'roundRobin', 'upForGrabs', 'boxOwner', 'escalation', 'forward')),
  status      TEXT NOT NULL CHECK (status IN ('open', 'accepted', 'rejected', 'withdrawn', 'expired')),
  offered_at  INTEGER NOT NULL,
  expires_at  INTEGER,
  on_timeout  TEXT NOT NULL DEFAULT 'reroute' CHECK (on_timeout IN ('reroute', 'returnToBox', 'escalate')),
  rule_id     TEXT,
  class_id    TEXT,
  withheld    TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(withheld)),
  closed_at   INTEGER
) STRICT;
CREATE INDEX offers_lead ON offers (lead_id, status);
CREATE INDEX offers_user_open ON offers (user_id, offered_at) WHERE status = 'open';
CREATE UNIQUE INDEX offers_one_open_per_user ON offers (lead_id, user_id) WHERE status = 'open';

-- Users who rejected (or let lapse) a lead are not offered it again.
CREATE TABLE lead_exclusions (
  lead_id  TEXT NOT NULL REFERENCES leads (id) ON DELETE CASCADE,
  user_id  TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  at       INTEGER NOT NULL,
  reason   TEXT NOT NULL,
  PRIMARY KEY (lead_id, user_id)
) STRICT, WITHOUT ROWID;

-- Idempotency keys of rule actions already performed for a lead (core/rules `performed`).
CREATE TABLE lead_performed (
  lead_id  TEXT NOT NULL REFERENCES leads (id) ON DELETE CASCADE,
  key      TEXT NOT NULL,
  PRIMARY KEY (lead_id, key)
) STRICT, WITHOUT ROWID;

-- Outgoing email, sent by the scheduler with retry so a down SMTP server loses nothing.
CREATE TABLE email_outbox (
  id               TEXT PRIMARY KEY,
  lead_id          TEXT REFERENCES leads (id) ON DELETE SET NULL,
  user_id          TEXT REFERENCES users (id) ON DELETE SET NULL,
  to_address       TEXT NOT NULL,
  subject          TEXT NOT NULL,
  body             TEXT NOT NULL,
  created_at       INTEGER NOT NULL,
  attempts         INTEGER NOT NULL DEFAULT 0,
  next_attempt_at  INTEGER NOT NULL,
  sent_at          INTEGER,
  last_error       TEXT
) STRICT;
CREATE INDEX email_outbox_due ON email_outbox (next_attempt_at) WHERE sent_at IS NULL;
