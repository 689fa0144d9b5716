import { describe, expect, it } from 'vitest';
import { measuredNumber, measuredShare } from '../../src/domain/measured-number.js';

describe('measuredNumber', () => {
  it('reads a number as is, whatever the unit', () => {
    expect(measuredNumber({ kind: 'number', value: 84.9 }, { unit: 'percent' })).toBe(84.9);
    expect(measuredNumber({ kind: 'number', value: 2500, approx: true })).toBe(2500);
  });
  it('reads "n su d" by the target unit: 3 su 4 is 75 (%), 0,75 (ratio), 7,5 on a /10 score, 3 as a count', () => {
    const f = { kind: 'fraction' as const, numerator: 3, denominator: 4 };
    expect(measuredNumber(f, { unit: 'percent' })).toBe(75);
    expect(measuredNumber(f, { unit: 'ratio' })).toBe(0.75);
    expect(measuredNumber(f, { unit: 'score', scaleMax: 10 })).toBe(7.5);
    expect(measuredNumber(f, { unit: 'count' })).toBe(3);
    expect(measuredNumber({ kind: 'fraction', numerator: 3, denominator: 0 }, { unit: 'percent' })).toBeNull();
  });
  it('has no number for yes/no, dates, text and composites', () => {
    expect(measuredNumber({ kind: 'boolean', value: true })).toBeNull();
    expect(measuredNumber({ kind: 'date', date: '2020-04-10' })).toBeNull();
    expect(measuredNumber({ kind: 'text', text: 'In corso', progressPct: 40 })).toBeNull();
    expect(measuredNumber({ kind: 'composite', parts: [{ value: { kind: 'number', value: 1 } }] })).toBeNull();
  });
});

describe('measuredShare', () => {
  it('reads a fraction as n/d and a count over the target denominator: "4" against "5 su 5" is 0,8', () => {
    expect(measuredShare({ kind: 'fraction', numerator: 4, denominator: 5 }, 5)).toBe(0.8);
    expect(measuredShare({ kind: 'number', value: 4 }, 5)).toBe(0.8);
  });
  it('reads a number that cannot be a count (above the denominator, ≤ 100) as a %: "80" against "7 su 10" is 0,8', () => {
    expect(measuredShare({ kind: 'number', value: 80 }, 10)).toBe(0.8);
    expect(measuredShare({ kind: 'boolean', value: true }, 10)).toBeNull();
    expect(measuredShare({ kind: 'fraction', numerator: 1, denominator: 0 }, 10)).toBeNull();
  });
});
