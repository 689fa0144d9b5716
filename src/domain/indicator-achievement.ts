/**
 * How far an indicator value reaches its target (P6) and how far it deviates from it (P7),
 * for every target kind of domain.md §3.2. Achievement is capped to [0, 1]; the uncapped ratio
 * is kept for display. Null means "cannot be scored" (no number, no due date …), never a made-up 0.
 */
import type { Direction, DueDate, TargetSpec } from './target-spec.js';
import type { MeasuredValue } from './measured-value.js';
import { daysBetween, lastDayOfMonth } from './calendar-date.js';

export interface Achievement {
  achievement: number | null;
  uncapped: number | null;
  met: boolean | null;
}

export interface Deviation {
  /** actual − target in the target's unit (days for deadlines) */
  absolute: number;
  /** (actual − target) / |target| × 100; null when the target is 0 */
  relative: number | null;
  favourable: boolean;
}

const NONE: Achievement = { achievement: null, uncapped: null, met: null };

/** The single number a value stands for, when it has one. */
export function numberOf(value: MeasuredValue): number | null {
  switch (value.kind) {
    case 'number':
      return value.value;
    case 'fraction':
      return value.denominator === 0 ? null : (100 * value.numerator) / value.denominator;
    case 'boolean':
      return value.value ? 1 : 0;
    case 'text':
      return value.progressPct ?? null;
    default:
      return null;
  }
}

/** The date a deadline falls on: a month means its last day, a year its 31 December. */
export function dueDateOf(due: DueDate): string | null {
  switch (due.type) {
    case 'date':
      return due.date;
    case 'month':
      return lastDayOfMonth(`${due.year}-${String(due.month).padStart(2, '0')}`);
    case 'year':
      return `${due.year}-12-31`;
    default:
      return null;
  }
}

function capped(uncapped: number, met: boolean): Achievement {
  return { achievement: Math.max(0, Math.min(1, uncapped)), uncapped, met };
}

function compare(op: 'gte' | 'gt' | 'lte' | 'lt' | 'eq', actual: number, target: number): Achievement {
  switch (op) {
    case 'gte':
    case 'gt': {
      const met = op === 'gte' ? actual >= target : actual > target;
      if (target <= 0) return capped(met ? 1 : 0, met);
      return capped(actual / target, met);
    }
    case 'lte':
    case 'lt': {
      const met = op === 'lte' ? actual <= target : actual < target;
      if (target === 0) return capped(met ? 1 : 0, met);
      if (actual <= target) return capped(1, met);
      return capped(target / actual, met);
    }
    case 'eq': {
      const met = actual === target;
      if (target === 0) return capped(met ? 1 : 0, met);
      return capped(Math.max(0, 1 - Math.abs(actual - target) / Math.abs(target)), met);
    }
  }
}

function yesNo(value: MeasuredValue): number | null {
  if (value.kind === 'boolean') return value.value ? 1 : 0;
  if (value.kind === 'date') return 1;
  if (value.kind === 'number' && (value.value === 0 || value.value === 1)) return value.value;
  if (value.kind === 'text' && value.progressPct !== undefined) return value.progressPct / 100;
  return null;
}

/** P6, domain.md §4.3: achievement ratio of a value against a target spec. */
export function indicatorAchievement(spec: TargetSpec, value: MeasuredValue, opts: { baseline?: number } = {}): Achievement {
  switch (spec.kind) {
    case 'numeric':
    case 'rate': {
      const actual = value.kind === 'fraction' && spec.kind === 'numeric' && spec.unit !== 'percent' ? value.numerator : numberOf(value);
      return actual === null || value.kind === 'boolean' ? NONE : compare(spec.op, actual, spec.value);
    }
    case 'fraction': {
      if (spec.denominator === 0) return NONE;
      const ratio = value.kind === 'fraction' ? (value.denominator === 0 ? null : value.numerator / value.denominator) : value.kind === 'number' ? value.value / spec.denominator : null;
      return ratio === null ? NONE : compare(spec.op, ratio, spec.numerator / spec.denominator);
    }
    case 'boolean': {
      const done = yesNo(value);
      return done === null ? NONE : capped(done, done >= 1);
    }
    case 'deadline': {
      const due = dueDateOf(spec.due);
      if (value.kind === 'date') {
        if (due === null) return capped(1, true);
        const onTime = value.date <= due;
        return capped(onTime ? 1 : 0, onTime);
      }
      const done = yesNo(value);
      return done === null ? NONE : capped(done >= 1 ? 1 : 0, done >= 1);
    }
    case 'band': {
      const center = spec.center === 'baseline' ? opts.baseline : spec.center;
      const actual = numberOf(value);
      if (center === undefined || actual === null || value.kind === 'boolean') return NONE;
      const tolerance = spec.tolAbs ?? (Math.abs(center) * (spec.tolPct ?? 0)) / 100;
      const outside = Math.max(0, Math.abs(actual - center) - tolerance);
      if (outside === 0) return capped(1, true);
      return capped(center === 0 ? 0 : Math.max(0, 1 - outside / Math.abs(center)), false);
    }
    case 'composite': {
      if (value.kind !== 'composite' || value.parts.length !== spec.parts.length) {
        const actual = numberOf(value);
        if (spec.combine === 'sum' && actual !== null && value.kind === 'number') {
          const total = spec.parts.reduce((sum, part) => sum + (part.spec.kind === 'numeric' ? part.spec.value : 0), 0);
          return compare('gte', actual, total);
        }
        return NONE;
      }
      const parts = spec.parts.map((part, i) => indicatorAchievement(part.spec, value.parts[i]!.value, opts));
      if (parts.some((p) => p.achievement === null)) return NONE;
      const mean = parts.reduce((sum, p) => sum + (p.achievement as number), 0) / parts.length;
      return { achievement: mean, uncapped: mean, met: parts.every((p) => p.met === true) };
    }
    case 'milestone': {
      const done = yesNo(value) ?? (value.kind === 'number' && value.value >= 0 && value.value <= 100 ? value.value / 100 : null);
      return done === null ? NONE : capped(done, done >= 1);
    }
    case 'none':
      return NONE;
  }
}

function favourable(delta: number, direction: Direction): boolean {
  if (direction === 'lower') return delta <= 0;
  if (direction === 'higher') return delta >= 0;
  return delta === 0;
}

/** P7, domain.md §4.3: actual − target (days for deadlines); null for yes/no and text targets. */
export function deviation(spec: TargetSpec, value: MeasuredValue, direction: Direction): Deviation | null {
  const of = (actual: number | null, target: number): Deviation | null => {
    if (actual === null) return null;
    const absolute = actual - target;
    return { absolute, relative: target === 0 ? null : (absolute / Math.abs(target)) * 100, favourable: favourable(absolute, direction) };
  };
  switch (spec.kind) {
    case 'numeric':
    case 'rate':
      return value.kind === 'boolean' ? null : of(numberOf(value), spec.value);
    case 'fraction':
      if (value.kind === 'fraction') return value.denominator === 0 ? null : of((value.numerator / value.denominator) * spec.denominator, spec.numerator);
      return value.kind === 'number' ? of(value.value, spec.numerator) : null;
    case 'band': {
      if (spec.center === 'baseline' || value.kind === 'boolean') return null;
      const dev = of(numberOf(value), spec.center);
      const tolerance = spec.tolAbs ?? (Math.abs(spec.center) * (spec.tolPct ?? 0)) / 100;
      return dev && { ...dev, favourable: Math.abs(dev.absolute) <= tolerance };
    }
    case 'deadline': {
      const due = dueDateOf(spec.due);
      if (due === null || value.kind !== 'date') return null;
      const late = daysBetween(due, value.date);
      return { absolute: late, relative: null, favourable: late <= 0 };
    }
    default:
      return null;
  }
}
