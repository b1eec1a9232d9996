import type { CustomValue, Lead } from '../lead/lead.ts';
import { attrs, element } from '../rules/xml.ts';
import { XmlError, childrenNamed, localName, readGuardedXml, type XmlElement, type XmlLimits } from './xml-guard.ts';

/**
 * LeadRelay's own XML lead format, version 1: `<leads version="1">` holding `<lead>` elements
 * that mirror the Lead model one element per field. Written by `writeLeadsXml`, read by
 * `readLeadsXml` into plain records that intake validates like JSON. Versioned so the
 * exchange protocol (issue 6) can grow it without breaking old senders.
 */
export const LEAD_XML_NAMESPACE = 'urn:leadrelay:leads';
export const LEAD_XML_VERSION = '1';

const CONTACT_FIELDS = ['firstName', 'lastName', 'company', 'title', 'email', 'phone', 'street', 'city', 'region', 'postalCode', 'country'] as const;
const INTEREST_TEXT = ['product', 'timeframe'] as const;
const INTEREST_NUMBERS = ['size', 'budget'] as const;
const LEAD_TEXT = ['source', 'campaign', 'priority'] as const;
const CUSTOM_TYPES = ['string', 'number', 'boolean', 'null'] as const;

/** A `<lead>` read as a plain object (not yet validated), or a structural problem in it. */
export type LeadXmlRecord = { ok: true; value: Record<string, unknown>; id: string | null } | { ok: false; field: string; reason: string };

const numberOrText = (text: string): number | string => (text.trim() !== '' && Number.isFinite(Number(text)) ? Number(text) : text);

function readFields(parent: XmlElement, known: readonly string[], numbers: readonly string[], path: string): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const child of parent.children) {
    const name = child.name.slice(child.name.indexOf(':') + 1);
    if (known.includes(name)) out[name] = child.text.trim() === '' ? null : child.text.trim();
    else if (numbers.includes(name)) out[name] = child.text.trim() === '' ? null : numberOrText(child.text);
    else throw new XmlError(`unknown element <${name}>`, `${path}.${name}`);
  }
  return out;
}

function readCustom(parent: XmlElement): Record<string, CustomValue | string> {
  const out: Record<string, CustomValue | string> = {};
  for (const field of parent.children) {
    const name = field.attrs.name;
    if (localName(field.name) !== 'field' || !name) throw new XmlError('custom values are <field name="..." type="...">value</field>', 'custom');
    const type = field.attrs.type ?? 'string';
    if (!(CUSTOM_TYPES as readonly string[]).includes(type)) throw new XmlError(`type must be one of ${CUSTOM_TYPES.join(', ')}`, `custom.${name}.type`);
    out[name] = type === 'null' ? null : type === 'number' ? numberOrText(field.text) : type === 'boolean' ? field.text.trim() === 'true' : field.text;
  }
  return out;
}

function readLead(lead: XmlElement): LeadXmlRecord {
  const value: Record<string, unknown> = {};
  try {
    for (const child of lead.children) {
      const name = child.name.slice(child.name.indexOf(':') + 1);
      if (name === 'contact') value.contact = readFields(child, CONTACT_FIELDS, [], 'contact');
      else if (name === 'interest') value.interest = readFields(child, INTEREST_TEXT, INTEREST_NUMBERS, 'interest');
      else if (name === 'custom') value.custom = readCustom(child);
      else if ((LEAD_TEXT as readonly string[]).includes(name)) value[name] = child.text.trim() || null;
      else throw new XmlError(`unknown element <${name}>`, name);
    }
  } catch (error) {
    if (error instanceof XmlError) return { ok: false, field: error.path, reason: error.message };
    throw error;
  }
  return { ok: true, value, id: lead.attrs.id ?? null };
}

export function readLeadsXml(text: string, limits?: XmlLimits): LeadXmlRecord[] {
  const root = readGuardedXml(text, limits);
  if (localName(root.name) !== 'leads') throw new XmlError(`the root element must be <leads> (found <${root.name}>)`);
  if (root.attrs.version !== LEAD_XML_VERSION) {
    throw new XmlError(`<leads version="${root.attrs.version ?? ''}"> is not supported; this server reads version ${LEAD_XML_VERSION}`, 'version');
  }
  const leads = childrenNamed(root, 'lead');
  if (leads.length !== root.children.length) throw new XmlError('<leads> may contain only <lead> elements');
  return leads.map(readLead);
}

const optional = (name: string, value: string | number | null, indent: string) => (value === null ? [] : [element(name, '', String(value), indent)]);

function customField(name: string, value: CustomValue, indent: string): string {
  const type = value === null ? 'null' : typeof value;
  return element('field', attrs({ name, type }), value === null ? '' : String(value), indent);
}

function writeLead(lead: Lead): string {
  const i2 = '    ';
  const i3 = '      ';
  const contact = CONTACT_FIELDS.flatMap((field) => optional(field, lead.contact[field], i3));
  const interest = [...INTEREST_TEXT, ...INTEREST_NUMBERS].flatMap((field) => optional(field, lead.interest[field], i3));
  const custom = Object.entries(lead.custom).map(([name, value]) => customField(name, value, i3));
  const body = [
    element('contact', '', contact, i2),
    ...(interest.length > 0 ? [element('interest', '', interest, i2)] : []),
    ...optional('source', lead.source, i2),
    ...optional('campaign', lead.campaign, i2),
    element('priority', '', lead.priority, i2),
    ...(custom.length > 0 ? [element('custom', '', custom, i2)] : []),
  ];
  const leadAttrs = attrs({ id: lead.id, status: lead.status, createdAt: new Date(lead.createdAt).toISOString(), updatedAt: new Date(lead.updatedAt).toISOString() });
  return element('lead', leadAttrs, body, '  ');
}

export function writeLeadsXml(leads: readonly Lead[]): string {
  const root = element('leads', attrs({ xmlns: LEAD_XML_NAMESPACE, version: LEAD_XML_VERSION }), leads.map(writeLead), '');
  return `<?xml version="1.0" encoding="UTF-8"?>\n${root}\n`;
}
