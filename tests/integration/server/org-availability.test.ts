import { afterEach, describe, expect, it } from 'vitest';
import { isWithinWorkingHours, unavailableReason } from '../../../server/org/availability.ts';
import { expectOk, seed, startHarness, T0, type Harness } from './routing-fixture.ts';

const harnesses: Harness[] = [];
afterEach(async () => {
  for (const h of harnesses.splice(0)) await h.close();
});

const BERLIN_OFFICE = { timeZone: 'Europe/Berlin', days: [1, 2, 3, 4, 5], start: '08:00', end: '17:00' };
const HOUR = 3_600_000;

describe('working hours and availability', () => {
  it('reads working hours in the user\'s time zone', () => {
    // T0 is Monday 09:00 UTC = 10:00 in Berlin (CET).
    expect(isWithinWorkingHours(BERLIN_OFFICE, T0)).toBe(true);
    expect(isWithinWorkingHours(BERLIN_OFFICE, T0 - 2 * HOUR)).toBe(true); // 08:00 Berlin: the start is inclusive
    expect(isWithinWorkingHours(BERLIN_OFFICE, T0 - 3 * HOUR)).toBe(false); // 07:00 Berlin
    expect(isWithinWorkingHours(BERLIN_OFFICE, T0 + 6 * HOUR)).toBe(true); // 16:00 Berlin
    expect(isWithinWorkingHours(BERLIN_OFFICE, T0 + 7 * HOUR)).toBe(false); // 17:00 Berlin: the end is exclusive
    expect(isWithinWorkingHours(BERLIN_OFFICE, T0 + 5 * 24 * HOUR)).toBe(false); // Saturday
    expect(isWithinWorkingHours({ ...BERLIN_OFFICE, timeZone: 'America/New_York' }, T0)).toBe(false); // 04:00 in New York
  });

  it('names why a user cannot take a lead', () => {
    const base = { disabled: false, away: false, awayUntil: null, workingHours: null, capacity: null, openLeads: 0 };
    expect(unavailableReason(base, T0)).toBeNull();
    expect(unavailableReason({ ...base, away: true }, T0)).toBe('away');
    expect(unavailableReason({ ...base, away: true, awayUntil: T0 }, T0)).toBeNull();
    expect(unavailableReason({ ...base, capacity: 2, openLeads: 2 }, T0)).toBe('at capacity (2 of 2 open leads)');
    expect(unavailableReason({ ...base, workingHours: BERLIN_OFFICE }, T0 + 5 * 24 * HOUR)).toBe('outside working hours');
  });

  it('offers nothing outside working hours and refuses a bad time zone naming the field', async () => {
    const h = await startHarness({ clock: { now: T0 + 5 * 24 * HOUR } });
    harnesses.push(h);
    const bad = await h.admin('POST', '/api/v1/admin/users', { id: 'x', name: 'X', email: 'x@example.com', workingHours: { ...BERLIN_OFFICE, timeZone: 'Mars/Olympus' } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.field).toBe('workingHours.timeZone');
    await seed(h, {
      users: [{ id: 'anna', name: 'Anna', email: 'anna@example.com', workingHours: BERLIN_OFFICE }],
      boxes: [{ id: 'root', parentId: null, name: 'System', ownerId: 'anna' }],
    });
    const leadId = await h.arrive();
    expect(h.app.lifecycle.lead(leadId)!.status).toBe('routed');
    expect(h.app.lifecycle.history(leadId).map((e) => e.summary)).toContain('Not offered to Anna, owner of box System: outside working hours');
    h.clock.now = T0 + 7 * 24 * HOUR; // the next Monday, 10:00 in Berlin
    expect((await h.app.scheduler.tick()).offered).toBe(1);
    const users = await expectOk(h.admin('GET', '/api/v1/admin/users'));
    expect(users[0]).toMatchObject({ id: 'anna', workingHours: BERLIN_OFFICE });
  });
});
