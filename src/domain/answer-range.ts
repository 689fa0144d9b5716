/**
 * The values an answer may take, per unit (issue 10 item 3): a percentage or a count is never
 * negative, a phase is 0–100 % done, and nothing larger than a municipality could report is taken
 * as a value — such an answer is almost always a typo, and it would distort every score it enters.
 */
import type { AnswerParseError, ExpectedAnswer } from './answer-parse-error.js';
import type { IndicatorUnit } from './plan.js';

export interface AnswerRange {
  min: number;
  max: number;
}

/** A phase's progress (domain.md P4: actual % on the 0..100 scale). */
export const PHASE_RANGE: AnswerRange = { min: 0, max: 100 };

const LARGEST = 1e12;

/** The range of a plain number answered for an indicator of `unit` (or, without a unit, of the expected kind). */
export function answerRange(unit: IndicatorUnit | undefined, expected: ExpectedAnswer): AnswerRange {
  if (unit === 'eur') return { min: -LARGEST, max: LARGEST };
  if (unit === 'days') return { min: 0, max: 36_500 };
  // A percentage may exceed 100 (a collection rate of 120 %), but not by orders of magnitude.
  if (unit === 'percent' || expected === 'percent') return { min: 0, max: 1000 };
  if (unit === 'count') return { min: 0, max: LARGEST };
  return { min: -LARGEST, max: LARGEST };
}

/** The error code for a value outside `range`, or null when it is inside. */
export function rangeProblem(value: number, range: AnswerRange): AnswerParseError['code'] | null {
  // Below a negative minimum the problem is the size, as above the maximum.
  if (value < range.min) return range.min === 0 ? 'negative' : 'too_large';
  if (value > range.max) return 'too_large';
  return null;
}
