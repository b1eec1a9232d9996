import { XMLParser, XMLValidator } from 'fast-xml-parser';

/**
 * Guarded XML reading and plain XML writing for rule sets and wizard templates. Documents come
 * from other people (a manager's template, an imported rule set), so: a size cap, no DOCTYPE
 * (and so no entity declarations: no billion laughs, no external entities), well-formedness
 * checked before parsing.
 */

export interface XmlElement {
  name: string;
  attrs: Record<string, string>;
  children: XmlElement[];
  /** Concatenated text directly inside the element (not trimmed). */
  text: string;
}

export class XmlError extends Error {
  override name = 'XmlError';
  /** Where in the decoded tree, when known: `rules[2].order`. */
  constructor(
    message: string,
    readonly path = '',
  ) {
    super(message);
  }
}

type OrderedNode = Record<string, unknown> & { ':@'?: Record<string, string> };

const parser = new XMLParser({
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: '',
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: false,
  ignoreDeclaration: true,
  ignorePiTags: true,
  // Entities are decoded below in one pass, so "&amp;#13;" stays the text "&#13;".
  processEntities: false,
});

const NAMED: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };
function decodeEntities(text: string): string {
  if (!text.includes('&')) return text;
  return text.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|[a-z]+);/g, (whole, ref: string) => {
    if (ref[0] !== '#') return NAMED[ref] ?? whole;
    const code = ref[1] === 'x' ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10);
    return code <= 0x10ffff ? String.fromCodePoint(code) : whole;
  });
}

function toElement(node: OrderedNode): XmlElement | null {
  const name = Object.keys(node).find((key) => key !== ':@');
  if (!name || name === '#text') return null;
  const attrs = Object.fromEntries(Object.entries(node[':@'] ?? {}).map(([key, value]) => [key, decodeEntities(value)]));
  const element: XmlElement = { name, attrs, children: [], text: '' };
  for (const child of node[name] as OrderedNode[]) {
    if ('#text' in child) element.text += decodeEntities(String(child['#text']));
    else {
      const sub = toElement(child);
      if (sub) element.children.push(sub);
    }
  }
  return element;
}

/** Parses a document and answers its root element. */
export function parseXml(text: string, what: string, maxChars: number): XmlElement {
  if (text.length > maxChars) throw new XmlError(`${what} is too large (${text.length} characters; the limit is ${maxChars})`);
  if (/<!DOCTYPE|<!ENTITY/i.test(text)) throw new XmlError(`${what} must not contain a DOCTYPE or entity declarations`);
  const valid = XMLValidator.validate(text);
  if (valid !== true) throw new XmlError(`${what} is not well-formed XML: ${valid.err.msg} (line ${valid.err.line})`);
  const roots = (parser.parse(text) as OrderedNode[]).map(toElement).filter((e): e is XmlElement => e !== null);
  if (roots.length !== 1) throw new XmlError(`${what} must have exactly one root element`);
  return roots[0]!;
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };
export const escapeXml = (value: string) => value.replace(/[&<>"']/g, (c) => ESCAPES[c]!);

const NAME = /^[A-Za-z_][A-Za-z0-9_.-]*$/;

export function attrs(values: Record<string, string | number | boolean | undefined>): string {
  let out = '';
  for (const [key, value] of Object.entries(values)) if (value !== undefined) out += ` ${key}="${escapeXml(String(value))}"`;
  return out;
}

/** Writes one element; `body` is already-serialised children (one per line) or text. */
export function element(name: string, attributes: string, body: string | string[], indent: string): string {
  if (!NAME.test(name)) throw new XmlError(`"${name}" cannot be an XML element name`);
  if (typeof body === 'string') return `${indent}<${name}${attributes}>${escapeXml(body)}</${name}>`;
  if (body.length === 0) return `${indent}<${name}${attributes}/>`;
  return `${indent}<${name}${attributes}>\n${body.join('\n')}\n${indent}</${name}>`;
}
