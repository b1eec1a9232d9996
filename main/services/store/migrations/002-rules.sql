-- Schema level 2: the rule editor's data (docs/rule-editor.md). Rules and templates are
-- stored as the engine's JSON; the columns beside the body are what the editor queries.

-- The lead-box tree as far as this workstation knows it: my box, the boxes above it (whose
-- owners are my manager chain) and, for a manager, the boxes below it.
CREATE TABLE rule_boxes (
  id              TEXT PRIMARY KEY,
  parent_id       TEXT,
  name            TEXT NOT NULL,
  owner_id        TEXT,
  capacity        INTEGER,
  overflow_box_id TEXT
) STRICT;

-- box_id NULL = a global rule. body is the full rule (core/rules model.ts).
CREATE TABLE rules (
  id         TEXT    PRIMARY KEY,
  box_id     TEXT,
  owner_id   TEXT    NOT NULL,
  sort_order INTEGER NOT NULL,
  enabled    INTEGER NOT NULL,
  body       TEXT    NOT NULL,
  updated_at INTEGER NOT NULL
) STRICT;
CREATE INDEX rules_box ON rules (box_id, sort_order, id);

CREATE TABLE rule_lookup_tables (
  id   TEXT PRIMARY KEY,
  body TEXT NOT NULL
) STRICT;

-- Round-robin classes: members is a JSON array of user ids, in rotation order.
CREATE TABLE rule_user_classes (
  id      TEXT PRIMARY KEY,
  name    TEXT NOT NULL,
  members TEXT NOT NULL
) STRICT;

-- Wizard templates. xml is kept as the manager wrote it (comments included); body is its parse.
CREATE TABLE rule_templates (
  id         TEXT    PRIMARY KEY,
  owner_id   TEXT    NOT NULL,
  xml        TEXT    NOT NULL,
  body       TEXT    NOT NULL,
  updated_at INTEGER NOT NULL
) STRICT;
CREATE INDEX rule_templates_owner ON rule_templates (owner_id, id);

-- Rule accuracy reads the 'rule' history entries (data.ruleId) and the outcomes of their leads.
CREATE INDEX lead_history_rule ON lead_history (lead_id) WHERE kind = 'rule';
