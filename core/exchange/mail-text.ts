import type { CustomValue } from '../lead/lead.ts';

/**
 * Fields recognised in a plain-text lead email ("Name: Ann Lee", "Phone: ...", one per line),
 * as web forms and lead portals send them. What the text does not say is taken from the
 * sender; the whole message is kept beside the lead, so a miss here loses nothing.
 */
export interface MailFacts {
  text: string;
  subject: string | null;
  fromName: string | null;
  fromAddress: string | null;
}

const LABELS: Array<[RegExp, string]> = [
  [/^(first ?name|given ?name|vorname|prénom|prenom)$/, 'contact.firstName'],
  [/^(last ?name|surname|family ?name|nachname|nom)$/, 'contact.lastName'],
  [/^((full |contact |your )?name|contact)$/, 'name'],
  [/^(e-?mail( address)?|mail|your e-?mail)$/, 'contact.email'],
  [/^(phone( number)?|telephone|tel|mobile|cell( ?phone)?|telefon|handy)$/, 'contact.phone'],
  [/^(company( name)?|organi[sz]ation|firm|firma|business|employer)$/, 'contact.company'],
  [/^(job ?title|title|position|role)$/, 'contact.title'],
  [/^(street|address|street address|straße|strasse)$/, 'contact.street'],
  [/^(city|town|ort|stadt)$/, 'contact.city'],
  [/^(state|region|province|county|bundesland)$/, 'contact.region'],
  [/^(zip|zip ?code|postal ?code|post ?code|plz)$/, 'contact.postalCode'],
  [/^(country|land)$/, 'contact.country'],
  [/^(product|interest|interested in)$/, 'interest.product'],
  [/^(timeframe|time ?frame|when)$/, 'interest.timeframe'],
  [/^(comments?|message|notes?|enquiry|inquiry)$/, 'custom.mail.comments'],
];

const LINE = /^\s*([\p{L}][\p{L} .'-]{0,30}?)\s*[:=]\s*(.+?)\s*$/u;
const EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/;

function splitName(full: string): { firstName: string | null; lastName: string } {
  const words = full.trim().split(/\s+/);
  return words.length === 1 ? { firstName: null, lastName: words[0]! } : { firstName: words.slice(0, -1).join(' '), lastName: words.at(-1)! };
}

export interface RecognisedMail {
  value: { contact: Record<string, string | null>; interest: Record<string, string>; custom: Record<string, CustomValue> };
  /** How many labelled fields the text had: 0 means the lead is only the sender. */
  recognised: number;
}

export function recogniseMailLead(mail: MailFacts): RecognisedMail {
  const contact: Record<string, string | null> = {};
  const interest: Record<string, string> = {};
  const custom: Record<string, CustomValue> = {};
  let recognised = 0;
  for (const line of mail.text.split(/\r?\n/).slice(0, 500)) {
    const match = LINE.exec(line);
    if (!match) continue;
    const label = match[1]!.toLowerCase().replace(/\s+/g, ' ');
    const value = match[2]!.slice(0, 2000);
    const target = LABELS.find(([pattern]) => pattern.test(label))?.[1];
    if (!target) continue;
    recognised++;
    if (target === 'name') {
      if (!contact.lastName) Object.assign(contact, splitName(value));
    } else if (target.startsWith('contact.')) contact[target.slice(8)] ??= value;
    else if (target.startsWith('interest.')) interest[target.slice(9)] ??= value.slice(0, 100);
    else custom[target.slice(7)] = value;
  }
  if (contact.email) contact.email = EMAIL.exec(contact.email)?.[0] ?? contact.email;
  // A web form relayed by a mailer: the sender is the mailer, so only fall back to it.
  if (!contact.email) contact.email = EMAIL.exec(mail.text)?.[0] ?? mail.fromAddress;
  if (!contact.lastName && !contact.firstName && mail.fromName && recognised === 0) Object.assign(contact, splitName(mail.fromName));
  if (mail.subject) custom['mail.subject'] = mail.subject.slice(0, 2000);
  return { value: { contact, interest, custom }, recognised };
}
