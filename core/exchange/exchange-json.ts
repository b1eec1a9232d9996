import { ExchangeFormatError, type ExchangeDocument } from './exchange-message.ts';
import { validateDocument } from './exchange-validate.ts';
import { jsonNestedDeeperThan } from './json-depth.ts';

/**
 * The JSON form of exchange documents (docs/exchange.schema.json): the message model as is,
 * `{ "version": 1, "messages": [...] }`. Reading checks size and nesting in one pass before
 * JSON.parse builds anything, then validates with the same schema as the XML form.
 */
export interface JsonLimits {
  maxChars: number;
  maxDepth: number;
}

export const EXCHANGE_JSON_LIMITS: JsonLimits = { maxChars: 64 * 1024 * 1024, maxDepth: 8 };

function checkShape(text: string, limits: JsonLimits): void {
  if (text.length > limits.maxChars) throw new ExchangeFormatError(`the JSON document is too large (${text.length} characters; the limit is ${limits.maxChars})`);
  if (text.indexOf('"__proto__"') >= 0) throw new ExchangeFormatError('the JSON document may not contain the key "__proto__"');
  if (jsonNestedDeeperThan(text, limits.maxDepth)) throw new ExchangeFormatError(`the JSON document is nested deeper than ${limits.maxDepth} levels`);
}

export function readExchangeJson(text: string, limits: JsonLimits = EXCHANGE_JSON_LIMITS): ExchangeDocument {
  checkShape(text, limits);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new ExchangeFormatError(`the JSON document is not valid JSON: ${error instanceof Error ? error.message : String(error)}`);
  }
  return validateDocument(value);
}

export function writeExchangeJson(document: ExchangeDocument): string {
  return JSON.stringify(document);
}
