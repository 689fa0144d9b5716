/**
 * Arithmetic on calendar dates `YYYY-MM-DD` (no time, no zone): day differences and month ends.
 * Zone-aware instants (send times, DST) belong to the working calendar, not here.
 */
import type { IsoDate, IsoMonth } from './plan.js';

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
