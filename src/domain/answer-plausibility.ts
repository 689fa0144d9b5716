/**
 * Values that are possible but unlikely (issue 14): a negative count, a percentage over 100, a value
 * more than ten times the target or the last value. They are not refused — a collection rate may
 * really be 120 % — but the person is asked to confirm them, since they are usually a typo. Hard
 * limits (a phase is 0–100 % done, a count unit is never negative) stay in answer-range.ts.
 */
import type { ExpectedAnswer } from './answer-parse-error.js';
import type { IndicatorUnit } from './plan.js';
import type { TargetSpec } from './target-spec.js';

/** Why a value is unlikely; `limit` is the figure it was compared with. */
export type Implausibility = { kind: 'negative' } | { kind: 'over_100' } | { kind: 'over_target'; limit: number } | { kind: 'over_last'; limit: number };

export interface PlausibilityContext {
  expected: ExpectedAnswer;
  unit?: IndicatorUnit;
  target?: TargetSpec;
  /** the last numeric value reported for the indicator, if any */
  last?: number | null;
}

/** How many times the target or the last value an answer may be before it is questioned. */
export const UNLIKELY_FACTOR = 10;

/** The target's figure when it is a plain number (numeric or rate targets). */
function targetFigure(target: TargetSpec | undefined): number | null {
  if (target?.kind === 'numeric' || target?.kind === 'rate') return target.value;
  return null;
}

/** Why a number answered for an indicator is unlikely, or null when it is plausible. */
export function implausibility(value: number, ctx: PlausibilityContext): Implausibility | null {
  const percent = ctx.unit === 'percent' || ctx.expected === 'percent';
  // A balance in euro may be negative; a count or a percentage practically never is.
  if (value < 0 && ctx.unit !== 'eur') return { kind: 'negative' };
  if (percent && value > 100) return { kind: 'over_100' };
  const target = targetFigure(ctx.target);
  if (!percent && target !== null && target > 0 && value > UNLIKELY_FACTOR * target) return { kind: 'over_target', limit: target };
  if (ctx.last !== undefined && ctx.last !== null && ctx.last > 0 && value > UNLIKELY_FACTOR * ctx.last) return { kind: 'over_last', limit: ctx.last };
  return null;
}
