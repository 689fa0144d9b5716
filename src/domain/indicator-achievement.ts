/**
 * How far an indicator value reaches its target (P6, domain.md §4.3), for every target kind of §3.2.
 * `achievement` is capped to [0, 1]; `uncapped` keeps the raw ratio for display (1,25 for 100 against ≥ 80);
 * `met` says whether the target itself is reached. All three are null when the value cannot be scored
 * against the target (no number, no due day, free text without a %): never a made-up 0.
 *
 * Decisions where the table in §4.3 is silent:
 * - numeric/rate with a target ≤ 0 (or lower-better with an actual ≤ 0) is all or nothing, as the spec's
 *   "≤ 0" row: a ratio against zero or a negative number means nothing. For lower-better `uncapped` is
 *   target/actual (> 1 when under the limit), and equals the capped value when the actual is ≤ 0.
 * - eq (a value to hit exactly): 1 − |actual − target| / |target|, floored at 0; met within 1e-9.
 * - A value reported as "> 100" (bound gt) meets "> 100"; "< 10" (bound lt) meets "< 10".
 * - deadline: a date value, or a "yes" with an act date, is compared with the due day; a "yes" without a
 *   date counts as done on time; "no" or a progress below 100% is 0 (not done). A due set by law,
 *   regulation or call has no day: only a yes/no answer can be scored against it.
 * - milestone: progress % / expected % (expectedProgressPct, 100 when absent), so "Rispetto cronoprogramma
 *   (10%)" is met by 20% progress; yes = 100%, no = 0%, a date = done.
 * - composite 'all': parts are matched by label when every target part has one that the value also has,
 *   else by position; any part that cannot be scored makes the whole null. 'sum': Σ actual parts against
 *   Σ target parts, with the parts' common comparator (≥ when they differ).
 */
import type { Comparator, TargetSpec } from './target-spec.js';
import type { MeasuredValue } from './measured-value.js';
import { dueDateOf } from './due-date.js';
import { measuredNumber, measuredShare } from './measured-number.js';

export interface Achievement {
  /** 0..1, capped */
  achievement: number | null;
  /** the ratio before capping, for display */
  uncapped: number | null;
  met: boolean | null;
}

export interface AchievementOptions {
  /** the indicator's baseline as a number, for band targets centred on it ("±3%" of the baseline) */
  baseline?: number;
}

const NOT_SCORED: Achievement = { achievement: null, uncapped: null, met: null };
const EXACT = 1e-9;

function scored(uncapped: number, met: boolean): Achievement {
  return { achievement: Math.max(0, Math.min(1, uncapped)), uncapped, met };
}

function satisfies(op: Comparator, actual: number, target: number, bound?: 'gt' | 'lt'): boolean {
  switch (op) {
    case 'gte':
      return actual >= target;
    case 'gt':
      return actual > target || (bound === 'gt' && actual >= target);
    case 'lte':
      return actual <= target;
    case 'lt':
      return actual < target || (bound === 'lt' && actual <= target);
    case 'eq':
      return Math.abs(actual - target) <= EXACT * Math.max(1, Math.abs(target));
  }
}

/** P6 numeric rows: gte/gt → actual/target; lte/lt → 1 if under, else target/actual; eq → relative closeness. */
function compareNumbers(op: Comparator, actual: number, target: number, bound?: 'gt' | 'lt'): Achievement {
  const met = satisfies(op, actual, target, bound);
  switch (op) {
    case 'gte':
    case 'gt':
      return target <= 0 ? scored(met ? 1 : 0, met) : scored(actual / target, met);
    case 'lte':
    case 'lt':
      if (target <= 0) return scored(met ? 1 : 0, met);
      return actual <= 0 ? scored(1, met) : scored(target / actual, met);
    case 'eq': {
      if (target === 0) return scored(met ? 1 : 0, met);
      const closeness = met ? 1 : Math.max(0, 1 - Math.abs(actual - target) / Math.abs(target));
      return scored(closeness, met);
    }
  }
}

/** Whether a deliverable is done, and when if known: null when the answer does not say. */
function doneness(value: MeasuredValue): { done: boolean; on?: string } | null {
  switch (value.kind) {
    case 'boolean':
      return value.value ? { done: true, ...(value.actDate ? { on: value.actDate } : {}) } : { done: false };
    case 'date':
      return { done: true, on: value.date };
    case 'number':
      return value.value === 1 || value.value === 0 ? { done: value.value === 1 } : null;
    case 'text':
      return value.progressPct === undefined ? null : { done: value.progressPct >= 100 };
    default:
      return null;
  }
}

/** Progress % of a milestone answer: a % in text or as a number 0..100, yes = 100, no = 0, a date = 100. */
function progressOf(value: MeasuredValue): number | null {
  switch (value.kind) {
    case 'text':
      return value.progressPct ?? null;
    case 'boolean':
      return value.value ? 100 : 0;
    case 'date':
      return 100;
    case 'number':
      return value.value >= 0 && value.value <= 100 ? value.value : null;
    default:
      return null;
  }
}

function normalLabel(label: string | undefined): string | undefined {
  return label?.trim().toLowerCase();
}

/** The value part for each target part: by label when all target labels are found, else by position. */
function matchParts(spec: Extract<TargetSpec, { kind: 'composite' }>, value: MeasuredValue): MeasuredValue[] | null {
  if (value.kind !== 'composite') return spec.parts.length === 1 ? [value] : null;
  const labels = spec.parts.map((p) => normalLabel(p.label));
  if (labels.every((l) => l !== undefined)) {
    const byLabel = labels.map((l) => value.parts.find((p) => normalLabel(p.label) === l)?.value);
    if (byLabel.every((v) => v !== undefined)) return byLabel as MeasuredValue[];
  }
  return value.parts.length === spec.parts.length ? value.parts.map((p) => p.value) : null;
}

function compositeAchievement(spec: Extract<TargetSpec, { kind: 'composite' }>, value: MeasuredValue, opts: AchievementOptions): Achievement {
  if (spec.parts.length === 0) return NOT_SCORED;
  if (spec.combine === 'sum') {
    const targets = spec.parts.map((p) => (p.spec.kind === 'numeric' ? p.spec : null));
    if (targets.some((t) => t === null)) return NOT_SCORED;
    const numeric = targets as Array<Extract<TargetSpec, { kind: 'numeric' }>>;
    const actuals = value.kind === 'composite' ? value.parts.map((p) => measuredNumber(p.value)) : [measuredNumber(value)];
    if (actuals.length === 0 || actuals.some((a) => a === null)) return NOT_SCORED;
    const ops = new Set(numeric.map((t) => t.op));
    const op: Comparator = ops.size === 1 ? numeric[0]!.op : 'gte';
    return compareNumbers(op, (actuals as number[]).reduce((a, b) => a + b, 0), numeric.reduce((sum, t) => sum + t.value, 0));
  }
  const values = matchParts(spec, value);
  if (values === null) return NOT_SCORED;
  const parts = spec.parts.map((part, i) => indicatorAchievement(part.spec, values[i]!, opts));
  if (parts.some((p) => p.achievement === null)) return NOT_SCORED;
  const mean = parts.reduce((sum, p) => sum + (p.achievement as number), 0) / parts.length;
  return { achievement: mean, uncapped: mean, met: parts.every((p) => p.met === true) };
}

/**
 * P6, domain.md §4.3: achievement of a reported value against a target spec — capped ratio, uncapped ratio
 * and whether the target is met. `opts.baseline` centres a band given as "± x" of the baseline.
 */
export function indicatorAchievement(spec: TargetSpec, value: MeasuredValue, opts: AchievementOptions = {}): Achievement {
  switch (spec.kind) {
    case 'numeric': {
      const actual = measuredNumber(value, spec);
      return actual === null ? NOT_SCORED : compareNumbers(spec.op, actual, spec.value, value.kind === 'number' ? value.bound : undefined);
    }
    case 'rate': {
      const actual = measuredNumber(value);
      return actual === null ? NOT_SCORED : compareNumbers(spec.op, actual, spec.value, value.kind === 'number' ? value.bound : undefined);
    }
    case 'fraction': {
      if (spec.denominator <= 0) return NOT_SCORED;
      const share = measuredShare(value, spec.denominator);
      return share === null ? NOT_SCORED : compareNumbers(spec.op, share, spec.numerator / spec.denominator);
    }
    case 'boolean': {
      const state = doneness(value);
      return state === null ? NOT_SCORED : scored(state.done ? 1 : 0, state.done);
    }
    case 'deadline': {
      const due = dueDateOf(spec.due);
      const state = doneness(value);
      if (state === null) return NOT_SCORED;
      if (due === null && value.kind !== 'boolean') return NOT_SCORED;
      const onTime = state.done && (due === null || state.on === undefined || state.on <= due);
      return scored(onTime ? 1 : 0, onTime);
    }
    case 'band': {
      const center = spec.center === 'baseline' ? opts.baseline : spec.center;
      const actual = measuredNumber(value, spec);
      if (center === undefined || actual === null) return NOT_SCORED;
      const tolerance = spec.tolAbs ?? (Math.abs(center) * (spec.tolPct ?? 0)) / 100;
      const outside = Math.max(0, Math.abs(actual - center) - tolerance);
      if (outside <= EXACT * Math.max(1, Math.abs(center))) return scored(1, true);
      return scored(center === 0 ? 0 : 1 - outside / Math.abs(center), false);
    }
    case 'composite':
      return compositeAchievement(spec, value, opts);
    case 'milestone': {
      const progress = progressOf(value);
      if (progress === null) return NOT_SCORED;
      const expected = spec.expectedProgressPct !== undefined && spec.expectedProgressPct > 0 ? spec.expectedProgressPct : 100;
      return scored(progress / expected, progress >= expected);
    }
    case 'none':
      return NOT_SCORED;
  }
}

// P7 lives in indicator-deviation.ts; re-exported while src/reports/report.ts imports it from here.
export { deviation, type Deviation } from './indicator-deviation.js';
