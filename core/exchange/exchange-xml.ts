import {
  CONTACT_PATHS,
  EXCHANGE_NAMESPACE,
  EXCHANGE_VERSION,
  ExchangeFormatError,
  INTEREST_NUMBER_PATHS,
  INTEREST_TEXT_PATHS,
  type Assignee,
  type ExchangeDocument,
  type ExchangeLead,
  type ExchangeMessage,
} from './exchange-message.ts';
import { validateDocument } from './exchange-validate.ts';
import { esc, scanXml, type ScanLimits, type ScanNode } from './xml-scan.ts';

/**
 * The XML form of exchange documents (docs/exchange.xsd):
 * `<exchange xmlns="urn:leadrelay:exchange" version="1">` holding one element per message.
 * Scalars of a message are attributes, the lead and free texts are elements. Reading runs
 * the guarded scanner, maps elements to the message model, then validates it with the same
 * schema as the JSON form.
 */
const num = (value: string | undefined): number | string | undefined => (value === undefined ? undefined : value.trim() !== '' && Number.isFinite(Number(value)) ? Number(value) : value);
const bool = (value: string | undefined): boolean | string | undefined => (value === 'true' ? true : value === 'false' ? false : value);
const nullable = (value: string | undefined): string | null => value ?? null;
const childText = (node: ScanNode, name: string): string | null => {
  for (const child of node.children) if (child.name === name) return child.text;
  return null;
};

function readFields(node: ScanNode, numbers: readonly string[], path: string): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const child of node.children) {
    if (Object.hasOwn(out, child.name)) throw new ExchangeFormatError(`<${child.name}> appears twice`, `${path}.${child.name}`);
    out[child.name] = numbers.includes(child.name) ? num(child.text) : child.text;
  }
  return out;
}

function readTyped(field: ScanNode): unknown {
  switch (field.attrs.type ?? 'string') {
    case 'null':
      return null;
    case 'number':
      return num(field.text);
    case 'boolean':
      return bool(field.text);
    default:
      return field.text;
  }
}

function readCustom(node: ScanNode, key: string, path: string): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const field of node.children) {
    const name = field.attrs[key];
    if (field.name !== 'field' || name === undefined) throw new ExchangeFormatError(`must hold only <field ${key}="…" type="…">`, path);
    if (name === '__proto__') throw new ExchangeFormatError('"__proto__" is not allowed', path);
    out[name] = readTyped(field);
  }
  return out;
}

function readLead(node: ScanNode, path: string): Record<string, unknown> {
  const lead: Record<string, unknown> = { createdAt: num(node.attrs.createdAt), priority: node.attrs.priority, contact: {} };
  if (node.attrs.score !== undefined) lead.score = num(node.attrs.score);
  for (const child of node.children) {
    if (child.name === 'contact') lead.contact = readFields(child, [], `${path}.contact`);
    else if (child.name === 'interest') lead.interest = readFields(child, INTEREST_NUMBER_PATHS, `${path}.interest`);
    else if (child.name === 'source' || child.name === 'campaign') lead[child.name] = child.text;
    else if (child.name === 'custom') lead.custom = readCustom(child, 'name', `${path}.custom`);
    else throw new ExchangeFormatError(`unknown element <${child.name}>`, `${path}.${child.name}`);
  }
  return lead;
}

const readAssignee = (node: ScanNode): Assignee | null => {
  const child = node.children.find((c) => c.name === 'assignee');
  return child ? ({ name: child.attrs.name, email: nullable(child.attrs.email) } as Assignee) : null;
};

function readMessage(node: ScanNode, path: string): Record<string, unknown> {
  const a = node.attrs;
  const head = { kind: node.name, id: a.id, sentAt: num(a.sentAt) };
  switch (node.name) {
    case 'offer': {
      const lead = node.children.find((c) => c.name === 'lead');
      return {
        ...head, leadId: a.leadId, expiresAt: a.expiresAt === undefined ? null : num(a.expiresAt), upForGrabs: bool(a.upForGrabs),
        lead: lead ? readLead(lead, `${path}.lead`) : undefined,
        withheld: node.children.filter((c) => c.name === 'withheld').map((c) => c.text),
      };
    }
    case 'release':
      return { ...head, leadId: a.leadId, fields: readCustom(node, 'path', `${path}.fields`) };
    case 'withdraw':
    case 'decline':
      return { ...head, leadId: a.leadId, reason: childText(node, 'reason') ?? '' };
    case 'accept':
      return { ...head, leadId: a.leadId, assignee: readAssignee(node) };
    case 'status':
      return { ...head, leadId: a.leadId, status: a.status, amount: a.amount === undefined ? null : num(a.amount), reason: childText(node, 'reason'), assignee: readAssignee(node) };
    case 'ack':
      return { ...head, ackOf: a.ackOf, result: a.result, reason: childText(node, 'reason') };
    default:
      throw new ExchangeFormatError(`unknown message <${node.name}>`, path);
  }
}

export function readExchangeXml(text: string, limits?: ScanLimits): ExchangeDocument {
  const root = scanXml(text, limits);
  if (root.name !== 'exchange') throw new ExchangeFormatError(`the root element must be <exchange> (found <${root.name}>)`);
  if (root.attrs.version !== String(EXCHANGE_VERSION)) throw new ExchangeFormatError(`version "${root.attrs.version ?? ''}" is not supported; this server reads version ${EXCHANGE_VERSION}`, 'version');
  return validateDocument({ version: EXCHANGE_VERSION, messages: root.children.map((child, index) => readMessage(child, `messages.${index}`)) });
}

// ---- writing ----

const attr = (name: string, value: string | number | boolean | null | undefined) => (value === null || value === undefined ? '' : ` ${name}="${typeof value === 'string' ? esc(value) : value}"`);
const el = (name: string, value: string | number | null | undefined) => (value === null || value === undefined ? '' : `<${name}>${typeof value === 'string' ? esc(value) : value}</${name}>`);

function writeTyped(entries: Array<[string, string | number | boolean | null]>, key: string): string {
  let out = '';
  for (const [name, value] of entries) {
    const type = value === null ? 'null' : typeof value;
    out += value === null ? `<field ${key}="${esc(name)}" type="null"/>` : `<field ${key}="${esc(name)}" type="${type}">${typeof value === 'string' ? esc(value) : value}</field>`;
  }
  return out;
}

function writeLead(lead: ExchangeLead): string {
  let contact = '';
  for (const field of CONTACT_PATHS) contact += el(field, lead.contact[field]);
  let interest = '';
  if (lead.interest) for (const field of [...INTEREST_TEXT_PATHS, ...INTEREST_NUMBER_PATHS]) interest += el(field, lead.interest[field]);
  const custom = lead.custom && Object.keys(lead.custom).length ? `<custom>${writeTyped(Object.entries(lead.custom), 'name')}</custom>` : '';
  return `<lead${attr('createdAt', lead.createdAt)}${attr('priority', lead.priority)}${attr('score', lead.score)}><contact>${contact}</contact>${interest ? `<interest>${interest}</interest>` : ''}${el('source', lead.source)}${el('campaign', lead.campaign)}${custom}</lead>`;
}

const writeAssignee = (assignee: Assignee | null) => (assignee ? `<assignee${attr('name', assignee.name)}${attr('email', assignee.email)}/>` : '');

export function writeMessageXml(message: ExchangeMessage): string {
  const head = `${attr('id', message.id)}${attr('sentAt', message.sentAt)}`;
  switch (message.kind) {
    case 'offer':
      return `<offer${head}${attr('leadId', message.leadId)}${attr('expiresAt', message.expiresAt)}${attr('upForGrabs', message.upForGrabs)}>${writeLead(message.lead)}${message.withheld.map((path) => `<withheld>${path}</withheld>`).join('')}</offer>`;
    case 'release':
      return `<release${head}${attr('leadId', message.leadId)}>${writeTyped(Object.entries(message.fields) as Array<[string, string | number | null]>, 'path')}</release>`;
    case 'withdraw':
    case 'decline':
      return `<${message.kind}${head}${attr('leadId', message.leadId)}>${el('reason', message.reason)}</${message.kind}>`;
    case 'accept':
      return `<accept${head}${attr('leadId', message.leadId)}>${writeAssignee(message.assignee)}</accept>`;
    case 'status':
      return `<status${head}${attr('leadId', message.leadId)}${attr('status', message.status)}${attr('amount', message.amount)}>${el('reason', message.reason)}${writeAssignee(message.assignee)}</status>`;
    case 'ack':
      return `<ack${head}${attr('ackOf', message.ackOf)}${attr('result', message.result)}>${el('reason', message.reason)}</ack>`;
  }
}

export function writeExchangeXml(document: ExchangeDocument): string {
  let body = '';
  for (const message of document.messages) body += writeMessageXml(message) + '\n';
  return `<?xml version="1.0" encoding="UTF-8"?>\n<exchange xmlns="${EXCHANGE_NAMESPACE}" version="${EXCHANGE_VERSION}">\n${body}</exchange>\n`;
}
