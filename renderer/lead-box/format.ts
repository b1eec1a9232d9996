/** Short, scannable numbers for a dense list: "3d", "1h 12m", "€12,500". */

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

export function formatAge(createdAt: number, now: number): string {
  const ms = Math.max(0, now - createdAt);
  if (ms < MINUTE) return 'now';
  if (ms < HOUR) return `${Math.floor(ms / MINUTE)}m`;
  if (ms < DAY) return `${Math.floor(ms / HOUR)}h`;
  if (ms < 60 * DAY) return `${Math.floor(ms / DAY)}d`;
  if (ms < 365 * DAY) return `${Math.floor(ms / (30 * DAY))}mo`;
  return `${Math.floor(ms / (365 * DAY))}y`;
}

/** Offers under this much time left are shown in red. */
export const URGENT_MS = 15 * MINUTE;

export type CountdownTone = 'calm' | 'urgent' | 'expired';

export function formatCountdown(expiresAt: number, now: number): { text: string; tone: CountdownTone } {
  const left = expiresAt - now;
  if (left <= 0) return { text: 'expired', tone: 'expired' };
  const tone: CountdownTone = left < URGENT_MS ? 'urgent' : 'calm';
  if (left >= DAY) return { text: `${Math.floor(left / DAY)}d ${Math.floor((left % DAY) / HOUR)}h`, tone };
  if (left >= HOUR) return { text: `${Math.floor(left / HOUR)}h ${Math.floor((left % HOUR) / MINUTE)}m`, tone };
  const seconds = Math.floor((left % MINUTE) / 1000);
  return { text: `${Math.floor(left / MINUTE)}m ${String(seconds).padStart(2, '0')}s`, tone };
}

const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });
const dateOnly = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium' });
const count = new Intl.NumberFormat();
const money = new Intl.NumberFormat(undefined, { maximumFractionDigits: 2 });

export const formatDateTime = (at: number): string => dateTime.format(at);
export const formatDate = (at: number): string => dateOnly.format(at);
export const formatCount = (n: number): string => count.format(n);
export const formatAmount = (n: number): string => money.format(n);

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

export function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** "preferredLanguage" or "preferred_language" → "Preferred language". */
export function humanizeKey(key: string): string {
  const words = key
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/[_-]+/g, ' ')
    .trim()
    .toLowerCase();
  return capitalize(words);
}

/** A yyyy-mm-dd value from <input type="date"> as local 08:00 that day (start of a work day). */
export function dateInputToEpoch(value: string): number | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!match) return null;
  return new Date(Number(match[1]), Number(match[2]) - 1, Number(match[3]), 8, 0, 0, 0).getTime();
}

export function epochToDateInput(at: number): string {
  const d = new Date(at);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}
