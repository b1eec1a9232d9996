-- Schema level 4: the full-text index without FTS5 prefix indexes. With prefix = '1 2 3'
-- every token was indexed four times (whole, and its first 1, 2 and 3 characters), so
-- building it was most of a first sync's search cost (≈ 0.56 s against ≈ 0.20 s for 100k
-- leads). A half-typed word is still cheap without them: FTS5 then reads the few terms that
-- start with it, ≈ 1.4 ms for one letter and ≈ 0.2 ms for two at 100k leads with a
-- vocabulary of random words (docs/local-store.md has the figures).
--
-- The index is rebuilt from the tables with the same text LeadFts writes: the name as
-- "first last", the company, the email, and the lead's notes joined by spaces.
DROP TABLE lead_fts;

CREATE VIRTUAL TABLE lead_fts USING fts5 (
  name, company, email, notes,
  content = '',
  contentless_delete = 1,
  tokenize = 'unicode61 remove_diacritics 2'
);

INSERT INTO lead_fts (rowid, name, company, email, notes)
SELECT l.rid, concat_ws(' ', l.first_name, l.last_name), coalesce(l.company, ''), coalesce(l.email, ''),
  coalesce((SELECT group_concat(n.text, ' ') FROM notes AS n WHERE n.lead_id = l.id), '')
FROM leads AS l;
