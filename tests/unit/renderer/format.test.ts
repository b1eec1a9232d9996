import { describe, expect, it } from 'vitest';
import { dateInputToEpoch, epochToDateInput, formatAge, formatCountdown, humanizeKey } from '../../../renderer/lead-box/format.ts';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const now = Date.UTC(2026, 10, 22, 12, 0, 0);

describe('formatAge', () => {
  it('reads as the largest whole unit', () => {
    expect(formatAge(now - 20_000, now)).toBe('now');
    expect(formatAge(now - 5 * MINUTE, now)).toBe('5m');
    expect(formatAge(now - 3 * HOUR - 59 * MINUTE, now)).toBe('3h');
    expect(formatAge(now - 3 * DAY, now)).toBe('3d');
    expect(formatAge(now - 90 * DAY, now)).toBe('3mo');
    expect(formatAge(now - 800 * DAY, now)).toBe('2y');
  });

  it('never shows a negative age for a clock slightly behind the server', () => {
    expect(formatAge(now + 5 * MINUTE, now)).toBe('now');
  });
});

describe('formatCountdown', () => {
  it('shows hours and minutes, calm above 15 minutes', () => {
    expect(formatCountdown(now + HOUR + 12 * MINUTE + 30_000, now)).toEqual({ text: '1h 12m', tone: 'calm' });
    expect(formatCountdown(now + 2 * DAY + 3 * HOUR, now)).toEqual({ text: '2d 3h', tone: 'calm' });
    expect(formatCountdown(now + 15 * MINUTE, now)).toEqual({ text: '15m 00s', tone: 'calm' });
  });

  it('turns urgent under 15 minutes and counts seconds', () => {
    expect(formatCountdown(now + 14 * MINUTE + 59_000, now)).toEqual({ text: '14m 59s', tone: 'urgent' });
    expect(formatCountdown(now + 5_000, now)).toEqual({ text: '0m 05s', tone: 'urgent' });
  });

  it('says expired once the offer has lapsed', () => {
    expect(formatCountdown(now, now)).toEqual({ text: 'expired', tone: 'expired' });
    expect(formatCountdown(now - HOUR, now)).toEqual({ text: 'expired', tone: 'expired' });
  });
});

describe('date input round trip', () => {
  it('turns a yyyy-mm-dd value into 08:00 local time that day and back', () => {
    const at = dateInputToEpoch('2027-02-28')!;
    expect(new Date(at).getHours()).toBe(8);
    expect(epochToDateInput(at)).toBe('2027-02-28');
  });

  it('answers null for anything that is not a date value', () => {
    expect(dateInputToEpoch('')).toBeNull();
    expect(dateInputToEpoch('28.02.2027')).toBeNull();
  });
});

describe('humanizeKey', () => {
  it('makes custom field keys readable', () => {
    expect(humanizeKey('preferredLanguage')).toBe('Preferred language');
    expect(humanizeKey('crm_id')).toBe('Crm id');
    expect(humanizeKey('industry')).toBe('Industry');
  });
});
