import { ExchangeFormatError } from './exchange-message.ts';

/**
 * A small single-pass XML reader for documents from other servers. It builds a light tree
 * and enforces its limits while it reads — size, nesting, element count, attributes per
 * element, value length — so a hostile document costs one linear pass and is refused at the
 * first byte past a limit. No DOCTYPE, no entity declarations, no processing of anything but
 * the five predefined entities and character references; comments and the XML declaration
 * are skipped; CDATA is text.
 */
export interface ScanLimits {
  maxChars: number;
  maxDepth: number;
  maxElements: number;
  maxAttributes: number;
  maxValueChars: number;
}

export const EXCHANGE_XML_LIMITS: ScanLimits = { maxChars: 64 * 1024 * 1024, maxDepth: 16, maxElements: 5_000_000, maxAttributes: 16, maxValueChars: 20_000 };

export interface ScanNode {
  name: string;
  attrs: Record<string, string>;
  children: ScanNode[];
  text: string;
}

const NAMED: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

const fail = (message: string, at: number): never => {
  throw new ExchangeFormatError(`the XML document is not acceptable: ${message} (at character ${at})`);
};

function decode(raw: string, at: number): string {
  if (raw.indexOf('&') < 0) return raw;
  return raw.replace(/&([^;&\s]{0,10});?/g, (whole, ref: string) => {
    if (!whole.endsWith(';')) return fail('a bare "&" must be written &amp;', at);
    if (ref[0] !== '#') return NAMED[ref] ?? fail(`unknown entity &${ref}; (only the five predefined entities are allowed)`, at);
    const code = ref[1] === 'x' ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10);
    if (!Number.isFinite(code) || code < 1 || code > 0x10ffff) return fail(`invalid character reference &${ref};`, at);
    return String.fromCodePoint(code);
  });
}

const isNameChar = (c: number) => (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95 || c === 45 || c === 46 || c === 58;
const isSpace = (c: number) => c === 32 || c === 10 || c === 13 || c === 9;

export function scanXml(text: string, limits: ScanLimits = EXCHANGE_XML_LIMITS): ScanNode {
  if (text.length > limits.maxChars) fail(`${text.length} characters is over the limit of ${limits.maxChars}`, 0);
  const stack: ScanNode[] = [];
  let root: ScanNode | null = null;
  let elements = 0;
  let i = 0;
  const n = text.length;
  const addText = (raw: string, at: number) => {
    const parent = stack[stack.length - 1];
    if (!parent) {
      if (raw.trim() !== '') fail('text outside the root element', at);
      return;
    }
    // Indentation between child elements is not content.
    if (parent.children.length > 0 && raw.trim() === '') return;
    const value = decode(raw, at);
    if (parent.text.length + value.length > limits.maxValueChars) fail(`a text value is longer than ${limits.maxValueChars} characters`, at);
    parent.text += value;
  };
  while (i < n) {
    const lt = text.indexOf('<', i);
    if (lt < 0) {
      addText(text.slice(i), i);
      break;
    }
    if (lt > i) addText(text.slice(i, lt), i);
    const next = text.charCodeAt(lt + 1);
    if (next === 33 /* ! */) {
      if (text.startsWith('<!--', lt)) {
        const end = text.indexOf('-->', lt + 4);
        if (end < 0) fail('unterminated comment', lt);
        i = end + 3;
      } else if (text.startsWith('<![CDATA[', lt)) {
        const end = text.indexOf(']]>', lt + 9);
        if (end < 0) fail('unterminated CDATA section', lt);
        if (!stack.length) fail('CDATA outside the root element', lt);
        const value = text.slice(lt + 9, end);
        const parent = stack[stack.length - 1]!;
        if (parent.text.length + value.length > limits.maxValueChars) fail(`a text value is longer than ${limits.maxValueChars} characters`, lt);
        parent.text += value;
        i = end + 3;
      } else fail('a DOCTYPE or other declaration (<!…>) is not allowed', lt);
      continue;
    }
    if (next === 63 /* ? */) {
      const end = text.indexOf('?>', lt + 2);
      if (end < 0) fail('unterminated processing instruction', lt);
      i = end + 2;
      continue;
    }
    if (next === 47 /* / */) {
      const end = text.indexOf('>', lt + 2);
      if (end < 0) fail('unterminated end tag', lt);
      const name = text.slice(lt + 2, end).trimEnd();
      const open = stack.pop();
      if (!open || open.name !== name) fail(`</${name}> does not close <${open?.name ?? '(nothing)'}>`, lt);
      i = end + 1;
      continue;
    }
    // Start tag.
    let j = lt + 1;
    while (j < n && isNameChar(text.charCodeAt(j))) j++;
    if (j === lt + 1) fail('"<" must start a tag (write &lt; in text)', lt);
    const node: ScanNode = { name: text.slice(lt + 1, j), attrs: {}, children: [], text: '' };
    if (++elements > limits.maxElements) fail(`more than ${limits.maxElements} elements`, lt);
    let attributes = 0;
    let selfClosing = false;
    for (;;) {
      while (j < n && isSpace(text.charCodeAt(j))) j++;
      if (j >= n) fail('unterminated tag', lt);
      const c = text.charCodeAt(j);
      if (c === 62 /* > */) {
        j++;
        break;
      }
      if (c === 47 /* / */ && text.charCodeAt(j + 1) === 62) {
        selfClosing = true;
        j += 2;
        break;
      }
      const nameStart = j;
      while (j < n && isNameChar(text.charCodeAt(j))) j++;
      if (j === nameStart) fail(`unexpected character "${text[j]}" in <${node.name}>`, j);
      const attrName = text.slice(nameStart, j);
      while (j < n && isSpace(text.charCodeAt(j))) j++;
      if (text.charCodeAt(j) !== 61 /* = */) fail(`attribute ${attrName} has no value`, j);
      j++;
      while (j < n && isSpace(text.charCodeAt(j))) j++;
      const quote = text[j];
      if (quote !== '"' && quote !== "'") fail(`attribute ${attrName} must be quoted`, j);
      const close = text.indexOf(quote!, j + 1);
      if (close < 0) fail('unterminated attribute value', j);
      if (close - j - 1 > limits.maxValueChars) fail(`an attribute value is longer than ${limits.maxValueChars} characters`, j);
      const raw = text.slice(j + 1, close);
      if (raw.indexOf('<') >= 0) fail(`"<" in the value of attribute ${attrName}`, j);
      if (++attributes > limits.maxAttributes) fail(`<${node.name}> has more than ${limits.maxAttributes} attributes`, lt);
      if (Object.hasOwn(node.attrs, attrName)) fail(`attribute ${attrName} appears twice`, nameStart);
      node.attrs[attrName] = decode(raw, j);
      j = close + 1;
    }
    const parent = stack[stack.length - 1];
    if (parent) {
      if (parent.children.length === 0 && parent.text !== '' && parent.text.trim() === '') parent.text = '';
      parent.children.push(node);
    }
    else if (root) fail('more than one root element', lt);
    else root = node;
    if (!selfClosing) {
      stack.push(node);
      if (stack.length > limits.maxDepth) fail(`nested deeper than ${limits.maxDepth} levels`, lt);
    }
    i = j;
  }
  if (stack.length) fail(`<${stack[stack.length - 1]!.name}> is never closed`, n);
  if (!root) fail('no root element', 0);
  return root!;
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };
const NEEDS_ESCAPE = /[&<>"']/;
/** Escapes text and attribute values; also drops characters XML 1.0 cannot carry. */
export function esc(value: string): string {
  const clean = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/.test(value) ? value.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, '') : value;
  return NEEDS_ESCAPE.test(clean) ? clean.replace(/[&<>"']/g, (c) => ESCAPES[c]!) : clean;
}
