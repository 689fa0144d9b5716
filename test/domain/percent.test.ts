import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { clampPct, round2 } from '../../src/domain/percent.js';

describe('round2', () => {
  it('rounds the seed-003 sector averages as printed: 1288/13 → 99,08, 1228/14 → 87,71', () => {
    expect(round2(1288 / 13)).toBe(99.08); // 99.0769…
    expect(round2(1228 / 14)).toBe(87.71); // 87.7142…
    expect(round2(798 / 8)).toBe(99.75);
  });
  it('rounds half a cent away from zero, despite binary noise (1.005 × 100 = 100.49999999999999)', () => {
    expect(round2(1.005)).toBe(1.01);
    expect(round2(-2.125)).toBe(-2.13);
    expect(round2(0.125)).toBe(0.13);
    expect(round2(2.004)).toBe(2);
  });
  it('never returns −0 and leaves non-finite values alone', () => {
    expect(Object.is(round2(-0.001), 0)).toBe(true);
    expect(round2(Number.POSITIVE_INFINITY)).toBe(Number.POSITIVE_INFINITY);
    expect(round2(Number.NaN)).toBeNaN();
  });
  it('is within half a cent of the value', () => {
    fc.assert(fc.property(fc.double({ min: -1e6, max: 1e6, noNaN: true }), (v) => Math.abs(round2(v) - v) <= 0.005 + 1e-9));
  });
});

describe('clampPct', () => {
  it('keeps percentages within 0..100', () => {
    expect(clampPct(-3)).toBe(0);
    expect(clampPct(42.5)).toBe(42.5);
    expect(clampPct(101)).toBe(100);
  });
});
