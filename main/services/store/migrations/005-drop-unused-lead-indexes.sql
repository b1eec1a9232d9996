-- Schema level 5: the two secondary indexes on leads go. Level 1 made them for an
-- offer-timeout sweep and a "my open offers" view in SQL; both are served by the in-memory
-- list index instead (docs/local-store.md, "Queries"), and no statement of the workstation
-- reads leads by status, offer expiry or owner. Each lead written still paid for two B-tree
-- inserts into them: ≈ 16% of the writing in a 100k-lead first sync (0.83 s against 0.99 s).
DROP INDEX leads_status_expiry;
DROP INDEX leads_owner;
