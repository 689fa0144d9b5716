/**
 * The planned side of a phase: how far it should be at a date (P1) and when it is due (P2),
 * from monthly increments (Segrate), X-marked months (Terre d'Argine) or start/end dates (002).
 */
import type { IsoDate, PhasePlan } from './plan.js';
import { daysBetween, lastDayOfMonth, monthOf } from './calendar-date.js';

function monthsOfYear<T extends string>(months: T[], year: number): T[] {
  return months.filter((m) => m.startsWith(`${year}-`)).sort();
}

/**
 * P1, domain.md §4.3: planned completion (0–100, whole-phase basis) at `date`.
 * - monthly: priorPct + increments of earlier years + increments of the plan year's months up to
 *   and including month(date) — the month's increment counts from its first day, as the printed
 *   "% Target al 31-lug" counts July;
 * - marks: the in-year share (100 − priorPct − laterPct) spread evenly over the marked months of the
 *   plan year, each month counted from its first day; a phase that continuesLater with no laterPct
 *   has an unknown split until an admin sets laterPct (domain.md P1), so its planned % is null;
 * - start/end: linear in calendar days, 0 on the start day and 100 on the end day (end defaults to 31/12);
 * - no schedule: null.
 */
export function plannedPct(phase: PhasePlan, date: IsoDate, planYear: number): number | null {
  const month = monthOf(date);
  const prior = phase.priorPct ?? 0;
  if (phase.monthly && Object.keys(phase.monthly).length > 0) {
    let sum = prior;
    for (const [m, increment] of Object.entries(phase.monthly)) {
      if (m < `${planYear}-01` || (m.startsWith(`${planYear}-`) && m <= month)) sum += increment;
    }
    return Math.min(100, sum);
  }
  const marked = monthsOfYear(phase.marks ?? [], planYear);
  if (marked.length > 0) {
    if (phase.continuesLater && phase.laterPct === undefined) return null;
    const share = Math.max(0, 100 - prior - (phase.laterPct ?? 0));
    const reached = marked.filter((m) => m <= month).length;
    return Math.min(100, prior + (share * reached) / marked.length);
  }
  if (phase.start || phase.end) {
    const start = phase.start ?? `${planYear}-01-01`;
    const end = phase.end ?? `${planYear}-12-31`;
    const span = daysBetween(start, end);
    if (date < start) return prior;
    if (date >= end || span <= 0) return 100;
    return prior + ((100 - prior) * daysBetween(start, date)) / span;
  }
  return null;
}

/** The in-year part of the planned % (what Segrate prints as "% Target al 31-lug"): planned minus the prior-years share. */
export function plannedInYearPct(phase: PhasePlan, date: IsoDate, planYear: number): number | null {
  const planned = plannedPct(phase, date, planYear);
  return planned === null ? null : planned - (phase.priorPct ?? 0);
}

/** P2, domain.md §4.3: last day of the last month with an increment or mark in the plan year, else the planned end. */
export function phaseDeadline(phase: PhasePlan, planYear: number): IsoDate | null {
  const months = monthsOfYear(
    [...Object.entries(phase.monthly ?? {}).filter(([, v]) => v > 0).map(([m]) => m), ...(phase.marks ?? [])],
    planYear,
  );
  const last = months.at(-1);
  if (last) return lastDayOfMonth(last);
  return phase.end ?? null;
}

/**
 * P2 lateness in days at `asOf`: for an unfinished phase, days since the deadline; a phase reported
 * complete is not late (its completion date is not collected). Null when there is no deadline.
 */
export function daysLate(deadline: IsoDate | null, asOf: IsoDate, actualPct: number | null): number | null {
  if (deadline === null) return null;
  if (actualPct !== null && actualPct >= 100) return 0;
  return Math.max(0, daysBetween(deadline, asOf));
}
