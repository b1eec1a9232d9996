import { parseRuleSet, type ParseOutcome, type RuleSet } from './model.ts';
import { attrs, element, parseXml, XmlError, type XmlElement } from './xml.ts';

/**
 * Rule sets as JSON and as XML with the same content. The XML mirrors the JSON tree: an
 * object's keys become child elements, array items become <item> elements, text is element
 * content, and non-text scalars carry a type attribute, so the mapping is lossless and both
 * imports go through the one schema (parseRuleSet).
 *
 *   <ruleSet>
 *     <version type="number">1</version>
 *     <rules type="array"><item><id>r1</id><enabled type="boolean">true</enabled>…</item></rules>
 *   </ruleSet>
 */

export type RuleFormat = 'json' | 'xml';

const MAX_CHARS = 20_000_000;
// XML 1.0 cannot carry these characters at all, not even as character references.
const UNREPRESENTABLE = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/;

function encode(value: unknown, name: string, indent: string, path: string): string {
  if (value === null) return element(name, attrs({ type: 'null' }), [], indent);
  if (typeof value === 'number') return element(name, attrs({ type: 'number' }), String(value), indent);
  if (typeof value === 'boolean') return element(name, attrs({ type: 'boolean' }), String(value), indent);
  if (typeof value === 'string') {
    if (UNREPRESENTABLE.test(value)) throw new XmlError('contains a control character that XML cannot carry', path);
    // A carriage return would be normalised away by any XML reader; keep it as a reference.
    return element(name, '', value, indent).replace(/\r/g, '&#13;');
  }
  const inner = `${indent}  `;
  if (Array.isArray(value)) return element(name, attrs({ type: 'array' }), value.map((item, i) => encode(item, 'item', inner, `${path}[${i}]`)), indent);
  const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
  const type = entries.length === 0 ? attrs({ type: 'object' }) : '';
  return element(name, type, entries.map(([key, v]) => encode(v, key, inner, `${path}.${key}`)), indent);
}

function decode(node: XmlElement, path: string): unknown {
  const type = node.attrs.type;
  switch (type) {
    case 'null':
      return null;
    case 'number': {
      const n = Number(node.text.trim());
      if (node.text.trim() === '' || !Number.isFinite(n)) throw new XmlError(`"${node.text}" is not a number`, path);
      return n;
    }
    case 'boolean':
      if (node.text.trim() !== 'true' && node.text.trim() !== 'false') throw new XmlError(`"${node.text}" is not true or false`, path);
      return node.text.trim() === 'true';
    case 'array':
      return node.children.map((child, i) => {
        if (child.name !== 'item') throw new XmlError(`expected <item>, found <${child.name}>`, `${path}[${i}]`);
        return decode(child, `${path}[${i}]`);
      });
    case 'object':
    case undefined: {
      if (type === undefined && node.children.length === 0) return node.text;
      // A Map, then fromEntries: an element named __proto__ must stay a plain key.
      const out = new Map<string, unknown>();
      for (const child of node.children) {
        if (out.has(child.name)) throw new XmlError('appears twice', `${path}.${child.name}`);
        out.set(child.name, decode(child, `${path}.${child.name}`));
      }
      return Object.fromEntries(out);
    }
    default:
      throw new XmlError(`unknown type "${type}"`, path);
  }
}

export function exportRuleSet(set: RuleSet, format: RuleFormat): string {
  if (format === 'json') return `${JSON.stringify(set, null, 2)}\n`;
  return `<?xml version="1.0" encoding="UTF-8"?>\n${encode(set, 'ruleSet', '', 'ruleSet')}\n`;
}

/** Reads a rule set; every problem names its path (`rules[3].conditions.all[1].value`). */
export function importRuleSet(text: string, format: RuleFormat): ParseOutcome<RuleSet> {
  if (text.length > MAX_CHARS) return { ok: false, issues: [{ path: '', message: `the document is too large (limit ${MAX_CHARS} characters)` }] };
  let data: unknown;
  try {
    if (format === 'json') data = JSON.parse(text);
    else {
      const root = parseXml(text, 'the rule set', MAX_CHARS);
      if (root.name !== 'ruleSet') throw new XmlError(`the root element must be <ruleSet>, not <${root.name}>`);
      data = decode(root, '');
    }
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return { ok: false, issues: [{ path: error instanceof XmlError ? error.path.replace(/^\./, '') : '', message }] };
  }
  return parseRuleSet(data);
}
