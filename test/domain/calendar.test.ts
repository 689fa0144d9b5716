import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Settings } from 'luxon';
import { WorkingCalendar, nationalHolidays } from '../../src/domain/calendar.js';

const rome = new WorkingCalendar({ patronDay: '06-24', closures: ['2022-12-23'] });

describe('working calendar (Europe/Rome)', () => {
  it('knows every national holiday, with Easter Monday computed', () => {
    expect([...nationalHolidays(2022).keys()].filter((d) => d !== '2022-04-17')).toEqual([
      '2022-01-01', '2022-01-06', '2022-04-18', '2022-04-25', '2022-05-01', '2022-06-02', '2022-08-15', '2022-11-01', '2022-12-08', '2022-12-25', '2022-12-26',
    ]);
    expect(nationalHolidays(2020).has('2020-04-13')).toBe(true);
    expect(nationalHolidays(2026).has('2026-04-06')).toBe(true);
  });
  it('closes on weekends, holidays, the patron day and administrator closures', () => {
    expect(rome.whyClosed('2022-07-30')).toBe('weekend');
    expect(rome.whyClosed('2022-04-25')).toBe('holiday');
    expect(rome.whyClosed('2022-06-24')).toBe('patron');
    expect(rome.whyClosed('2022-12-23')).toBe('closure');
    expect(rome.whyClosed('2022-08-01')).toBeNull();
  });
  it('counts working days across a holiday bridge: 5 working days before 26/04/2022 is 15/04 (Easter Monday and 25/4 skipped)', () => {
    // 26/04 Tue ← 22 Fri, 21 Thu, 20 Wed, 19 Tue, (18 Easter Monday), (16-17 weekend), 15 Fri
    expect(rome.workingDaysBefore('2022-04-26', 5)).toBe('2022-04-15');
    expect(rome.nextWorkingDay('2022-04-23')).toBe('2022-04-26');
    expect(rome.nextWorkingDay('2022-08-01')).toBe('2022-08-01');
    expect(rome.nextWorkingDay('2022-08-01', false)).toBe('2022-08-02');
    expect(rome.addWorkingDays('2022-12-22', 1)).toBe('2022-12-27');
  });
  it('puts 09:30 in Rome at the right instant on both sides of the 2026 DST changes', () => {
    expect(rome.atLocalTime('2026-03-27', '09:30').toISOString()).toBe('2026-03-27T08:30:00.000Z');
    expect(rome.atLocalTime('2026-03-30', '09:30').toISOString()).toBe('2026-03-30T07:30:00.000Z');
    expect(rome.atLocalTime('2026-10-23', '09:30').toISOString()).toBe('2026-10-23T07:30:00.000Z');
    expect(rome.atLocalTime('2026-10-26', '09:30').toISOString()).toBe('2026-10-26T08:30:00.000Z');
  });
  it('reads the local date of an instant near midnight across DST', () => {
    expect(rome.localDateOf(new Date('2026-03-28T23:30:00Z'))).toBe('2026-03-29'); // 00:30 CET
    expect(rome.localDateOf(new Date('2026-10-24T22:30:00Z'))).toBe('2026-10-25'); // 00:30 CEST
    expect(rome.localTimeOf(new Date('2026-10-25T01:30:00Z'))).toBe('02:30'); // after the fall back
  });
  it('does not depend on the server time zone', () => {
    const before = Settings.defaultZone;
    try {
      Settings.defaultZone = 'America/New_York';
      expect(rome.atLocalTime('2026-03-30', '09:30').toISOString()).toBe('2026-03-30T07:30:00.000Z');
      expect(rome.localDateOf(new Date('2026-03-28T23:30:00Z'))).toBe('2026-03-29');
      expect(rome.workingDaysBefore('2022-04-26', 5)).toBe('2022-04-15');
    } finally {
      Settings.defaultZone = before;
    }
  });
  it('next working day is a working day on or after the date; N working days before leaves exactly N between', () => {
    const day = fc.integer({ min: 0, max: 3 * 365 }).map((n) => new Date(Date.UTC(2022, 0, 1 + n)).toISOString().slice(0, 10));
    fc.assert(
      fc.property(day, (d) => {
        const next = rome.nextWorkingDay(d);
        return next >= d && rome.isWorkingDay(next);
      }),
    );
    fc.assert(
      fc.property(day, fc.integer({ min: 1, max: 10 }), (d, n) => {
        const before = rome.workingDaysBefore(d, n);
        // working days in [before, d): exactly n, starting with `before` itself
        let count = 0;
        for (let x = before; x < d; x = new Date(Date.parse(`${x}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10)) if (rome.isWorkingDay(x)) count++;
        return rome.isWorkingDay(before) && count === n;
      }),
    );
  });
});
