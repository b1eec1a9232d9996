import { readExchangeJson, writeExchangeJson } from '../../core/exchange/exchange-json.ts';
import { EXCHANGE_VERSION, ExchangeFormatError, type ExchangeDocument, type ExchangeMessage } from '../../core/exchange/exchange-message.ts';
import { readExchangeXml, writeExchangeXml } from '../../core/exchange/exchange-xml.ts';
import { HttpError } from '../http/errors.ts';

/** Content types of the two encodings; one message per request on the wire. */
export type WireFormat = 'xml' | 'json';
export const CONTENT_TYPES: Record<WireFormat, string> = { xml: 'application/xml; charset=utf-8', json: 'application/json; charset=utf-8' };

export function formatOf(contentType: string | undefined): WireFormat | null {
  const type = (contentType ?? '').split(';')[0]!.trim().toLowerCase();
  if (type === 'application/json') return 'json';
  if (type === 'application/xml' || type === 'text/xml') return 'xml';
  return null;
}

export function encodeMessage(format: WireFormat, message: ExchangeMessage): string {
  const document: ExchangeDocument = { version: EXCHANGE_VERSION, messages: [message] };
  return format === 'xml' ? writeExchangeXml(document) : writeExchangeJson(document);
}

/** Reads exactly one message; a document that cannot be read answers 400 naming the field. */
export function decodeMessage(format: WireFormat, body: string): ExchangeMessage {
  let document: ExchangeDocument;
  try {
    document = format === 'xml' ? readExchangeXml(body) : readExchangeJson(body);
  } catch (error) {
    if (error instanceof ExchangeFormatError) throw new HttpError(400, 'invalid_input', error.message, error.field || 'body');
    throw error;
  }
  if (document.messages.length !== 1) throw new HttpError(400, 'invalid_input', `messages: a request carries exactly one message (found ${document.messages.length})`, 'messages');
  return document.messages[0]!;
}
