import type { CustomValue } from '../lead/lead.ts';
import { parseAdfDate } from './adf-dates.ts';
import { XmlError, childNamed, childrenNamed, localName, readGuardedXml, type XmlElement, type XmlLimits } from './xml-guard.ts';

/**
 * Lenient reading of ADF (Auto-lead Data Format) documents. Real feeds put elements out of
 * order, leave them out, add their own, vary the case and print dates in many forms: what is
 * known is mapped onto the incoming-lead shape; every other element with text is kept as a
 * custom field `adf.<path>` so nothing a vendor sent is silently dropped.
 */
export interface AdfRecord {
  /** An IncomingLead-shaped object, validated by intake like every other format. */
  value: { contact: Record<string, string | null>; interest: Record<string, string | number | null>; source: string | null; custom: Record<string, CustomValue> };
  warnings: string[];
}

/** Unknown elements kept per prospect, and the longest value kept: a runaway vendor extension must not bloat the lead. */
export const MAX_ADF_EXTRA_FIELDS = 40;
export const MAX_ADF_VALUE_CHARS = 2000;

class Reader {
  readonly used = new Set<XmlElement>();
  readonly warnings: string[] = [];
  extras = 0;

  /** Marks the element (and its subtree) as mapped; answers its trimmed text or null. */
  take(element: XmlElement | undefined): string | null {
    if (!element) return null;
    this.mark(element);
    const text = element.text.replace(/\s+/g, ' ').trim();
    return text || null;
  }

  mark(element: XmlElement): void {
    this.used.add(element);
    for (const child of element.children) this.mark(child);
  }

  child(parent: XmlElement | undefined, name: string): string | null {
    return parent ? this.take(childNamed(parent, name)) : null;
  }
}

function readName(reader: Reader, contact: XmlElement): { firstName: string | null; lastName: string | null } {
  let firstName: string | null = null;
  let lastName: string | null = null;
  let full: string | null = null;
  for (const name of childrenNamed(contact, 'name')) {
    const part = (name.attrs.part ?? '').toLowerCase();
    const text = reader.take(name);
    if (part === 'first') firstName ??= text;
    else if (part === 'last') lastName ??= text;
    else if (part === 'middle' || part === 'suffix') reader.used.delete(name);
    else full ??= text;
  }
  if (full && !firstName && !lastName) {
    // "Doe, John" is last-first; otherwise the last word is the surname.
    const comma = full.indexOf(',');
    if (comma > 0) return { lastName: full.slice(0, comma).trim() || null, firstName: full.slice(comma + 1).trim() || null };
    const words = full.split(' ');
    return words.length === 1 ? { firstName: null, lastName: full } : { firstName: words.slice(0, -1).join(' '), lastName: words.at(-1)! };
  }
  return { firstName, lastName };
}

const PHONE_PREFERENCE = ['voice', 'cellphone', 'mobile', 'cell', 'home', 'work', ''];

function readPhone(reader: Reader, contact: XmlElement, custom: Record<string, CustomValue>): string | null {
  const phones = childrenNamed(contact, 'phone').filter((phone) => phone.text.trim() !== '');
  const rank = (phone: XmlElement) => {
    const at = PHONE_PREFERENCE.indexOf((phone.attrs.type ?? '').toLowerCase());
    return at < 0 ? PHONE_PREFERENCE.length : at;
  };
  const [best, ...others] = [...phones].sort((a, b) => rank(a) - rank(b));
  for (const [index, other] of others.entries()) custom[`adf.phone.${(other.attrs.type ?? String(index + 2)).toLowerCase()}`] = reader.take(other);
  return reader.take(best);
}

function readAddress(reader: Reader, contact: XmlElement): Record<string, string | null> {
  const address = childNamed(contact, 'address');
  if (!address) return {};
  const streets = childrenNamed(address, 'street')
    .sort((a, b) => Number(a.attrs.line ?? 1) - Number(b.attrs.line ?? 1))
    .map((street) => reader.take(street))
    .filter(Boolean);
  const apartment = reader.child(address, 'apartment');
  return {
    street: [...streets, apartment].filter(Boolean).join(', ') || null,
    city: reader.child(address, 'city'),
    region: reader.child(address, 'regioncode') ?? reader.child(address, 'region') ?? reader.child(address, 'state'),
    postalCode: reader.child(address, 'postalcode') ?? reader.child(address, 'zip'),
    country: reader.child(address, 'country'),
  };
}

function readVehicle(reader: Reader, vehicle: XmlElement | undefined, custom: Record<string, CustomValue>): Record<string, string | number | null> {
  if (!vehicle) return {};
  reader.used.add(vehicle);
  const product = ['year', 'make', 'model', 'trim'].map((part) => reader.child(vehicle, part)).filter(Boolean).join(' ');
  for (const attr of ['interest', 'status']) if (vehicle.attrs[attr]) custom[`adf.vehicle.${attr}`] = vehicle.attrs[attr]!.slice(0, MAX_ADF_VALUE_CHARS);
  const priceText = reader.child(vehicle, 'price');
  const price = priceText === null ? null : Number(priceText.replace(/[^0-9.]/g, ''));
  const vin = reader.child(vehicle, 'vin');
  if (vin) custom['adf.vehicle.vin'] = vin;
  const comments = reader.child(vehicle, 'comments');
  if (comments) custom['adf.vehicle.comments'] = comments.slice(0, MAX_ADF_VALUE_CHARS);
  return { product: product ? product.slice(0, 200) : null, budget: price !== null && Number.isFinite(price) && price > 0 ? price : null };
}

function readTimeframe(reader: Reader, customer: XmlElement | undefined): string | null {
  const timeframe = customer && childNamed(customer, 'timeframe');
  if (!timeframe) return null;
  const description = reader.child(timeframe, 'description');
  const earliest = reader.child(timeframe, 'earliestdate');
  const latest = reader.child(timeframe, 'latestdate');
  reader.used.add(timeframe);
  return (description ?? [earliest, latest].filter(Boolean).join(' – ')) || null;
}

/** Unmapped elements with text, flattened to `adf.<path>`; attributes ride along as `@name`. */
function collectExtras(reader: Reader, element: XmlElement, path: string, custom: Record<string, CustomValue>): void {
  for (const child of element.children) {
    const childPath = `${path}.${localName(child.name)}`;
    // A mapped container (customer, vehicle, ...) may still hold elements nobody mapped.
    if (reader.used.has(child)) {
      collectExtras(reader, child, childPath, custom);
      continue;
    }
    const text = child.text.replace(/\s+/g, ' ').trim();
    if (text) addExtra(reader, custom, childPath, text);
    for (const [name, value] of Object.entries(child.attrs)) if (value.trim()) addExtra(reader, custom, `${childPath}@${name}`, value.trim());
    collectExtras(reader, child, childPath, custom);
  }
}

function addExtra(reader: Reader, custom: Record<string, CustomValue>, rawKey: string, text: string): void {
  if (reader.extras++ >= MAX_ADF_EXTRA_FIELDS) {
    if (reader.extras === MAX_ADF_EXTRA_FIELDS + 1) reader.warnings.push(`more than ${MAX_ADF_EXTRA_FIELDS} unknown ADF elements; the rest are only in the raw document`);
    return;
  }
  let key = rawKey.slice(0, 100);
  for (let n = 2; key in custom; n++) key = `${rawKey.slice(0, 95)}#${n}`;
  custom[key] = text.slice(0, MAX_ADF_VALUE_CHARS);
}

export function readProspect(prospect: XmlElement): AdfRecord {
  const reader = new Reader();
  const custom: Record<string, CustomValue> = {};
  const customer = childNamed(prospect, 'customer');
  const contactElement = customer ? childNamed(customer, 'contact') : childNamed(prospect, 'contact');
  const contact: Record<string, string | null> = {};
  if (contactElement) {
    reader.used.add(contactElement);
    Object.assign(contact, readName(reader, contactElement), readAddress(reader, contactElement));
    contact.email = reader.child(contactElement, 'email');
    contact.phone = readPhone(reader, contactElement, custom);
    contact.company = reader.child(contactElement, 'company') ?? reader.child(contactElement, 'organization');
    contact.title = reader.child(contactElement, 'title');
  } else reader.warnings.push('no customer contact in the prospect');
  if (customer) reader.used.add(customer);

  const requestText = reader.child(prospect, 'requestdate');
  const requested = parseAdfDate(requestText);
  if (requested !== null) custom['adf.requestdate'] = new Date(requested).toISOString();
  else if (requestText) {
    custom['adf.requestdate.raw'] = requestText.slice(0, MAX_ADF_VALUE_CHARS);
    reader.warnings.push(`requestdate "${requestText.slice(0, 60)}" is not a date this server reads`);
  }
  const id = childNamed(prospect, 'id');
  if (id) {
    custom['adf.id'] = reader.take(id);
    if (id.attrs.source) custom['adf.id.source'] = id.attrs.source.slice(0, MAX_ADF_VALUE_CHARS);
  }
  const comments = [reader.child(customer, 'comments'), reader.child(prospect, 'comments')].filter(Boolean).join('\n');
  if (comments) custom['adf.comments'] = comments.slice(0, MAX_ADF_VALUE_CHARS);
  const vendor = childNamed(prospect, 'vendor');
  const vendorName = reader.child(vendor, 'vendorname');
  if (vendorName) custom['adf.vendor'] = vendorName;
  const provider = childNamed(prospect, 'provider');
  const providerName = reader.child(provider, 'name');
  const service = reader.child(provider, 'service');
  if (service) custom['adf.provider.service'] = service;
  const url = reader.child(provider, 'url');
  if (url) custom['adf.provider.url'] = url.slice(0, MAX_ADF_VALUE_CHARS);
  const interest = { ...readVehicle(reader, childNamed(prospect, 'vehicle'), custom), timeframe: readTimeframe(reader, customer) };
  for (const section of [vendor, provider]) if (section) reader.used.add(section);

  collectExtras(reader, prospect, 'adf.x', custom);
  return { value: { contact, interest, source: providerName ? providerName.slice(0, 100) : null, custom }, warnings: reader.warnings };
}

/** Every prospect in the document (a bare `<prospect>` root is taken as one). */
export function readAdf(text: string, limits?: XmlLimits): AdfRecord[] {
  const root = readGuardedXml(text, limits);
  const rootName = localName(root.name);
  if (rootName === 'prospect') return [readProspect(root)];
  if (rootName !== 'adf') throw new XmlError(`the root element must be <adf> (found <${root.name}>)`);
  const prospects = childrenNamed(root, 'prospect');
  if (prospects.length === 0) throw new XmlError('the ADF document contains no <prospect>');
  return prospects.map(readProspect);
}

/** Whether an XML text is ADF rather than our own format, by its root element. */
export function looksLikeAdf(text: string): boolean {
  const start = text.replace(/^\uFEFF?\s*(<\?[^>]*\?>\s*|<!--[\s\S]*?-->\s*)*/, '');
  return /^<(?:[\w-]+:)?(adf|prospect)[\s>/]/i.test(start);
}
