/**
 * The "scostamento" of an indicator value from its target (P7, domain.md §4.3; 004 "Scost." columns):
 * actual − target in the target's unit, the same relative to |target|, and whether it is on the good side.
 *
 * Decisions: for targets with a comparator the good side is the comparator's (≥/> higher, ≤/< lower) —
 * the same rule that decides `met` in P6 — and `direction` decides only for eq targets; a fraction target
 * deviates in its own units ("4 enti su 5" against "5 su 5" is −1); a band deviates from its centre and is
 * favourable inside the tolerance; a deadline deviates in days (positive = late) once a completion day is
 * known. Yes/no, milestone, composite and no-target indicators have no deviation (null).
 */
import type { Comparator, Direction, TargetSpec } from './target-spec.js';
import type { MeasuredValue } from './measured-value.js';
import { daysBetween } from './calendar-date.js';
import { dueDateOf } from './due-date.js';
import { measuredNumber, measuredShare } from './measured-number.js';

export interface Deviation {
  /** actual − target in the target's unit (days for deadlines: positive = late, negative = early) */
  absolute: number;
  /** (actual − target) / |target| × 100; null when the target is 0 and for deadlines */
  relative: number | null;
  /** on the good side of the target (or on it) */
  favourable: boolean;
}

export interface DeviationOptions {
  /** the indicator's baseline as a number, for band targets centred on it */
  baseline?: number;
}

const EXACT = 1e-9;

function sideOf(op: Comparator, direction: Direction): Direction {
  if (op === 'gte' || op === 'gt') return 'higher';
  if (op === 'lte' || op === 'lt') return 'lower';
  return direction;
}

function measured(actual: number, target: number, side: Direction): Deviation {
  const absolute = actual - target;
  const favourable = side === 'higher' ? absolute >= 0 : side === 'lower' ? absolute <= 0 : Math.abs(absolute) <= EXACT * Math.max(1, Math.abs(target));
  return { absolute, relative: target === 0 ? null : (absolute / Math.abs(target)) * 100, favourable };
}

/** The day a deliverable was done, when the answer says so (a date, or "yes" with the act's date). */
function completionDay(value: MeasuredValue): string | null {
  if (value.kind === 'date') return value.date;
  if (value.kind === 'boolean' && value.value && value.actDate) return value.actDate;
  return null;
}

/**
 * P7, domain.md §4.3: deviation of a value from its target; `direction` is the target field's (used for eq
 * targets). Null where the spec says n/a (yes/no) or nothing can be compared.
 */
export function deviation(spec: TargetSpec, value: MeasuredValue, direction: Direction, opts: DeviationOptions = {}): Deviation | null {
  switch (spec.kind) {
    case 'numeric': {
      const actual = measuredNumber(value, spec);
      return actual === null ? null : measured(actual, spec.value, sideOf(spec.op, direction));
    }
    case 'rate': {
      const actual = measuredNumber(value);
      return actual === null ? null : measured(actual, spec.value, sideOf(spec.op, direction));
    }
    case 'fraction': {
      const share = spec.denominator <= 0 ? null : measuredShare(value, spec.denominator);
      return share === null ? null : measured(share * spec.denominator, spec.numerator, sideOf(spec.op, direction));
    }
    case 'band': {
      const center = spec.center === 'baseline' ? opts.baseline : spec.center;
      const actual = measuredNumber(value, spec);
      if (center === undefined || actual === null) return null;
      const tolerance = spec.tolAbs ?? (Math.abs(center) * (spec.tolPct ?? 0)) / 100;
      const result = measured(actual, center, 'exact');
      return { ...result, favourable: Math.abs(result.absolute) <= tolerance + EXACT * Math.max(1, Math.abs(center)) };
    }
    case 'deadline': {
      const due = dueDateOf(spec.due);
      const done = completionDay(value);
      if (due === null || done === null) return null;
      const late = daysBetween(due, done);
      return { absolute: late, relative: null, favourable: late <= 0 };
    }
    case 'boolean':
    case 'milestone':
    case 'composite':
    case 'none':
      return null;
  }
}
