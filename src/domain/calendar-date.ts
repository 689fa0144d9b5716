/**
 * Arithmetic on calendar dates `YYYY-MM-DD` (no time, no zone): day differences and month ends.
 * Zone-aware instants (send times, DST) belong to the working calendar, not here.
 */
import type { IsoDate, IsoMonth } from './plan.js';

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** The years a date of this domain can fall in: plans, deadlines and closures of a municipality. */
export const DATE_YEARS = { min: 1900, max: 2999 } as const;

/**
 * Whether `text` is a real calendar date `YYYY-MM-DD` (issue 10 item 9): 2022-02-30, 2022-02-29,
 * 2022-04-31 and 0000-01-01 are not. Checked by arithmetic, because `Date.parse` rolls 30 February
 * over to March and maps years below 100 to the 1900s.
 */
export function isCalendarDate(text: string): boolean {
  const match = ISO_DATE.exec(text);
  if (!match) return false;
  const [y, m, d] = [Number(match[1]), Number(match[2]), Number(match[3])];
  if (y < DATE_YEARS.min || y > DATE_YEARS.max || m < 1 || m > 12 || d < 1) return false;
  const leap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
  const days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1]!;
  return d <= days;
}

function toUtcDays(date: IsoDate): number {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return Date.UTC(y, m - 1, d) / 86_400_000;
}

/** Whole days from `a` to `b` (positive when b is later). */
export function daysBetween(a: IsoDate, b: IsoDate): number {
  return Math.round(toUtcDays(b) - toUtcDays(a));
}

/** The last day of a month `YYYY-MM`. */
export function lastDayOfMonth(month: IsoMonth): IsoDate {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const day = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return `${month}-${String(day).padStart(2, '0')}`;
}

/** The month `YYYY-MM` of a date. */
export function monthOf(date: IsoDate): IsoMonth {
  return date.slice(0, 7);
}

/** A date plus n calendar days. */
export function addDays(date: IsoDate, n: number): IsoDate {
  return new Date((toUtcDays(date) + n) * 86_400_000).toISOString().slice(0, 10);
}
