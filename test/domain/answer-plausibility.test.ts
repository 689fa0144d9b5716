import { describe, expect, it } from 'vitest';
import { implausibility } from '../../src/domain/answer-plausibility.js';
import { referenceDate } from '../../src/domain/reference-date.js';

describe('unlikely answers (issue 14)', () => {
  it('questions a negative number for an indicator without a unit (a count of schools), not a negative balance in euro', () => {
    expect(implausibility(-5, { expected: 'number' })).toEqual({ kind: 'negative' });
    expect(implausibility(-1500, { expected: 'number', unit: 'eur' })).toBeNull();
  });

  it('questions a percentage over 100, not 100 itself', () => {
    expect(implausibility(150, { expected: 'percent', unit: 'percent' })).toEqual({ kind: 'over_100' });
    expect(implausibility(100, { expected: 'percent', unit: 'percent' })).toBeNull();
  });

  it('questions more than ten times the target or the last value', () => {
    const target = { kind: 'numeric', op: 'gte', value: 200, unit: 'count' } as const;
    expect(implausibility(2001, { expected: 'number', target })).toEqual({ kind: 'over_target', limit: 200 });
    expect(implausibility(2000, { expected: 'number', target })).toBeNull();
    expect(implausibility(501, { expected: 'number', last: 50 })).toEqual({ kind: 'over_last', limit: 50 });
    expect(implausibility(500, { expected: 'number', last: 50 })).toBeNull();
    expect(implausibility(500, { expected: 'number', last: 0 })).toBeNull();
  });
});

describe('the date a conversation reads a plan at', () => {
  const plan = { year: 2022, checkpoints: ['2022-12-31', '2022-07-31'] };
  it('is today during the plan, and the last checkpoint once the plan is over', () => {
    expect(referenceDate(plan, '2022-08-02')).toBe('2022-08-02');
    expect(referenceDate(plan, '2026-11-30')).toBe('2022-12-31');
    expect(referenceDate({ year: 2022, checkpoints: [] }, '2023-03-01')).toBe('2022-12-31');
  });
});
