/** The calendar date in Europe/Rome of an instant: roles and "today" follow the ente's clock, not UTC. */
import { DateTime } from 'luxon';

/** `now` as YYYY-MM-DD in Europe/Rome. */
export function romeDate(now: Date): string {
  return DateTime.fromJSDate(now, { zone: 'Europe/Rome' }).toISODate()!;
}
