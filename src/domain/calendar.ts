/**
 * The working calendar of an ente: weekends, Italian national holidays, the ente's patron day and
 * closures an administrator adds. Instants are computed in the ente's time zone with luxon, never in
 * the server's local time, so "09:30" means 09:30 in Rome on both sides of a DST change. Working-day
 * arithmetic is on calendar dates, which have no zone, so it needs no luxon; its answers are kept,
 * because the reminder planner asks about the same few hundred dates over and over.
 */
import { DateTime } from 'luxon';
import type { IsoDate } from './plan.js';
import { italianNationalHolidays } from './italian-holidays.js';

export type ClosedReason = 'weekend' | 'holiday' | 'patron' | 'closure';

export interface CalendarOptions {
  /** IANA zone; default Europe/Rome */
  timezone?: string;
  /** the ente's patron saint's day, `MM-DD` */
  patronDay?: string;
  /** extra closures (ISO dates) an administrator added */
  closures?: IsoDate[];
}

const holidayCache = new Map<number, Map<IsoDate, string>>();

/**
 * Italian national public holidays of a year (italian-holidays.ts, the same as date-holidays' "public" type: 1/1, 6/1, Easter and
 * Easter Monday, 25/4, 1/5, 2/6, 15/8, 1/11, 8/12, 25/12, 26/12, and 4/10 from 2026 by L. 151/2025).
 */
export function nationalHolidays(year: number): Map<IsoDate, string> {
  let holidays = holidayCache.get(year);
  if (!holidays) {
    holidays = italianNationalHolidays(year);
    holidayCache.set(year, holidays);
  }
  return holidays;
}

function toDate(date: IsoDate, zone: string): DateTime {
  const parsed = DateTime.fromISO(date, { zone });
  if (!parsed.isValid) throw new RangeError(`not a date: ${date}`);
  return parsed;
}

const MS_PER_DAY = 86_400_000;
const PLAIN_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** A date as whole days since 1970-01-01 (UTC is used only as a zone-free day counter). */
function dayNumber(year: number, month: number, day: number): number {
  const utc = new Date(0);
  utc.setUTCFullYear(year, month - 1, day); // unlike Date.UTC, keeps years 0–99 as written
  return utc.getTime() / MS_PER_DAY;
}

/**
 * The day number of a date. `YYYY-MM-DD` is read directly; any other ISO form luxon accepts is read
 * by luxon in the ente's zone, as before, so every input keeps its meaning and an invalid one throws.
 */
function dayNumberOf(date: IsoDate, zone: string): number {
  const plain = PLAIN_DATE.exec(date);
  if (plain) {
    const [year, month, day] = [Number(plain[1]), Number(plain[2]), Number(plain[3])];
    const n = dayNumber(year, month, day);
    // 2022-02-30 would roll over to March: only a real date is read here.
    if (month >= 1 && month <= 12 && new Date(n * MS_PER_DAY).getUTCDate() === day) return n;
  }
  const parsed = toDate(date, zone);
  return dayNumber(parsed.year, parsed.month, parsed.day);
}

/** The `YYYY-MM-DD` of a day number. */
function isoOfDayNumber(n: number): IsoDate {
  const utc = new Date(n * MS_PER_DAY);
  const year = utc.getUTCFullYear();
  const yyyy = year >= 0 && year <= 9999 ? String(year).padStart(4, '0') : (year < 0 ? '-' : '+') + String(Math.abs(year)).padStart(6, '0');
  return `${yyyy}-${String(utc.getUTCMonth() + 1).padStart(2, '0')}-${String(utc.getUTCDate()).padStart(2, '0')}`;
}

export class WorkingCalendar {
  readonly timezone: string;
  private readonly patronDay: string | undefined;
  private readonly closures: Set<IsoDate>;
  // The calendar never changes after construction, so its answers can be kept.
  private readonly closedCache = new Map<IsoDate, ClosedReason | null>();
  private readonly stepCache = new Map<string, IsoDate>();
  private readonly instantCache = new Map<string, number>();

  constructor(options: CalendarOptions = {}) {
    this.timezone = options.timezone ?? 'Europe/Rome';
    this.patronDay = options.patronDay;
    this.closures = new Set(options.closures ?? []);
  }

  /** Why a day is not a working day, or null when it is one. */
  whyClosed(date: IsoDate): ClosedReason | null {
    let reason = this.closedCache.get(date);
    if (reason === undefined) {
      reason = this.closedReason(date, dayNumberOf(date, this.timezone));
      this.closedCache.set(date, reason);
    }
    return reason;
  }

  private closedReason(date: IsoDate, n: number): ClosedReason | null {
    const day = new Date(n * MS_PER_DAY);
    const weekday = day.getUTCDay(); // 0 = Sunday, 6 = Saturday
    if (weekday === 0 || weekday === 6) return 'weekend';
    if (nationalHolidays(day.getUTCFullYear()).has(date)) return 'holiday';
    if (this.patronDay && date.slice(5) === this.patronDay) return 'patron';
    if (this.closures.has(date)) return 'closure';
    return null;
  }

  isWorkingDay(date: IsoDate): boolean {
    return this.whyClosed(date) === null;
  }

  /** The first working day on or after (inclusive) / after (exclusive) a date. */
  nextWorkingDay(date: IsoDate, inclusive = true): IsoDate {
    return this.remembered(`next ${inclusive} ${date}`, () => {
      let day = dayNumberOf(date, this.timezone);
      if (!inclusive) day += 1;
      for (let guard = 0; guard < 366; guard++, day++) {
        const iso = isoOfDayNumber(day);
        if (this.isWorkingDay(iso)) return iso;
      }
      throw new RangeError(`no working day within a year after ${date}`);
    });
  }

  /** The working day n working days after (n > 0) or before (n < 0) a date; n = 0 is the date itself. */
  addWorkingDays(date: IsoDate, n: number): IsoDate {
    return this.remembered(`add ${n} ${date}`, () => {
      let day = dayNumberOf(date, this.timezone);
      const step = n >= 0 ? 1 : -1;
      for (let left = Math.abs(n); left > 0; ) {
        day += step;
        if (this.isWorkingDay(isoOfDayNumber(day))) left--;
      }
      return isoOfDayNumber(day);
    });
  }

  private remembered(key: string, compute: () => IsoDate): IsoDate {
    let answer = this.stepCache.get(key);
    if (answer === undefined) {
      answer = compute();
      this.stepCache.set(key, answer);
    }
    return answer;
  }

  /** The day N working days before a date ("5 working days before the deadline"). */
  workingDaysBefore(date: IsoDate, n: number): IsoDate {
    return this.addWorkingDays(date, -n);
  }

  /** The instant of a local wall-clock time on a date in the ente's zone ("09:30" → UTC instant). */
  atLocalTime(date: IsoDate, hhmm: string): Date {
    const key = `${date} ${hhmm}`;
    let instant = this.instantCache.get(key);
    if (instant === undefined) {
      const [hour, minute] = hhmm.split(':').map(Number) as [number, number];
      instant = toDate(date, this.timezone).set({ hour, minute, second: 0, millisecond: 0 }).toMillis();
      this.instantCache.set(key, instant);
    }
    // A fresh Date each time: callers own (and may change) what they are given.
    return new Date(instant);
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
