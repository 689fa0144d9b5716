import Holidays from 'date-holidays';
import { describe, expect, it } from 'vitest';
import { easterSunday, italianNationalHolidays } from '../../src/domain/italian-holidays.js';
import { nationalHolidays } from '../../src/domain/calendar.js';
import { DATE_YEARS } from '../../src/domain/calendar-date.js';

describe('Italian national holidays, computed without date-holidays at run time', () => {
  it('gives the same days and names as date-holidays\' public holidays of IT, every year the plans may use', () => {
    const library = new Holidays('IT');
    for (let year = DATE_YEARS.min; year <= DATE_YEARS.max; year++) {
      const expected = new Map(
        library
          .getHolidays(year)
          .filter((h) => h.type === 'public')
          .map((h) => [h.date.slice(0, 10), h.name] as const),
      );
      expect([...italianNationalHolidays(year)], String(year)).toEqual([...expected]);
    }
  });

  it('knows Easter, Saint Francis from 2026 and the 2011 anniversary, through the calendar the planner uses', () => {
    expect(easterSunday(2022)).toBe('04-17');
    expect(easterSunday(2038)).toBe('04-25');
    expect(nationalHolidays(2022).get('2022-04-18')).toBe('Lunedì dell’Angelo');
    expect(nationalHolidays(2025).has('2025-10-04')).toBe(false);
    expect(nationalHolidays(2026).get('2026-10-04')).toBe("Festa nazionale di San Francesco d'Assisi");
    expect(nationalHolidays(2011).get('2011-03-17')).toBe('Festa Nazionale 2011');
  });
});
