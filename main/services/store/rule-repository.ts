import type { Database, Statement } from 'better-sqlite3';
import type { RuleChange } from '../../../core/contract/index.ts';
import type { LookupTable, Rule, RuleTemplate } from '../../../core/rules/index.ts';
import type { Outbox } from './outbox.ts';

/**
 * The rule editor's data: the box tree, rules, lookup tables, round-robin classes and wizard
 * templates. Every write the person makes is one transaction together with its outbox entry,
 * so a rule is never saved without being queued for sync (nor queued without being saved).
 * The store trusts its callers to have validated rules and templates (the handlers do).
 */

export interface BoxRow {
  id: string;
  parentId: string | null;
  name: string;
  ownerId: string | null;
  capacity?: number;
  overflowBoxId?: string;
}

export interface UserClass {
  id: string;
  name: string;
  members: string[];
}

export interface StoredRule {
  rule: Rule;
  updatedAt: number;
}

export interface StoredTemplate {
  id: string;
  ownerId: string;
  xml: string;
  template: RuleTemplate;
  updatedAt: number;
}

export interface WriteContext {
  now: number;
  newId: () => string;
}

/** What a seeded workspace (the demo, later a server's first sync) brings, written without outbox entries. */
export interface RuleSeed {
  boxes: BoxRow[];
  userClasses: UserClass[];
  rules: Rule[];
  lookupTables: LookupTable[];
  templates: Array<{ ownerId: string; xml: string; template: RuleTemplate }>;
}

interface BoxData {
  id: string;
  parent_id: string | null;
  name: string;
  owner_id: string | null;
  capacity: number | null;
  overflow_box_id: string | null;
}

export class RuleRepository {
  private readonly allBoxes: Statement<[], BoxData>;
  private readonly insertBox: Statement<unknown[]>;
  private readonly allRules: Statement<[], { body: string; updated_at: number }>;
  private readonly ruleById: Statement<[string], { body: string; updated_at: number }>;
  private readonly upsertRule: Statement<unknown[]>;
  private readonly deleteRule: Statement<[string]>;
  private readonly allTables: Statement<[], string>;
  private readonly upsertTable: Statement<[string, string]>;
  private readonly allClasses: Statement<[], { id: string; name: string; members: string }>;
  private readonly insertClass: Statement<[string, string, string]>;
  private readonly allTemplates: Statement<[], { id: string; owner_id: string; xml: string; body: string; updated_at: number }>;
  private readonly upsertTemplate: Statement<[string, string, string, string, number]>;

  constructor(private readonly db: Database, private readonly outbox: Outbox) {
    this.allBoxes = db.prepare('SELECT * FROM rule_boxes ORDER BY name, id');
    this.insertBox = db.prepare('INSERT INTO rule_boxes (id, parent_id, name, owner_id, capacity, overflow_box_id) VALUES (?, ?, ?, ?, ?, ?)');
    this.allRules = db.prepare('SELECT body, updated_at FROM rules ORDER BY box_id, sort_order, id');
    this.ruleById = db.prepare('SELECT body, updated_at FROM rules WHERE id = ?');
    this.upsertRule = db.prepare(`INSERT INTO rules (id, box_id, owner_id, sort_order, enabled, body, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)
      ON CONFLICT (id) DO UPDATE SET box_id = excluded.box_id, owner_id = excluded.owner_id, sort_order = excluded.sort_order,
        enabled = excluded.enabled, body = excluded.body, updated_at = excluded.updated_at`);
    this.deleteRule = db.prepare('DELETE FROM rules WHERE id = ?');
    this.allTables = db.prepare<[], string>('SELECT body FROM rule_lookup_tables ORDER BY id').pluck();
    this.upsertTable = db.prepare('INSERT INTO rule_lookup_tables (id, body) VALUES (?, ?) ON CONFLICT (id) DO UPDATE SET body = excluded.body');
    this.allClasses = db.prepare('SELECT id, name, members FROM rule_user_classes ORDER BY name, id');
    this.insertClass = db.prepare('INSERT INTO rule_user_classes (id, name, members) VALUES (?, ?, ?)');
    this.allTemplates = db.prepare('SELECT id, owner_id, xml, body, updated_at FROM rule_templates ORDER BY owner_id, id');
    this.upsertTemplate = db.prepare(`INSERT INTO rule_templates (id, owner_id, xml, body, updated_at) VALUES (?, ?, ?, ?, ?)
      ON CONFLICT (id) DO UPDATE SET owner_id = excluded.owner_id, xml = excluded.xml, body = excluded.body, updated_at = excluded.updated_at`);
  }

  boxes(): BoxRow[] {
    return this.allBoxes.all().map((b) => ({
      id: b.id,
      parentId: b.parent_id,
      name: b.name,
      ownerId: b.owner_id,
      ...(b.capacity !== null ? { capacity: b.capacity } : {}),
      ...(b.overflow_box_id !== null ? { overflowBoxId: b.overflow_box_id } : {}),
    }));
  }

  addBox(box: BoxRow): void {
    this.insertBox.run(box.id, box.parentId, box.name, box.ownerId, box.capacity ?? null, box.overflowBoxId ?? null);
  }

  userClasses(): UserClass[] {
    return this.allClasses.all().map((c) => ({ id: c.id, name: c.name, members: JSON.parse(c.members) as string[] }));
  }

  rules(): StoredRule[] {
    return this.allRules.all().map((row) => ({ rule: JSON.parse(row.body) as Rule, updatedAt: row.updated_at }));
  }

  rule(id: string): StoredRule | null {
    const row = this.ruleById.get(id);
    return row ? { rule: JSON.parse(row.body) as Rule, updatedAt: row.updated_at } : null;
  }

  lookupTables(): LookupTable[] {
    return this.allTables.all().map((body) => JSON.parse(body) as LookupTable);
  }

  templates(): StoredTemplate[] {
    return this.allTemplates.all().map((t) => ({ id: t.id, ownerId: t.owner_id, xml: t.xml, template: JSON.parse(t.body) as RuleTemplate, updatedAt: t.updated_at }));
  }

  /** Saves rules (and the lookup tables they bring), one outbox entry each; answers the outbox sequence numbers. */
  saveRules(rules: readonly Rule[], tables: readonly LookupTable[], ctx: WriteContext): number[] {
    return this.write(ctx, (queue) => {
      for (const table of tables) {
        this.upsertTable.run(table.id, JSON.stringify(table));
        queue({ type: 'lookupTable.save', table });
      }
      for (const rule of rules) {
        this.putRule(rule, ctx.now);
        queue({ type: 'rule.save', rule });
      }
    });
  }

  remove(id: string, ctx: WriteContext): number {
    return this.write(ctx, (queue) => {
      const stored = this.rule(id);
      if (!stored) throw new Error(`rule ${id} vanished before it was deleted`);
      this.deleteRule.run(id);
      queue({ type: 'rule.delete', ruleId: id, boxId: stored.rule.scope.kind === 'box' ? stored.rule.scope.boxId : null });
    })[0]!;
  }

  /** Orders are 10, 20, 30, ... so a rule can later be slotted between two without renumbering. */
  reorder(boxId: string, ids: readonly string[], ctx: WriteContext): number {
    return this.write(ctx, (queue) => {
      const order = ids.map((id, i) => ({ id, order: (i + 1) * 10 }));
      for (const { id, order: position } of order) {
        const stored = this.rule(id)!;
        this.putRule({ ...stored.rule, order: position }, ctx.now);
      }
      queue({ type: 'rule.reorder', boxId, order });
    })[0]!;
  }

  setEnabled(id: string, enabled: boolean, ctx: WriteContext): number {
    return this.write(ctx, (queue) => {
      const stored = this.rule(id)!;
      this.putRule({ ...stored.rule, enabled }, ctx.now);
      queue({ type: 'rule.setEnabled', ruleId: id, enabled });
    })[0]!;
  }

  saveTemplate(template: RuleTemplate, xml: string, ownerId: string, ctx: WriteContext): number {
    return this.write(ctx, (queue) => {
      this.upsertTemplate.run(template.id, ownerId, xml, JSON.stringify(template), ctx.now);
      queue({ type: 'template.save', template, xml });
    })[0]!;
  }

  /** Replaces the tree and classes, and adds the seed's rules, tables and templates; nothing is queued for sync. */
  seed(seed: RuleSeed, now: number): void {
    this.db.transaction(() => {
      this.db.exec('DELETE FROM rule_boxes; DELETE FROM rule_user_classes;');
      for (const box of seed.boxes) this.addBox(box);
      for (const c of seed.userClasses) this.insertClass.run(c.id, c.name, JSON.stringify(c.members));
      for (const table of seed.lookupTables) this.upsertTable.run(table.id, JSON.stringify(table));
      for (const rule of seed.rules) this.putRule(rule, now);
      for (const t of seed.templates) this.upsertTemplate.run(t.template.id, t.ownerId, t.xml, JSON.stringify(t.template), now);
    }).immediate();
  }

  private putRule(rule: Rule, now: number): void {
    const boxId = rule.scope.kind === 'box' ? rule.scope.boxId : null;
    this.upsertRule.run(rule.id, boxId, rule.ownerId, rule.order, rule.enabled ? 1 : 0, JSON.stringify(rule), now);
  }

  private write(ctx: WriteContext, body: (queue: (change: RuleChange) => void) => void): number[] {
    return this.db.transaction(() => {
      const seqs: number[] = [];
      body((change) => seqs.push(this.outbox.enqueueRuleChange({ id: ctx.newId(), change, createdAt: ctx.now })));
      return seqs;
    }).immediate();
  }
}
