import type { RuleAccuracyRow, RuleSummary, TemplateEntry } from '../../../core/contract/index.ts';
import { CallError } from '../../../core/contract/errors.ts';
import {
  compileRuleSet, describeRule, effectiveTemplate, exportRuleSet, importRuleSet, parseTemplateXml, type Rule,
} from '../../../core/rules/index.ts';
import type { Handlers } from '../dispatch.ts';
import type { LocalStore, StoredRule, StoredTemplate } from '../store/index.ts';
import { loadDirectory, requireEditableBox, ruleBoxes, type Me, type RuleDirectory } from './rule-directory.ts';
import { tryRules } from './rule-try.ts';
import { checkedRule, refuse, type RuleContext } from './rule-validation.ts';

export type RuleHandlers = Pick<Handlers, `rules.${string}` & keyof Handlers> & Pick<Handlers, 'templates.list' | 'templates.save'>;

export interface RuleHandlerDeps {
  store: LocalStore;
  me: Me;
  now: () => number;
  newId: () => string;
}

const boxOf = (rule: Rule) => (rule.scope.kind === 'box' ? rule.scope.boxId : null);

/** The rule editor behind the contract: every write is checked, stored and queued for sync in one go. */
export function createRuleHandlers(deps: RuleHandlerDeps): RuleHandlers {
  const { store, me } = deps;
  const directory = () => loadDirectory(store, me);
  const write = () => ({ now: deps.now(), newId: deps.newId });
  const context = (dir: RuleDirectory): RuleContext => ({ dir, me: me.id, newId: deps.newId, stored: store.rules.rules(), lookupTables: store.rules.lookupTables() });

  const editableRules = (dir: RuleDirectory, boxId?: string): StoredRule[] =>
    store.rules.rules().filter((s) => {
      const box = boxOf(s.rule);
      return box !== null && dir.isEditable(box) && (boxId === undefined || box === boxId);
    });

  const summaries = (dir: RuleDirectory, stored: StoredRule[]): RuleSummary[] => {
    const compiled = compileRuleSet({ version: 1, rules: stored.map((s) => ({ ...s.rule, enabled: true })), lookupTables: store.rules.lookupTables() });
    const depth = new Map(dir.editable.map((b, i) => [b.id, i]));
    return stored
      .map(({ rule, updatedAt }) => ({
        id: rule.id,
        name: rule.name,
        category: rule.category,
        event: rule.event,
        enabled: rule.enabled,
        order: rule.order,
        scope: rule.scope,
        boxId: boxOf(rule),
        ownerId: rule.ownerId,
        ownerName: dir.userName(rule.ownerId),
        description: describeRule(rule, dir.names),
        problems: compiled.errors.filter((e) => e.ruleId === rule.id).map((e) => (e.path ? `${e.path}: ${e.message}` : e.message)),
        updatedAt,
        rule,
      }))
      .sort((a, b) => (depth.get(a.boxId!) ?? 0) - (depth.get(b.boxId!) ?? 0) || a.order - b.order || (a.id < b.id ? -1 : 1));
  };

  const summaryOf = (dir: RuleDirectory, id: string) => summaries(dir, editableRules(dir)).find((s) => s.id === id)!;

  const editableRule = (dir: RuleDirectory, id: string): Rule => {
    const rule = store.rules.rule(id)?.rule;
    const box = rule ? boxOf(rule) : null;
    if (!rule || box === null || !dir.isEditable(box)) throw new CallError('not_found', 'no rule with this id in your box or the boxes below it', 'id');
    return rule;
  };

  const templateEntry = (dir: RuleDirectory, t: StoredTemplate): TemplateEntry => ({
    id: t.id, name: t.template.name, ownerId: t.ownerId, ownerName: dir.userName(t.ownerId), xml: t.xml, template: t.template,
    updatedAt: t.updatedAt, editable: t.ownerId === me.id,
  });

  return {
    'rules.list': ({ boxId }) => {
      const dir = directory();
      if (boxId !== undefined) requireEditableBox(dir, boxId, 'boxId');
      const all = editableRules(dir);
      const counts = new Map<string, number>();
      for (const s of all) counts.set(boxOf(s.rule)!, (counts.get(boxOf(s.rule)!) ?? 0) + 1);
      return { boxes: ruleBoxes(dir, counts), rules: summaries(dir, boxId === undefined ? all : all.filter((s) => boxOf(s.rule) === boxId)), canManage: dir.canManage };
    },

    'rules.get': ({ id }) => {
      const dir = directory();
      const rule = editableRule(dir, id);
      return { rule, summary: summaryOf(dir, rule.id) };
    },

    'rules.save': ({ rule: input }) => {
      const dir = directory();
      const ctx = context(dir);
      const rule = checkedRule(input, ctx, 'rule');
      const created = !ctx.stored.some((s) => s.rule.id === rule.id);
      const [outboxSeq] = store.rules.saveRules([rule], [], write());
      return { rule: summaryOf(dir, rule.id), created, outboxSeq: outboxSeq! };
    },

    'rules.delete': ({ id }) => {
      const dir = directory();
      editableRule(dir, id);
      return { id, outboxSeq: store.rules.remove(id, write()) };
    },

    'rules.reorder': ({ boxId, ids }) => {
      const dir = directory();
      requireEditableBox(dir, boxId, 'boxId');
      const inBox = editableRules(dir, boxId).map((s) => s.rule.id);
      const missing = inBox.filter((id) => !ids.includes(id));
      const unknown = ids.filter((id) => !inBox.includes(id));
      if (missing.length || unknown.length) {
        const parts = [missing.length ? `missing ${missing.join(', ')}` : '', unknown.length ? `not in this box: ${unknown.join(', ')}` : ''].filter(Boolean);
        throw new CallError('invalid_input', `must list every rule of the box exactly once (${parts.join('; ')})`, 'ids');
      }
      const outboxSeq = store.rules.reorder(boxId, ids, write());
      return { rules: summaries(dir, editableRules(dir, boxId)), outboxSeq };
    },

    'rules.setEnabled': ({ id, enabled }) => {
      const dir = directory();
      editableRule(dir, id);
      const outboxSeq = store.rules.setEnabled(id, enabled, write());
      return { rule: summaryOf(dir, id), created: false, outboxSeq };
    },

    'rules.template': () => {
      const dir = directory();
      const chain = dir.chain.map((t) => t.template);
      return {
        effective: effectiveTemplate(chain),
        chain,
        chainOwners: dir.chain.map((t) => ({ templateId: t.id, ownerName: dir.userName(t.ownerId) })),
        directory: {
          boxes: dir.editable.map((b) => ({ id: b.id, name: b.name })),
          users: dir.users,
          userClasses: dir.classRefs,
          lookupTables: store.rules.lookupTables().map((t) => ({ id: t.id, name: t.name ?? t.id })),
        },
      };
    },

    'rules.try': (input) => tryRules(input, store, directory(), deps.now()),

    'rules.accuracy': ({ boxId }) => {
      const dir = directory();
      if (boxId !== undefined) requireEditableBox(dir, boxId, 'boxId');
      const counts = new Map(store.ruleInsights.accuracy().map((row) => [row.ruleId, row]));
      const zero = { routed: 0, rejected: 0, forwarded: 0, timedOut: 0, won: 0 };
      const rows: RuleAccuracyRow[] = summaries(dir, editableRules(dir, boxId)).map((s) => {
        const { ruleId: _id, ruleName: _name, ...found } = counts.get(s.id) ?? { ruleId: s.id, ruleName: s.name, ...zero };
        return { ruleId: s.id, ruleName: s.name, boxId: s.boxId, stored: true, ...found };
      });
      const all = new Set(store.rules.rules().map((s) => s.rule.id));
      if (boxId === undefined) {
        for (const [ruleId, { ruleName, ...found }] of counts) if (!all.has(ruleId)) rows.push({ ...found, ruleId, ruleName: ruleName ?? ruleId, boxId: null, stored: false });
      }
      return { rules: rows };
    },

    'rules.export': ({ format, boxId }) => {
      const dir = directory();
      if (boxId !== undefined) requireEditableBox(dir, boxId, 'boxId');
      const rules = editableRules(dir, boxId).map((s) => s.rule);
      const used = new Set(rules.flatMap((r) => (r.calculations ?? []).flatMap((c) => (c.kind === 'lookup' ? [c.table] : []))));
      const lookupTables = store.rules.lookupTables().filter((t) => used.has(t.id));
      const text = exportRuleSet({ version: 1, rules, ...(lookupTables.length ? { lookupTables } : {}) }, format);
      return { format, text, ruleCount: rules.length, fileName: `leadrelay-rules-${boxId ?? dir.myBox.id}.${format}` };
    },

    'rules.import': ({ format, text }) => {
      const dir = directory();
      const imported = importRuleSet(text, format);
      if (!imported.ok) refuse(imported.issues.map((i) => ({ path: i.path || 'text', message: i.message })));
      const ctx = { ...context(dir), lookupTables: [...store.rules.lookupTables(), ...(imported.value.lookupTables ?? [])] };
      const rules = imported.value.rules.map((rule, i) => checkedRule({ ...rule }, ctx, `rules[${i}]`));
      const known = new Set(ctx.stored.map((s) => s.rule.id));
      const tables = imported.value.lookupTables ?? [];
      const seqs = store.rules.saveRules(rules, tables, write());
      const created = rules.filter((r) => !known.has(r.id)).length;
      return { created, updated: rules.length - created, lookupTables: tables.length, outboxEntries: seqs.length };
    },

    'templates.list': () => {
      const dir = directory();
      const mine = store.rules.templates().filter((t) => t.ownerId === me.id);
      return { canManage: dir.canManage, handedToMe: dir.chain.map((t) => templateEntry(dir, t)), forMyTeam: mine.map((t) => templateEntry(dir, t)) };
    },

    'templates.save': ({ xml }) => {
      const dir = directory();
      if (!dir.canManage) throw new CallError('conflict', 'only a manager hands templates to the users below them, and no boxes are below yours', 'xml');
      const parsed = parseTemplateXml(xml);
      if (!parsed.ok) {
        const issue = parsed.issues[0]!;
        throw new CallError('invalid_input', issue.path ? `in ${issue.path}: ${issue.message}` : issue.message, 'xml');
      }
      const other = store.rules.templates().find((t) => t.id === parsed.value.id && t.ownerId !== me.id);
      if (other) throw new CallError('conflict', `template id "${other.id}" belongs to ${dir.userName(other.ownerId)}; give yours another id`, 'xml');
      const outboxSeq = store.rules.saveTemplate(parsed.value, xml, me.id, write());
      const saved = store.rules.templates().find((t) => t.id === parsed.value.id)!;
      return { template: templateEntry(dir, saved), outboxSeq };
    },
  };
}
