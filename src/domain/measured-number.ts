/**
 * Reading a reported value as the number a numeric target compares it with (domain.md §4.3 P6: fraction,
 * rate and band are scored "as numeric"). Yes/no answers, dates and free text have no such number.
 */
import type { MeasuredValue } from './measured-value.js';
import type { Unit } from './target-spec.js';

/**
 * The number a value stands for against a target in `unit`: a plain number as is; a fraction "n su d" as
 * 100·n/d for a percentage, n/d for a ratio, n/d × scaleMax for a score with a scale ("4 su 5" on a /10
 * scale is 8), else its numerator (a count: "5 enti su 5" is 5). Null for any other kind of value.
 */
export function measuredNumber(value: MeasuredValue, target: { unit?: Unit; scaleMax?: number } = {}): number | null {
  if (value.kind === 'number') return value.value;
  if (value.kind !== 'fraction') return null;
  if (value.denominator === 0) return target.unit === 'percent' || target.unit === 'ratio' || target.scaleMax !== undefined ? null : value.numerator;
  const share = value.numerator / value.denominator;
  if (target.unit === 'percent') return 100 * share;
  if (target.unit === 'ratio') return share;
  if (target.unit === 'score' && target.scaleMax !== undefined) return share * target.scaleMax;
  return value.numerator;
}

/**
 * The share n/d a value stands for against a fraction target "… su `denominator`": a fraction as is; a plain
 * number as a count over the target's denominator ("4" against "5 su 5" is 0,8), or as a percentage when it
 * cannot be such a count (above the denominator, at most 100: "80" against "7 su 10" is 0,8). Null otherwise.
 */
export function measuredShare(value: MeasuredValue, denominator: number): number | null {
  if (value.kind === 'fraction') return value.denominator === 0 ? null : value.numerator / value.denominator;
  if (value.kind !== 'number' || denominator <= 0) return null;
  if (value.value > denominator && value.value <= 100) return value.value / 100;
  return value.value / denominator;
}
