-- The reseller exchange (docs/exchange.md): partner servers, offers made to them, leads
-- received from a vendor, the signed outbound queue, and what was received (at most once).

-- The other side of an exchange: on a central server its resellers, on a reseller its vendor.
-- The id is the one the central server issued; both sides send it in x-leadrelay-partner.
-- Secrets are kept as given (HMAC needs the key); previous_secret is still accepted while
-- a rotation is under way.
CREATE TABLE partners (
  id               TEXT PRIMARY KEY,
  kind             TEXT NOT NULL CHECK (kind IN ('reseller', 'vendor')),
  name             TEXT NOT NULL,
  url              TEXT NOT NULL,
  format           TEXT NOT NULL CHECK (format IN ('xml', 'json', 'adf')),
  secret           TEXT NOT NULL,
  previous_secret  TEXT,
  policy           TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(policy)),
  disabled         INTEGER NOT NULL DEFAULT 0 CHECK (disabled IN (0, 1)),
  created_at       INTEGER NOT NULL,
  updated_at       INTEGER NOT NULL
) STRICT;

-- Central side: one row per offer of a lead to a partner, and its feedback.
CREATE TABLE partner_offers (
  id           TEXT PRIMARY KEY,
  lead_id      TEXT NOT NULL REFERENCES leads (id) ON DELETE CASCADE,
  partner_id   TEXT NOT NULL REFERENCES partners (id),
  status       TEXT NOT NULL CHECK (status IN ('open', 'accepted', 'declined', 'withdrawn', 'expired', 'exported')),
  offered_at   INTEGER NOT NULL,
  expires_at   INTEGER,
  withheld     TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(withheld)),
  closed_at    INTEGER,
  last_status  TEXT,
  won_amount   REAL
) STRICT;
CREATE UNIQUE INDEX partner_offers_one_open ON partner_offers (lead_id, partner_id) WHERE status = 'open';
CREATE INDEX partner_offers_lead ON partner_offers (lead_id, status);
CREATE INDEX partner_offers_partner ON partner_offers (partner_id, status);

-- Reseller side: local leads that came from a vendor, and where the exchange stands.
CREATE TABLE exchange_leads (
  lead_id         TEXT PRIMARY KEY REFERENCES leads (id) ON DELETE CASCADE,
  partner_id      TEXT NOT NULL REFERENCES partners (id),
  remote_lead_id  TEXT NOT NULL,
  state           TEXT NOT NULL CHECK (state IN ('offered', 'accepted', 'declined', 'withdrawn')),
  withheld        TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(withheld)),
  UNIQUE (partner_id, remote_lead_id)
) STRICT;

-- Messages to partners, encoded and queued in the transaction that caused them; delivered in
-- order per (partner, lead), retried with back-off until acknowledged, else dead-lettered.
CREATE TABLE exchange_outbox (
  seq              INTEGER PRIMARY KEY AUTOINCREMENT,
  id               TEXT NOT NULL UNIQUE,
  partner_id       TEXT NOT NULL REFERENCES partners (id),
  lead_id          TEXT NOT NULL,
  kind             TEXT NOT NULL,
  content_type     TEXT NOT NULL,
  body             TEXT NOT NULL,
  created_at       INTEGER NOT NULL,
  attempts         INTEGER NOT NULL DEFAULT 0,
  next_attempt_at  INTEGER NOT NULL,
  delivered_at     INTEGER,
  dead_at          INTEGER,
  last_error       TEXT
) STRICT;
CREATE INDEX exchange_outbox_due ON exchange_outbox (next_attempt_at, seq) WHERE delivered_at IS NULL AND dead_at IS NULL;
CREATE INDEX exchange_outbox_pending ON exchange_outbox (partner_id, lead_id, seq) WHERE delivered_at IS NULL AND dead_at IS NULL;
CREATE INDEX exchange_outbox_dead ON exchange_outbox (dead_at) WHERE dead_at IS NOT NULL;

-- Every message applied, by sender and id, with the answer given: a retry gets the same answer.
CREATE TABLE exchange_inbox (
  partner_id   TEXT NOT NULL,
  message_id   TEXT NOT NULL,
  kind         TEXT NOT NULL,
  received_at  INTEGER NOT NULL,
  result       TEXT NOT NULL,
  reason       TEXT,
  PRIMARY KEY (partner_id, message_id)
) STRICT, WITHOUT ROWID;

-- Signatures seen within the replay window: the same signed request twice is refused.
CREATE TABLE exchange_nonces (
  signature  TEXT PRIMARY KEY,
  at         INTEGER NOT NULL
) STRICT, WITHOUT ROWID;
CREATE INDEX exchange_nonces_at ON exchange_nonces (at);
