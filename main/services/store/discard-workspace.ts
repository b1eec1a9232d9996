import type { LocalStore } from './open-store.ts';

/**
 * Empties everything a workspace holds for one account — leads with their history, notes and
 * search rows, colleagues, the rule editor's boxes, rules, tables, classes and templates, and
 * the outbox — in one transaction; settings stay. Used when the demo or another account's data
 * must not be seen by (or sent as) the account signing in.
 */
export function discardWorkspace(store: LocalStore): void {
  store.db.transaction(() => {
    store.leads.clear();
    store.db.exec(`DELETE FROM outbox; DELETE FROM colleagues;
      DELETE FROM rules; DELETE FROM rule_boxes; DELETE FROM rule_lookup_tables; DELETE FROM rule_user_classes; DELETE FROM rule_templates;`);
  }).immediate();
}
