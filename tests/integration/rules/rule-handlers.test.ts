import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { CallInput, CallName, CallResult } from '../../../core/contract/index.ts';
import type { CallError } from '../../../core/contract/errors.ts';
import { generateDemoWorkspace } from '../../../core/demo/generate.ts';
import { importRuleSet } from '../../../core/rules/index.ts';
import type { Profile } from '../../../main/services/handlers.ts';
import { startWorkstation, type Workstation } from '../../../main/services/workstation.ts';

const NOW = Date.UTC(2026, 10, 22, 9, 0, 0);
const LEADS = 1_500;
const SEED = 21;

interface Running {
  ws: Workstation;
  dir: string;
  call<N extends CallName>(name: N, input: CallInput<N>): Promise<CallResult<N>>;
  fail(name: CallName, input: unknown): Promise<CallError>;
}

const open: Running[] = [];
function start(dir = mkdtempSync(join(tmpdir(), 'leadrelay-rules-')), newId?: () => string): Running {
  let n = 0;
  const ws = startWorkstation({ dataDir: dir, now: () => NOW, newId: newId ?? (() => `id-${++n}-${Math.random().toString(36).slice(2, 8)}`) });
  const running: Running = {
    ws,
    dir,
    call: (name, input) => ws.dispatch(name, input) as never,
    fail: async (name, input) => {
      try {
        await ws.dispatch(name, input);
      } catch (error) {
        return error as CallError;
      }
      throw new Error(`${name} succeeded but should have failed`);
    },
  };
  open.push(running);
  return running;
}

afterEach(() => {
  for (const r of open.splice(0)) r.ws.close();
});

const counts = (r: Running) => ({
  rules: r.ws.store.db.prepare('SELECT count(*) FROM rules').pluck().get() as number,
  outbox: r.ws.store.db.prepare('SELECT count(*) FROM outbox').pluck().get() as number,
});

async function demo(dir?: string): Promise<Running & { myBoxId: string; me: Profile }> {
  const r = start(dir);
  await r.call('workspace.createDemo', { count: LEADS, seed: SEED });
  const list = await r.call('rules.list', {});
  return { ...r, myBoxId: list.boxes.find((b) => b.mine)!.id, me: r.ws.store.settings.get<Profile>('profile')! };
}

const frenchRule = (boxId: string, add = 20) => ({
  name: 'French leads up',
  category: 'prioritization',
  event: 'arrived',
  scope: { kind: 'box', boxId },
  conditions: { all: [{ field: 'contact.country', op: 'equals', value: 'FR' }] },
  actions: [{ type: 'setScore', add }],
});

describe('rules.save', () => {
  it('stores a valid rule with its description and queues it in the outbox', async () => {
    const r = await demo();
    const before = counts(r);
    const saved = await r.call('rules.save', { rule: frenchRule(r.myBoxId) });
    expect(saved.created).toBe(true);
    expect(saved.rule).toMatchObject({ name: 'French leads up', ownerId: r.me.id, order: 80, enabled: true, boxId: r.myBoxId });
    expect(saved.rule.description).toBe('When a lead arrives in the box, if the country is FR, add 20 to the score.');
    expect(counts(r)).toEqual({ rules: before.rules + 1, outbox: before.outbox + 1 });
    const [queued] = r.ws.store.outbox.pending(10);
    expect(queued).toMatchObject({ seq: saved.outboxSeq, kind: 'rule.save', leadId: null, leadVersion: null, createdAt: NOW });
    expect(queued!.action).toEqual({ type: 'rule.save', rule: saved.rule.rule });
    const listed = await r.call('rules.list', { boxId: r.myBoxId });
    expect(listed.rules.at(-1)!.id).toBe(saved.rule.id);
  });

  it('refuses a value outside the template range, naming the rule part, the template and the allowed values; nothing is written', async () => {
    const r = await demo();
    const before = counts(r);
    const error = await r.fail('rules.save', { rule: frenchRule(r.myBoxId, 80) });
    expect(error).toMatchObject({ code: 'invalid_input', field: 'rule.actions[0].add' });
    expect(error.message).toContain('80 is outside the allowed range for setScore: template "Sales organisation" allows -50..50');
    const partner = await r.fail('rules.save', { rule: { ...frenchRule(r.myBoxId), actions: [{ type: 'routeToPartner', partnerId: 'p1' }] } });
    expect(partner).toMatchObject({ code: 'invalid_input', field: 'rule.actions[0].type' });
    expect(partner.message).toMatch(/action "routeToPartner" is not allowed: template "Sales organisation" allows setPriority, setScore/);
    const category = await r.fail('rules.save', { rule: { ...frenchRule(r.myBoxId), category: 'notification' } });
    expect(category).toMatchObject({ field: 'rule.category' });
    expect(counts(r)).toEqual(before);
  });

  it('names the path of a malformed part, and refuses boxes that are not mine or below mine', async () => {
    const r = await demo();
    const shape = await r.fail('rules.save', { rule: { ...frenchRule(r.myBoxId), conditions: { all: [{ field: 'interest.size', op: 'gte', value: 'big' }] } } });
    expect(shape).toMatchObject({ code: 'invalid_input', field: 'rule.conditions.all[0].value' });
    expect(shape.message).toContain('must be a number for interest.size');
    const above = await r.fail('rules.save', { rule: frenchRule('box-sales') });
    expect(above).toMatchObject({ code: 'invalid_input', field: 'rule.scope.boxId' });
    const pattern = await r.fail('rules.save', { rule: { ...frenchRule(r.myBoxId), conditions: { all: [{ field: 'contact.company', op: 'matches', pattern: '(' }] } } });
    expect(pattern.field).toBe('rule.conditions.all[0].pattern');
    const notObject = await r.fail('rules.save', { rule: 'x' });
    expect(notObject).toMatchObject({ code: 'invalid_input', field: 'rule' });
  });

  it('writes the rule and its outbox entry in one transaction: a failing outbox insert leaves no rule behind', async () => {
    const ids: string[] = [];
    const r = start(undefined, () => ids.shift() ?? `setup-${Math.random()}`);
    await r.call('workspace.startEmpty', {});
    const boxId = (await r.call('rules.list', {})).boxes[0]!.id;
    // The second save's outbox row reuses the first one's id: its insert fails after the rule row was written.
    ids.push('outbox-1', 'outbox-1');
    await r.call('rules.save', { rule: { ...frenchRule(boxId), id: 'rule-a' } });
    const before = counts(r);
    const error = await r.fail('rules.save', { rule: { ...frenchRule(boxId), id: 'rule-b' } });
    expect(error.code).toBe('internal');
    expect(counts(r)).toEqual(before);
    expect(r.ws.store.rules.rule('rule-b')).toBeNull();
  });
});

describe('rules in an empty workspace', () => {
  it('gives me a box of my own, with no template to satisfy and nobody to hand one to', async () => {
    const r = start();
    await r.call('workspace.startEmpty', {});
    const list = await r.call('rules.list', {});
    expect(list.boxes).toHaveLength(1);
    expect(list.canManage).toBe(false);
    expect((await r.call('rules.template', {})).chain).toEqual([]);
    await r.call('rules.save', { rule: frenchRule(list.boxes[0]!.id, 90) });
    const refused = await r.fail('templates.save', { xml: '<ruleTemplate id="t" name="T"/>' });
    expect(refused).toMatchObject({ code: 'conflict', field: 'xml' });
  });
});

describe('reorder, enable, delete', () => {
  it('renumbers a box in the given order and queues each change', async () => {
    const r = await demo();
    const ids = (await r.call('rules.list', { boxId: r.myBoxId })).rules.map((s) => s.id);
    const reversed = [...ids].reverse();
    const result = await r.call('rules.reorder', { boxId: r.myBoxId, ids: reversed });
    expect(result.rules.map((s) => s.id)).toEqual(reversed);
    expect(result.rules.map((s) => s.order)).toEqual(reversed.map((_, i) => (i + 1) * 10));
    const bad = await r.fail('rules.reorder', { boxId: r.myBoxId, ids: reversed.slice(1) });
    expect(bad).toMatchObject({ code: 'invalid_input', field: 'ids' });
    expect(bad.message).toContain(`missing ${reversed[0]}`);
    const twice = await r.fail('rules.reorder', { boxId: r.myBoxId, ids: [ids[0]!, ids[0]!] });
    expect(twice).toMatchObject({ field: 'ids' });

    await r.call('rules.setEnabled', { id: 'demo-researchers', enabled: true });
    await r.call('rules.delete', { id: 'demo-price-list' });
    expect(r.ws.store.outbox.pending(10).map((e) => e.kind)).toEqual(['rule.reorder', 'rule.setEnabled', 'rule.delete']);
    expect(r.ws.store.outbox.pending(10)[2]!.action).toEqual({ type: 'rule.delete', ruleId: 'demo-price-list', boxId: r.myBoxId });
    expect((await r.call('rules.get', { id: 'demo-researchers' })).rule.enabled).toBe(true);
    expect((await r.fail('rules.get', { id: 'demo-price-list' })).code).toBe('not_found');
  });
});

describe('rules.try on demo data', () => {
  it('sends enterprise leads to Anna, other DACH leads round robin, and reports every lead once', async () => {
    const r = await demo();
    const { rules } = await r.call('rules.list', {});
    const result = await r.call('rules.try', { rules: rules.map((s) => s.rule as never), sample: 5_000 });
    expect(result).toMatchObject({ leadsInStore: LEADS, leadsTried: LEADS, sampleCap: 5_000, compileErrors: [] });
    const { leads } = r.ws.store.ruleInsights.sample(5_000);
    // An independent reading of the demo rules: size ≥ 250 → Anna's box (it runs after the round robin, so it wins);
    // other DACH leads → one of the three reps in turn; the rest stay in my box.
    const enterprise = leads.filter((l) => (l.interest.size ?? 0) >= 250).length;
    const dach = leads.filter((l) => ['DE', 'AT', 'CH'].includes(l.contact.country ?? '') && (l.interest.size ?? 0) < 250).length;
    const count = (kind: string, id?: string) => result.aggregate.destinations.filter((d) => d.kind === kind && (id === undefined || d.id === id)).reduce((n, d) => n + d.count, 0);
    expect(count('box', 'box-rep-anna')).toBe(enterprise);
    expect(count('user')).toBe(dach);
    expect(Math.max(...['rep-anna', 'rep-ben', 'rep-clara'].map((id) => count('user', id))) - Math.min(...['rep-anna', 'rep-ben', 'rep-clara'].map((id) => count('user', id)))).toBeLessThanOrEqual(1);
    expect(count('stays')).toBe(LEADS - enterprise - dach);
    expect(result.aggregate.score.buckets.reduce((n, b) => n + b.before, 0)).toBe(LEADS);
    expect(result.aggregate.rules.find((x) => x.ruleId === 'demo-industry-fit')!.fired).toBe(LEADS);
    expect(result.leads.rows).toHaveLength(50);
    expect(result.leads.total).toBe(LEADS);
  });

  it('caps the sample, reports rules that cannot compile, and names bad draft parts', async () => {
    const r = await demo();
    const tooMany = await r.fail('rules.try', { rules: [], sample: 6_000 });
    expect(tooMany).toMatchObject({ code: 'invalid_input', field: 'sample' });
    const broken = { ...frenchRule(r.myBoxId), id: 'broken', ownerId: r.me.id, conditions: { all: [{ field: 'contact.company', op: 'matches', pattern: '(' }] } };
    const result = await r.call('rules.try', { rules: [broken], sample: 100 });
    expect(result.leadsTried).toBe(100);
    expect(result.compileErrors).toEqual([expect.objectContaining({ ruleId: 'broken', ruleName: 'French leads up', path: 'conditions.all[0].pattern' })]);
    const above = await r.fail('rules.try', { rules: [{ ...broken, scope: { kind: 'box', boxId: 'box-sales' } }] });
    expect(above).toMatchObject({ field: 'rules[0].scope.boxId' });
    const shape = await r.fail('rules.try', { rules: [{ ...broken, event: 'someday' }] });
    expect(shape.field).toBe('rules[0].event');
  });
});

describe('rules.accuracy', () => {
  it('counts, per rule, the leads it routed and their outcomes from lead history', async () => {
    const r = await demo();
    const reference = generateDemoWorkspace({ count: LEADS, seed: SEED, now: NOW, userId: r.me.id, userName: r.me.name });
    const byLead = new Map<string, typeof reference.history>();
    for (const h of reference.history) byLead.set(h.leadId, [...(byLead.get(h.leadId) ?? []), h]);
    const expected = new Map<string, { routed: number; rejected: number; forwarded: number; timedOut: number; won: number }>();
    for (const history of byLead.values()) {
      const ruleIds = new Set(history.filter((h) => h.kind === 'rule').map((h) => h.data.ruleId as string));
      const has = (kind: string, status?: string) => history.some((h) => h.kind === kind && (status === undefined || h.data.status === status));
      for (const ruleId of ruleIds) {
        const row = expected.get(ruleId) ?? { routed: 0, rejected: 0, forwarded: 0, timedOut: 0, won: 0 };
        row.routed++;
        row.rejected += Number(has('rejected'));
        row.forwarded += Number(has('forwarded'));
        row.timedOut += Number(has('status', 'timed_out'));
        row.won += Number(has('status', 'won'));
        expected.set(ruleId, row);
      }
    }
    const { rules } = await r.call('rules.accuracy', {});
    for (const row of rules.filter((x) => x.routed > 0)) expect({ ruleId: row.ruleId, ...expected.get(row.ruleId) }).toEqual({ ruleId: row.ruleId, routed: row.routed, rejected: row.rejected, forwarded: row.forwarded, timedOut: row.timedOut, won: row.won });
    expect(rules.find((x) => x.ruleId === 'demo-round-robin')!.routed).toBeGreaterThan(0);
    expect(rules.find((x) => x.ruleId === 'demo-researchers')).toMatchObject({ routed: 0, stored: true });
    const anna = await r.call('rules.accuracy', { boxId: 'box-rep-anna' });
    expect(anna.rules.map((x) => x.ruleId)).toEqual(['demo-anna-fleet', 'demo-anna-big']);
  });
});

describe('import and export', () => {
  it('exports the same content as JSON and XML, and an import restores a deleted rule with outbox entries', async () => {
    const r = await demo();
    const json = await r.call('rules.export', { format: 'json' });
    const xml = await r.call('rules.export', { format: 'xml', boxId: undefined });
    const fromJson = importRuleSet(json.text, 'json');
    const fromXml = importRuleSet(xml.text, 'xml');
    expect(fromJson.ok && fromXml.ok).toBe(true);
    expect(fromXml).toEqual(fromJson);
    expect(json.ruleCount).toBe(11);

    await r.call('rules.delete', { id: 'demo-enterprise' });
    const before = r.ws.store.outbox.status().pending;
    const result = await r.call('rules.import', { format: 'xml', text: xml.text });
    expect(result).toEqual({ created: 1, updated: 10, lookupTables: 1, outboxEntries: 12 });
    expect(r.ws.store.outbox.status().pending).toBe(before + 12);
    expect((await r.call('rules.get', { id: 'demo-enterprise' })).summary.description).toContain("route to box 'Anna Weber's box'");
    const again = await r.call('rules.export', { format: 'json' });
    expect(importRuleSet(again.text, 'json')).toEqual(fromJson);
  });

  it('refuses an import that breaks a template, naming the rule, and writes nothing', async () => {
    const r = await demo();
    const before = counts(r);
    const text = JSON.stringify({ version: 1, rules: [{ ...frenchRule(r.myBoxId), id: 'ok', ownerId: r.me.id }, { ...frenchRule(r.myBoxId, 70), id: 'too-much', ownerId: r.me.id }] });
    const error = await r.fail('rules.import', { format: 'json', text });
    expect(error).toMatchObject({ code: 'invalid_input', field: 'rules[1].actions[0].add' });
    const broken = await r.fail('rules.import', { format: 'xml', text: '<ruleSet><version type="number">x</version></ruleSet>' });
    expect(broken).toMatchObject({ code: 'invalid_input', field: 'version' });
    expect(counts(r)).toEqual(before);
  });
});

describe('templates', () => {
  it('lists the chain and my team template, saves a new one for my team, and names the element of a broken one', async () => {
    const r = await demo();
    const list = await r.call('templates.list', {});
    expect(list.canManage).toBe(true);
    expect(list.handedToMe.map((t) => [t.id, t.ownerName, t.editable])).toEqual([['sales-org', 'Dana Ortiz', false]]);
    expect(list.forMyTeam.map((t) => t.id)).toEqual(['dach-reps']);
    const xml = '<ruleTemplate id="emea-juniors" name="EMEA juniors"><categories><category>prioritization</category></categories></ruleTemplate>';
    const saved = await r.call('templates.save', { xml });
    expect(saved.template).toMatchObject({ id: 'emea-juniors', ownerId: r.me.id, editable: true, xml });
    expect(r.ws.store.outbox.pending(5).map((e) => e.kind)).toEqual(['template.save']);
    const bad = await r.fail('templates.save', { xml: xml.replace('<category>prioritization</category>', '<kategorie>x</kategorie>') });
    expect(bad).toMatchObject({ code: 'invalid_input', field: 'xml' });
    expect(bad.message).toContain('categories[0]');
    const taken = await r.fail('templates.save', { xml: '<ruleTemplate id="sales-org" name="Mine now"/>' });
    expect(taken).toMatchObject({ code: 'conflict', field: 'xml' });
    // My own rules answer to the chain above me, not to the template I wrote for my team.
    expect((await r.call('rules.template', {})).chain.map((t) => t.id)).toEqual(['sales-org']);
  });
});

describe('restart', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'leadrelay-rules-restart-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('keeps rules, order, templates and queued changes across a restart', async () => {
    const first = await demo(dir);
    const saved = await first.call('rules.save', { rule: frenchRule(first.myBoxId) });
    const ids = (await first.call('rules.list', { boxId: first.myBoxId })).rules.map((s) => s.id).reverse();
    await first.call('rules.reorder', { boxId: first.myBoxId, ids });
    const listBefore = await first.call('rules.list', {});
    first.ws.close();
    open.splice(open.indexOf(first), 1);

    const second = start(dir);
    const listAfter = await second.call('rules.list', {});
    expect(listAfter).toEqual(listBefore);
    expect(listAfter.rules.find((s) => s.id === saved.rule.id)!.order).toBe(10);
    expect((await second.call('templates.list', {})).forMyTeam.map((t) => t.id)).toEqual(['dach-reps']);
    expect(second.ws.store.outbox.pending(10).map((e) => e.kind)).toEqual(['rule.save', 'rule.reorder']);
  });
});
