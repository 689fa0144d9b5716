/**
 * The calendar day a deadline target falls on (domain.md §3.2 DueDate): "entro aprile" is the last day of
 * April, "Entro 2021" is 31/12/2021; deadlines set by law, regulation or a call have no day of their own.
 */
import type { IsoDate } from './plan.js';
import type { DueDate } from './target-spec.js';
import { lastDayOfMonth } from './calendar-date.js';

/** P6/P7 deadline rows, domain.md §4.3: the due day of a DueDate, or null for 'legal' | 'regulation' | 'call'. */
export function dueDateOf(due: DueDate): IsoDate | null {
  switch (due.type) {
    case 'date':
      return due.date;
    case 'month':
      return lastDayOfMonth(`${due.year}-${String(due.month).padStart(2, '0')}`);
    case 'year':
      return `${due.year}-12-31`;
    case 'legal':
    case 'regulation':
    case 'call':
      return null;
  }
}
