/**
 * The working calendar of an ente: weekends, Italian national holidays, the ente's patron day and
 * closures an administrator adds. All date math runs in the ente's time zone with luxon, never in
 * the server's local time, so "09:30" means 09:30 in Rome on both sides of a DST change.
 */
import Holidays from 'date-holidays';
import { DateTime } from 'luxon';
import type { IsoDate } from './plan.js';

export type ClosedReason = 'weekend' | 'holiday' | 'patron' | 'closure';

export interface CalendarOptions {
  /** IANA zone; default Europe/Rome */
  timezone?: string;
  /** the ente's patron saint's day, `MM-DD` */
  patronDay?: string;
  /** extra closures (ISO dates) an administrator added */
  closures?: IsoDate[];
}

const italianHolidays = new Holidays('IT');
const holidayCache = new Map<number, Map<IsoDate, string>>();

/**
 * Italian national public holidays of a year (date-holidays' "public" type: 1/1, 6/1, Easter and
 * Easter Monday, 25/4, 1/5, 2/6, 15/8, 1/11, 8/12, 25/12, 26/12, and 4/10 from 2026 by L. 151/2025).
 */
export function nationalHolidays(year: number): Map<IsoDate, string> {
  let holidays = holidayCache.get(year);
  if (!holidays) {
    holidays = new Map(
      italianHolidays
        .getHolidays(year)
        .filter((h) => h.type === 'public')
        .map((h) => [h.date.slice(0, 10), h.name] as const),
    );
    holidayCache.set(year, holidays);
  }
  return holidays;
}

function toDate(date: IsoDate, zone: string): DateTime {
  const parsed = DateTime.fromISO(date, { zone });
  if (!parsed.isValid) throw new RangeError(`not a date: ${date}`);
  return parsed;
}

export class WorkingCalendar {
  readonly timezone: string;
  private readonly patronDay: string | undefined;
  private readonly closures: Set<IsoDate>;

  constructor(options: CalendarOptions = {}) {
    this.timezone = options.timezone ?? 'Europe/Rome';
    this.patronDay = options.patronDay;
    this.closures = new Set(options.closures ?? []);
  }

  /** Why a day is not a working day, or null when it is one. */
  whyClosed(date: IsoDate): ClosedReason | null {
    const day = toDate(date, this.timezone);
    if (day.weekday >= 6) return 'weekend';
    if (nationalHolidays(day.year).has(date)) return 'holiday';
    if (this.patronDay && date.slice(5) === this.patronDay) return 'patron';
    if (this.closures.has(date)) return 'closure';
    return null;
  }

  isWorkingDay(date: IsoDate): boolean {
    return this.whyClosed(date) === null;
  }

  /** The first working day on or after (inclusive) / after (exclusive) a date. */
  nextWorkingDay(date: IsoDate, inclusive = true): IsoDate {
    let day = toDate(date, this.timezone);
    if (!inclusive) day = day.plus({ days: 1 });
    for (let guard = 0; guard < 366; guard++) {
      const iso = day.toISODate() as string;
      if (this.isWorkingDay(iso)) return iso;
      day = day.plus({ days: 1 });
    }
    throw new RangeError(`no working day within a year after ${date}`);
  }

  /** The working day n working days after (n > 0) or before (n < 0) a date; n = 0 is the date itself. */
  addWorkingDays(date: IsoDate, n: number): IsoDate {
    let day = toDate(date, this.timezone);
    const step = n >= 0 ? 1 : -1;
    for (let left = Math.abs(n); left > 0; ) {
      day = day.plus({ days: step });
      if (this.isWorkingDay(day.toISODate() as string)) left--;
    }
    return day.toISODate() as string;
  }

  /** The day N working days before a date ("5 working days before the deadline"). */
  workingDaysBefore(date: IsoDate, n: number): IsoDate {
    return this.addWorkingDays(date, -n);
  }

  /** The instant of a local wall-clock time on a date in the ente's zone ("09:30" → UTC instant). */
  atLocalTime(date: IsoDate, hhmm: string): Date {
    const [hour, minute] = hhmm.split(':').map(Number) as [number, number];
    return toDate(date, this.timezone).set({ hour, minute, second: 0, millisecond: 0 }).toJSDate();
  }

  /** The ente's calendar date of an instant. */
  localDateOf(instant: Date): IsoDate {
    return DateTime.fromJSDate(instant, { zone: this.timezone }).toISODate() as string;
  }

  /** The ente's wall-clock time `HH:MM` of an instant. */
  localTimeOf(instant: Date): string {
    return DateTime.fromJSDate(instant, { zone: this.timezone }).toFormat('HH:mm');
  }
}
