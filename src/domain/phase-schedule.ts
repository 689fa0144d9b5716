/**
 * The planned side of a phase: how far it should be at a date (P1) and when it is due (P2), from
 * monthly % increments (004, Segrate), X-marked months (000, Terre d'Argine) or start/end dates (002).
 * All percentages are on the whole-phase basis (prior years + plan year + later years = 100).
 *
 * Decisions on points the spec leaves open (domain.md §4.3 P1/P2, plan-format.md):
 * - A month's increment or mark counts from the first day of that month: the spec sums
 *   "increments(m ≤ month(d))", so on 1 July the July increment is already planned; at month ends this is
 *   exactly the printed "% Target al 31-lug / 31-dic".
 * - Only the plan year's months are scheduled. Monthly increments of earlier years count as part of the
 *   prior share; increments of later years and `laterPct` are never counted (their timing belongs to a
 *   later plan), so after 31/12/Y the planned % stays at its year-end value. X marks outside Y are ignored.
 * - The in-year share of marks and dates is 100 − priorPct − laterPct. When `continuesLater` is set and
 *   `laterPct` is absent the split is unknown (plan-format.md: "unknown until an admin sets laterPct"),
 *   so the planned % is null; without `continuesLater` an absent `laterPct` is 0, i.e. the phase reaches
 *   100% in its last marked month (the fixtures' reading).
 * - Dates: linear in calendar days, 0 on the start day and the full share on the end day; a blank start
 *   is 1/1/Y, a blank end 31/12/Y. With no priorPct/laterPct this is the spec's 100 × (d − start)/(end − start).
 * - No in-year schedule: when priorPct + laterPct already make 100 (a phase done in earlier years, or
 *   planned entirely later) the planned % is known and constant (= priorPct); otherwise null.
 */
import type { IsoDate, IsoMonth, PhasePlan } from './plan.js';
import { daysBetween, lastDayOfMonth, monthOf } from './calendar-date.js';
import { clampPct } from './percent.js';

/** How the plan year's part of a phase is laid out (first schedule found: monthly, marks, dates). */
type InYearLayout =
  | { kind: 'monthly'; monthly: Record<IsoMonth, number> }
  | { kind: 'marks'; months: IsoMonth[]; share: number | null }
  | { kind: 'dates'; start: IsoDate; end: IsoDate; share: number | null }
  | { kind: 'none'; share: number | null };

function yearStart(planYear: number): IsoDate {
  return `${planYear}-01-01`;
}

function yearEnd(planYear: number): IsoDate {
  return `${planYear}-12-31`;
}

/** 100 − prior − later, or null when the phase continues later with no stated later share. */
function inYearShare(phase: PhasePlan): number | null {
  if (phase.continuesLater && phase.laterPct === undefined) return null;
  return Math.max(0, 100 - (phase.priorPct ?? 0) - (phase.laterPct ?? 0));
}

function layoutOf(phase: PhasePlan, planYear: number): InYearLayout {
  if (phase.monthly && Object.keys(phase.monthly).length > 0) return { kind: 'monthly', monthly: phase.monthly };
  const months = [...new Set((phase.marks ?? []).filter((m) => m.startsWith(`${planYear}-`)))].sort();
  if (months.length > 0) return { kind: 'marks', months, share: inYearShare(phase) };
  if (phase.start !== undefined || phase.end !== undefined) {
    return { kind: 'dates', start: phase.start ?? yearStart(planYear), end: phase.end ?? yearEnd(planYear), share: inYearShare(phase) };
  }
  return { kind: 'none', share: inYearShare(phase) };
}

/** Fraction 0..1 of a start..end span elapsed at `date` (0 on the start day, 1 on the end day). */
function elapsed(start: IsoDate, end: IsoDate, date: IsoDate): number {
  if (date >= end) return 1;
  if (date <= start) return 0;
  return daysBetween(start, date) / daysBetween(start, end);
}

/** The last month of the plan year that counts at `date` (dates after Y count as December of Y). */
function countedUpTo(date: IsoDate, planYear: number): IsoMonth {
  const month = monthOf(date);
  const december = `${planYear}-12`;
  return month > december ? december : month;
}

/** Σ monthly increments of months m with from ≤ m ≤ upTo (months as `YYYY-MM` compare as strings). */
function sumIncrements(monthly: Record<IsoMonth, number>, from: IsoMonth, upTo: IsoMonth): number {
  let sum = 0;
  for (const [month, increment] of Object.entries(monthly)) if (month >= from && month <= upTo) sum += increment;
  return sum;
}

/**
 * P1, domain.md §4.3: planned completion of the whole phase (0–100) at `date` =
 * priorPct + the plan year's increments (or marks, or elapsed dates) up to the date; null when the phase
 * has no schedule or its in-year share is unknown (see the file comment for the exact rules).
 */
export function plannedPct(phase: PhasePlan, date: IsoDate, planYear: number): number | null {
  const prior = phase.priorPct ?? 0;
  const layout = layoutOf(phase, planYear);
  switch (layout.kind) {
    case 'monthly':
      return clampPct(prior + sumIncrements(layout.monthly, '0000-00', countedUpTo(date, planYear)));
    case 'marks': {
      if (layout.share === null) return null;
      const reached = layout.months.filter((m) => m <= monthOf(date)).length;
      return clampPct(prior + (layout.share * reached) / layout.months.length);
    }
    case 'dates':
      return layout.share === null ? null : clampPct(prior + layout.share * elapsed(layout.start, layout.end, date));
    case 'none':
      return layout.share === 0 ? clampPct(prior) : null;
  }
}

/**
 * P1, domain.md §4.2(c)/§4.3: the plan year's part of the planned % at `date` — what Segrate prints as
 * "% Target al 31-lug" (Regolamento Edilizio phase 3: 40, while plannedPct is 20 + 40 = 60).
 * 0 before the plan year; its year-end value after it; null when plannedPct is null.
 */
export function plannedInYearPct(phase: PhasePlan, date: IsoDate, planYear: number): number | null {
  if (plannedPct(phase, date, planYear) === null) return null;
  if (date < yearStart(planYear)) return 0;
  const layout = layoutOf(phase, planYear);
  switch (layout.kind) {
    case 'monthly':
      return sumIncrements(layout.monthly, `${planYear}-01`, countedUpTo(date, planYear));
    case 'marks': {
      const reached = layout.months.filter((m) => m <= monthOf(date)).length;
      return ((layout.share ?? 0) * reached) / layout.months.length;
    }
    case 'dates': {
      const until = date > yearEnd(planYear) ? yearEnd(planYear) : date;
      return (layout.share ?? 0) * (elapsed(layout.start, layout.end, until) - elapsed(layout.start, layout.end, `${planYear - 1}-12-31`));
    }
    case 'none':
      return 0;
  }
}

/**
 * Whether some of the plan year's work is planned to have begun by `date` (P1 > priorPct), even when the
 * split with later years is unknown: a `continuesLater` phase marked from March has started in March
 * although its planned % is null. Null when the phase has no schedule in the year that says.
 */
export function plannedStarted(phase: PhasePlan, date: IsoDate, planYear: number): boolean | null {
  const layout = layoutOf(phase, planYear);
  switch (layout.kind) {
    case 'monthly':
      return sumIncrements(layout.monthly, `${planYear}-01`, countedUpTo(date, planYear)) > 0;
    case 'marks':
      return layout.share !== 0 && layout.months[0]! <= monthOf(date);
    case 'dates':
      return layout.share !== 0 && date >= layout.start && date >= yearStart(planYear) && layout.start <= yearEnd(planYear) && layout.end >= yearStart(planYear);
    case 'none':
      return layout.share === 0 ? false : null;
  }
}

/**
 * P2, domain.md §4.3: the phase deadline = the last day of the last month of the plan year with a planned
 * increment (> 0) or an X mark; for a dated phase its end (31/12/Y when only a start is given); null when
 * nothing is planned in the year (e.g. a phase done in earlier years or planned entirely later).
 */
export function phaseDeadline(phase: PhasePlan, planYear: number): IsoDate | null {
  const layout = layoutOf(phase, planYear);
  switch (layout.kind) {
    case 'monthly': {
      const months = Object.entries(layout.monthly)
        .filter(([m, increment]) => m.startsWith(`${planYear}-`) && increment > 0)
        .map(([m]) => m)
        .sort();
      const last = months.at(-1);
      return last === undefined ? null : lastDayOfMonth(last);
    }
    case 'marks':
      return lastDayOfMonth(layout.months.at(-1)!);
    case 'dates':
      return layout.end;
    case 'none':
      return null;
  }
}

/** What is known of a phase's actual progress for lateness (P2). */
export interface PhaseActualProgress {
  /** latest reported % (whole phase) on or before asOf; null = never reported */
  pct: number | null;
  /** the day the phase was actually completed, when recorded (002 "Fine Effettiva") */
  end?: IsoDate;
}

/**
 * P2 lateness in days, signed: for a phase that reached its planned % at the deadline (100 − laterPct for
 * a phase that continues into later years), actualEnd − deadline (negative = early; null when the end date
 * is not recorded); otherwise asOf − deadline (negative = days still left). Null without a deadline or when
 * the target at the deadline is unknown (continuesLater without laterPct).
 */
export function phaseLateness(phase: PhasePlan, planYear: number, asOf: IsoDate, actual: PhaseActualProgress): number | null {
  const deadline = phaseDeadline(phase, planYear);
  if (deadline === null) return null;
  const target = plannedPct(phase, deadline, planYear);
  if (target === null) return null;
  const done = actual.pct !== null && actual.pct >= target;
  if (done) return actual.end === undefined ? null : daysBetween(deadline, actual.end);
  return daysBetween(deadline, asOf);
}

/**
 * P2, days overdue at `asOf` (≥ 0): 0 while the deadline has not passed or once the phase reached
 * `targetPct` (its planned % at the deadline, 100 unless part of the phase is planned for later years);
 * null without a deadline, or when the target is unknown and the phase is not complete.
 */
export function daysLate(deadline: IsoDate | null, asOf: IsoDate, actualPct: number | null, targetPct: number | null = 100): number | null {
  if (deadline === null) return null;
  if (actualPct !== null && actualPct >= (targetPct ?? 100)) return 0;
  if (targetPct === null) return null;
  return Math.max(0, daysBetween(deadline, asOf));
}
