import { z } from 'zod';

/**
 * Whether a user may be offered a lead right now: not disabled, not away, inside their
 * working hours, and under their capacity. Kept apart from the SQL so the rules read plainly.
 */
const clock = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be a time such as "08:30"');

export const WorkingHours = z
  .strictObject({
    timeZone: z.string().refine((zone) => {
      try {
        new Intl.DateTimeFormat('en-GB', { timeZone: zone });
        return true;
      } catch {
        return false;
      }
    }, 'must be an IANA time zone such as "Europe/Berlin"'),
    /** ISO weekdays: 1 = Monday … 7 = Sunday. */
    days: z.array(z.number().int().min(1).max(7)).min(1, 'needs at least one day').max(7),
    start: clock,
    end: clock,
  })
  .refine((hours) => hours.start < hours.end, { message: 'end must be after start', path: ['end'] });
export type WorkingHours = z.infer<typeof WorkingHours>;

const WEEKDAYS: Record<string, number> = { Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6, Sun: 7 };
const formatters = new Map<string, Intl.DateTimeFormat>();

export function isWithinWorkingHours(hours: WorkingHours, now: number): boolean {
  let format = formatters.get(hours.timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-GB', { timeZone: hours.timeZone, weekday: 'short', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
    formatters.set(hours.timeZone, format);
  }
  const parts = Object.fromEntries(format.formatToParts(now).map((part) => [part.type, part.value]));
  const day = WEEKDAYS[parts.weekday ?? ''];
  const time = `${parts.hour}:${parts.minute}`;
  return day !== undefined && hours.days.includes(day) && time >= hours.start && time < hours.end;
}

export interface AvailabilityFacts {
  disabled: boolean;
  away: boolean;
  awayUntil: number | null;
  workingHours: WorkingHours | null;
  capacity: number | null;
  openLeads: number;
}

/** Null when the user can take a lead now; otherwise why not, for the lead's history. */
export function unavailableReason(user: AvailabilityFacts, now: number): string | null {
  if (user.disabled) return 'disabled';
  if (user.away && (user.awayUntil === null || user.awayUntil > now)) return 'away';
  if (user.workingHours && !isWithinWorkingHours(user.workingHours, now)) return 'outside working hours';
  if (user.capacity !== null && user.openLeads >= user.capacity) return `at capacity (${user.openLeads} of ${user.capacity} open leads)`;
  return null;
}
