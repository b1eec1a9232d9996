import { formatPath, type ParseOutcome } from './model.ts';
import { RuleTemplate } from './template-model.ts';
import { attrs, element, parseXml, XmlError, type XmlElement } from './xml.ts';

/** Reads and writes wizard templates in the XML of docs/rule-template.xsd. */

const MAX_CHARS = 1_000_000;
const LISTS = { categories: 'category', events: 'event', operators: 'operator', calculations: 'calculation' } as const;

function number(el: XmlElement, name: string, where: string): number | undefined {
  const raw = el.attrs[name];
  if (raw === undefined) return undefined;
  const n = Number(raw);
  if (raw.trim() === '' || !Number.isFinite(n)) throw new XmlError(`"${raw}" is not a number`, `${where}.${name}`);
  return n;
}

function texts(el: XmlElement, childName: string, where: string): string[] {
  return el.children.map((child, i) => {
    if (child.name !== childName) throw new XmlError(`unexpected <${child.name}>; expected <${childName}>`, `${where}[${i}]`);
    return child.text.trim();
  });
}

function onlyAttrs(el: XmlElement, allowed: string[], where: string): void {
  for (const name of Object.keys(el.attrs)) if (!allowed.includes(name)) throw new XmlError(`unknown attribute "${name}"`, where);
}

function allowance(el: XmlElement, key: 'path' | 'type', where: string): Record<string, unknown> {
  onlyAttrs(el, [key, 'min', 'max'], where);
  const out: Record<string, unknown> = { [key]: el.attrs[key], min: number(el, 'min', where), max: number(el, 'max', where) };
  for (const [i, child] of el.children.entries()) {
    const list = child.name === 'value' ? 'values' : child.name === 'operator' && key === 'path' ? 'operators' : null;
    if (!list) throw new XmlError(`unexpected <${child.name}>`, `${where}.${child.name}[${i}]`);
    ((out[list] ??= []) as string[]).push(child.text.trim());
  }
  return out;
}

function read(root: XmlElement): Record<string, unknown> {
  if (root.name !== 'ruleTemplate') throw new XmlError(`the root element must be <ruleTemplate>, not <${root.name}>`);
  onlyAttrs(root, ['id', 'name', 'owner', 'xmlns'], 'ruleTemplate');
  const out: Record<string, unknown> = { id: root.attrs.id, name: root.attrs.name, ownerId: root.attrs.owner };
  for (const el of root.children) {
    if (Object.hasOwn(out, el.name)) throw new XmlError('appears twice', el.name);
    if (el.name in LISTS) out[el.name] = texts(el, LISTS[el.name as keyof typeof LISTS], el.name);
    else if (el.name === 'fields') out.fields = el.children.map((f, i) => allowance(f, 'path', `fields[${i}]`));
    else if (el.name === 'actions') out.actions = el.children.map((a, i) => allowance(a, 'type', `actions[${i}]`));
    else if (el.name === 'defaults') {
      onlyAttrs(el, ['category', 'event', 'enabled', 'order'], 'defaults');
      const enabled = el.attrs.enabled;
      if (enabled !== undefined && enabled !== 'true' && enabled !== 'false') throw new XmlError(`"${enabled}" is not true or false`, 'defaults.enabled');
      out.defaults = { category: el.attrs.category, event: el.attrs.event, enabled: enabled === undefined ? undefined : enabled === 'true', order: number(el, 'order', 'defaults') };
    } else if (el.name === 'limits') {
      onlyAttrs(el, ['maxConditions', 'maxActions'], 'limits');
      out.limits = { maxConditions: number(el, 'maxConditions', 'limits'), maxActions: number(el, 'maxActions', 'limits') };
    } else throw new XmlError(`unknown element <${el.name}>`, el.name);
  }
  return JSON.parse(JSON.stringify(out)) as Record<string, unknown>; // drops the undefined placeholders
}

export function parseTemplateXml(text: string): ParseOutcome<RuleTemplate> {
  let data: Record<string, unknown>;
  try {
    data = read(parseXml(text, 'the template', MAX_CHARS));
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return { ok: false, issues: [{ path: error instanceof XmlError ? error.path : '', message }] };
  }
  const parsed = RuleTemplate.safeParse(data);
  if (parsed.success) return { ok: true, value: parsed.data };
  return { ok: false, issues: parsed.error.issues.map((i) => ({ path: formatPath(i.path), message: i.message })) };
}

export function exportTemplateXml(t: RuleTemplate): string {
  const lists = Object.entries(LISTS).flatMap(([list, item]) => {
    const values = t[list as keyof typeof LISTS];
    return values ? [element(list, '', values.map((v) => element(item, '', v, '    ')), '  ')] : [];
  });
  const children = [...lists];
  if (t.fields) {
    const fields = t.fields.map((f) =>
      element('field', attrs({ path: f.path, min: f.min, max: f.max }), [...(f.operators ?? []).map((o) => element('operator', '', o, '      ')), ...(f.values ?? []).map((v) => element('value', '', v, '      '))], '    '),
    );
    children.push(element('fields', '', fields, '  '));
  }
  if (t.actions) {
    const actions = t.actions.map((a) => element('action', attrs({ type: a.type, min: a.min, max: a.max }), (a.values ?? []).map((v) => element('value', '', v, '      ')), '    '));
    children.push(element('actions', '', actions, '  '));
  }
  if (t.defaults) children.push(element('defaults', attrs(t.defaults), [], '  '));
  if (t.limits) children.push(element('limits', attrs(t.limits), [], '  '));
  const root = element('ruleTemplate', attrs({ xmlns: 'urn:leadrelay:rule-template:1', id: t.id, name: t.name, owner: t.ownerId }), children, '');
  return `<?xml version="1.0" encoding="UTF-8"?>\n${root}\n`;
}
