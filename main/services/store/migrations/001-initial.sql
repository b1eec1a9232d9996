-- Schema level 1 of the workstation's local store. Never edit a migration that has shipped:
-- add NNN-name.sql instead (see docs/local-store.md).

-- rid is the stable integer key the FTS index and the in-memory list index use; id is the
-- lead's global id, created on whichever machine made the lead.
CREATE TABLE leads (
  rid              INTEGER PRIMARY KEY,
  id               TEXT    NOT NULL UNIQUE,
  version          INTEGER NOT NULL DEFAULT 0,
  created_at       INTEGER NOT NULL,
  updated_at       INTEGER NOT NULL,
  status           TEXT    NOT NULL,
  priority         TEXT    NOT NULL,
  score            REAL    NOT NULL,
  first_name       TEXT,
  last_name        TEXT,
  company          TEXT,
  title            TEXT,
  email            TEXT,
  phone            TEXT,
  street           TEXT,
  city             TEXT,
  region           TEXT,
  postal_code      TEXT,
  country          TEXT,
  product          TEXT,
  size             INTEGER,
  timeframe        TEXT,
  budget           REAL,
  source           TEXT,
  campaign         TEXT,
  box_id           TEXT,
  owner_id         TEXT,
  offer_expires_at INTEGER,
  incubate_until   INTEGER,
  withheld         TEXT    NOT NULL DEFAULT '[]',
  custom           TEXT    NOT NULL DEFAULT '{}',
  attachments      TEXT    NOT NULL DEFAULT '[]',
  won_amount       REAL,
  close_reason     TEXT
) STRICT;

-- The offer-timeout sweep and the "my open offers" view.
CREATE INDEX leads_status_expiry ON leads (status, offer_expires_at);
CREATE INDEX leads_owner ON leads (owner_id, status);

CREATE TABLE lead_history (
  id      TEXT    PRIMARY KEY,
  lead_id TEXT    NOT NULL REFERENCES leads (id) ON DELETE CASCADE,
  at      INTEGER NOT NULL,
  actor   TEXT    NOT NULL,
  kind    TEXT    NOT NULL,
  summary TEXT    NOT NULL,
  reason  TEXT,
  data    TEXT    NOT NULL DEFAULT '{}'
) STRICT;
CREATE INDEX lead_history_lead ON lead_history (lead_id, at);

CREATE TABLE notes (
  id      TEXT    PRIMARY KEY,
  lead_id TEXT    NOT NULL REFERENCES leads (id) ON DELETE CASCADE,
  at      INTEGER NOT NULL,
  author  TEXT    NOT NULL,
  text    TEXT    NOT NULL
) STRICT;
CREATE INDEX notes_lead ON notes (lead_id, at);

-- Local mutations waiting to be pushed; seq is the per-client sequence number of docs/sync.md.
CREATE TABLE outbox (
  seq        INTEGER PRIMARY KEY AUTOINCREMENT,
  id         TEXT    NOT NULL UNIQUE,
  kind       TEXT    NOT NULL,
  lead_id    TEXT,
  payload    TEXT    NOT NULL,
  created_at INTEGER NOT NULL,
  sent_at    INTEGER,
  state      TEXT    NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'sent'))
) STRICT;
CREATE INDEX outbox_pending ON outbox (state, seq);

CREATE TABLE settings (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
) STRICT;

CREATE TABLE colleagues (
  id    TEXT PRIMARY KEY,
  name  TEXT NOT NULL,
  email TEXT
) STRICT;

-- Contentless: the text lives in leads and notes already, so the index stores no second copy.
-- contentless_delete lets the repository replace one lead's row (INSERT OR REPLACE) in the
-- same transaction as the write that changed its text. rowid = leads.rid.
CREATE VIRTUAL TABLE lead_fts USING fts5 (
  name, company, email, notes,
  content = '',
  contentless_delete = 1,
  prefix = '1 2 3',
  tokenize = 'unicode61 remove_diacritics 2'
);
