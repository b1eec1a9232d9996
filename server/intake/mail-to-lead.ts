import type { ParsedMail } from 'mailparser';
import { readAdf } from '../../core/exchange/adf-read.ts';
import { recogniseMailLead } from '../../core/exchange/mail-text.ts';
import { XmlError, type XmlLimits } from '../../core/exchange/xml-guard.ts';
import type { DecodedRecord } from './intake-service.ts';

/**
 * One email as intake records: ADF in an attachment or in the body wins (lead portals send
 * it that way); otherwise the labelled fields of the text, falling back to the sender.
 */
export interface MailRecords {
  kind: 'adf' | 'text';
  label: string;
  records: DecodedRecord[];
}

const ADF_IN_TEXT = /(<\?xml[^>]*\?>\s*)?(<\?adf[^>]*\?>\s*)?<adf[\s>][\s\S]*?<\/adf\s*>/i;

function adfDocument(mail: ParsedMail): string | null {
  for (const attachment of mail.attachments) {
    const xmlish = /xml|adf/i.test(attachment.contentType) || /\.(xml|adf)$/i.test(attachment.filename ?? '');
    if (!xmlish) continue;
    const text = attachment.content.toString('utf8');
    if (/<adf[\s>]/i.test(text)) return text;
  }
  const body = mail.text ?? '';
  return ADF_IN_TEXT.exec(body)?.[0] ?? null;
}

function plainText(mail: ParsedMail): string {
  if (mail.text) return mail.text;
  return typeof mail.html === 'string' ? mail.html.replace(/<br\s*\/?>|<\/p>|<\/div>|<\/tr>/gi, '\n').replace(/<[^>]+>/g, ' ') : '';
}

export function mailToRecords(mail: ParsedMail, limits?: XmlLimits): MailRecords {
  const adf = adfDocument(mail);
  if (adf) {
    try {
      const prospects = readAdf(adf, limits);
      return { kind: 'adf', label: 'prospects', records: prospects.map((p) => ({ ok: true, value: p.value, strict: false, warnings: p.warnings })) };
    } catch (error) {
      if (!(error instanceof XmlError)) throw error;
      return { kind: 'adf', label: 'prospects', records: [{ ok: false, field: 'body', reason: `the ADF document in the message could not be read: ${error.message}` }] };
    }
  }
  const from = mail.from?.value[0];
  const recognised = recogniseMailLead({ text: plainText(mail), subject: mail.subject ?? null, fromName: from?.name || null, fromAddress: from?.address || null });
  if (mail.messageId) recognised.value.custom['mail.messageId'] = mail.messageId.slice(0, 2000);
  return { kind: 'text', label: 'message', records: [{ ok: true, value: recognised.value, strict: false }] };
}
