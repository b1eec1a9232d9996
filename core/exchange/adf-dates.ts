/**
 * ADF says ISO 8601 for `requestdate`; feeds send whatever their platform prints. Reads the
 * forms seen in the wild into epoch ms (UTC when no zone is given), or null when unsure.
 */
const pad = (n: string | undefined) => (n ?? '0').padStart(2, '0');

function fromParts(year: string, month: string, day: string, hour = '0', minute = '0', second = '0', zone = 'Z'): number | null {
  const offset = zone === 'Z' || zone === '' ? 'Z' : zone.replace(/^([+-]\d{2}):?(\d{2})$/, '$1:$2');
  const ms = Date.parse(`${year}-${pad(month)}-${pad(day)}T${pad(hour)}:${pad(minute)}:${pad(second)}${offset}`);
  if (!Number.isFinite(ms) || Number(month) < 1 || Number(month) > 12 || Number(day) < 1 || Number(day) > 31) return null;
  return ms;
}

const to24 = (hour: string, meridiem: string | undefined): string => {
  if (!meridiem) return hour;
  const h = Number(hour) % 12;
  return String(meridiem.toLowerCase() === 'pm' ? h + 12 : h);
};

export function parseAdfDate(raw: string | null | undefined): number | null {
  const text = (raw ?? '').trim();
  if (!text) return null;
  let m = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ](\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?)?\s*(Z|[+-]\d{2}:?\d{2})?$/i.exec(text);
  if (m) return fromParts(m[1]!, m[2]!, m[3]!, m[4], m[5], m[6], m[7]?.toUpperCase());
  // US order: 03/30/2000 3:30 PM, the most common non-ISO form in dealer feeds.
  m = /^(\d{1,2})\/(\d{1,2})\/(\d{4})(?:\s+(\d{1,2}):(\d{2})(?::(\d{2}))?\s*([ap]m)?)?$/i.exec(text);
  if (m) return fromParts(m[3]!, m[1]!, m[2]!, m[4] === undefined ? undefined : to24(m[4], m[7]), m[5], m[6]);
  // European order: 30.03.2000 15:30.
  m = /^(\d{1,2})\.(\d{1,2})\.(\d{4})(?:\s+(\d{1,2}):(\d{2})(?::(\d{2}))?)?$/.exec(text);
  if (m) return fromParts(m[3]!, m[2]!, m[1]!, m[4], m[5], m[6]);
  m = /^(\d{4})(\d{2})(\d{2})(?:[T ]?(\d{2})(\d{2})(\d{2})?)?$/.exec(text);
  if (m) return fromParts(m[1]!, m[2]!, m[3]!, m[4], m[5], m[6]);
  // Unix seconds (10 digits) or milliseconds (13).
  if (/^\d{9,10}$/.test(text)) return Number(text) * 1000;
  if (/^\d{13}$/.test(text)) return Number(text);
  // RFC 2822 ("Thu, 30 Mar 2000 15:30:20 -0800"), which Date.parse reads reliably.
  if (/^(?:[A-Za-z]{3},?\s+)?\d{1,2}\s+[A-Za-z]{3}\s+\d{4}\s+\d{1,2}:\d{2}(?::\d{2})?\s*(?:[+-]\d{4}|[A-Z]{2,4})?$/.test(text)) {
    const ms = Date.parse(text);
    return Number.isFinite(ms) ? ms : null;
  }
  return null;
}
