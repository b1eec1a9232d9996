import { parseXml, XmlError, type XmlElement } from '../rules/xml.ts';

/**
 * Reading XML that strangers send (lead feeds, partner exchanges). The shape is checked by a
 * linear scan BEFORE any parser builds a tree, so a hostile document costs one pass over its
 * bytes: no DOCTYPE (so no entity declarations, no billion laughs, no external entities),
 * and caps on nesting, element count, attributes per element and text length.
 */
export interface XmlLimits {
  maxChars: number;
  maxDepth: number;
  maxElements: number;
  maxAttributes: number;
  /** Longest text or attribute value, in characters. */
  maxValueChars: number;
}

export const DEFAULT_XML_LIMITS: XmlLimits = {
  maxChars: 5 * 1024 * 1024,
  maxDepth: 24,
  maxElements: 200_000,
  maxAttributes: 32,
  maxValueChars: 20_000,
};

export { XmlError, type XmlElement };

const skipTo = (text: string, from: number, end: string, what: string): number => {
  const at = text.indexOf(end, from);
  if (at < 0) throw new XmlError(`the XML document is not well-formed: unterminated ${what}`);
  return at + end.length;
};

/** The end of a tag that starts at `from` ('<'), honouring quoted attribute values. */
function tagEnd(text: string, from: number): { end: number; attributes: number } {
  let quote = '';
  let attributes = 0;
  for (let i = from + 1; i < text.length; i++) {
    const c = text[i]!;
    if (quote) {
      if (c === quote) quote = '';
    } else if (c === '"' || c === "'") quote = c;
    else if (c === '=') attributes++;
    else if (c === '>') return { end: i, attributes };
  }
  throw new XmlError('the XML document is not well-formed: unterminated tag');
}

export function checkXmlShape(text: string, limits: XmlLimits = DEFAULT_XML_LIMITS): void {
  if (text.length > limits.maxChars) throw new XmlError(`the XML document is too large (${text.length} characters; the limit is ${limits.maxChars})`);
  if (/<!DOCTYPE|<!ENTITY/i.test(text)) throw new XmlError('the XML document must not contain a DOCTYPE or entity declarations');
  let depth = 0;
  let elements = 0;
  let textStart = 0;
  const checkText = (until: number) => {
    if (until - textStart > limits.maxValueChars && text.slice(textStart, until).trim().length > limits.maxValueChars) {
      throw new XmlError(`the XML document has a text value longer than ${limits.maxValueChars} characters`);
    }
  };
  let i = text.indexOf('<');
  while (i >= 0) {
    checkText(i);
    let next: number;
    if (text.startsWith('<!--', i)) next = skipTo(text, i + 4, '-->', 'comment');
    else if (text.startsWith('<![CDATA[', i)) {
      next = skipTo(text, i + 9, ']]>', 'CDATA section');
      if (next - i - 12 > limits.maxValueChars) throw new XmlError(`the XML document has a text value longer than ${limits.maxValueChars} characters`);
    } else if (text.startsWith('<?', i)) next = skipTo(text, i + 2, '?>', 'processing instruction');
    else if (text.startsWith('<!', i)) throw new XmlError('the XML document contains a declaration (<!...>) that is not allowed');
    else {
      const { end, attributes } = tagEnd(text, i);
      if (end - i > limits.maxValueChars + 200 * (attributes + 1)) throw new XmlError(`the XML document has an attribute value longer than ${limits.maxValueChars} characters`);
      if (text[i + 1] === '/') depth--;
      else {
        if (++elements > limits.maxElements) throw new XmlError(`the XML document has more than ${limits.maxElements} elements`);
        if (attributes > limits.maxAttributes) throw new XmlError(`the XML document has an element with more than ${limits.maxAttributes} attributes`);
        if (text[end - 1] !== '/' && ++depth > limits.maxDepth) throw new XmlError(`the XML document is nested deeper than ${limits.maxDepth} levels`);
      }
      next = end + 1;
    }
    textStart = next;
    i = text.indexOf('<', next);
  }
  checkText(text.length);
}

/** Shape check, well-formedness, then the tree: the root element. */
export function readGuardedXml(text: string, limits: XmlLimits = DEFAULT_XML_LIMITS): XmlElement {
  checkXmlShape(text, limits);
  return parseXml(text, 'the XML document', limits.maxChars);
}

/** Children by local name, case-insensitive: feeds disagree on "Email" vs "email" and on prefixes. */
export const localName = (name: string) => name.slice(name.indexOf(':') + 1).toLowerCase();
export const childrenNamed = (element: XmlElement, name: string) => element.children.filter((child) => localName(child.name) === name);
export const childNamed = (element: XmlElement, name: string): XmlElement | undefined => element.children.find((child) => localName(child.name) === name);
/** Trimmed text of the first child of that name, or null when absent or blank. */
export function childText(element: XmlElement, name: string): string | null {
  const child = childNamed(element, name);
  const text = child?.text.trim();
  return text ? text : null;
}
