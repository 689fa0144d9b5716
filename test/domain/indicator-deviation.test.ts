/** P7 deviation (scostamento), domain.md §4.3, with the differences worked out by hand. */
import { describe, expect, it } from 'vitest';
import { deviation } from '../../src/domain/indicator-deviation.js';
import type { TargetSpec } from '../../src/domain/target-spec.js';

describe('P7 deviation', () => {
  it('84,9% against "≥ 87%": −2,1 points, −2,41% of the target, unfavourable', () => {
    const d = deviation({ kind: 'numeric', op: 'gte', value: 87, unit: 'percent' }, { kind: 'number', value: 84.9 }, 'higher')!;
    expect(d.absolute).toBeCloseTo(-2.1, 10);
    expect(d.relative).toBeCloseTo((-2.1 / 87) * 100, 10);
    expect(d.favourable).toBe(false);
  });
  it('lower is better for "≤ 500": 82 colloqui is −418 (−83,6%), favourable; 850 solleciti is +350, unfavourable', () => {
    const lte500: TargetSpec = { kind: 'numeric', op: 'lte', value: 500, unit: 'count' };
    expect(deviation(lte500, { kind: 'number', value: 82 }, 'lower')).toEqual({ absolute: -418, relative: -83.6, favourable: true });
    expect(deviation(lte500, { kind: 'number', value: 850 }, 'lower')).toMatchObject({ absolute: 350, favourable: false });
  });
  it("takes the good side from the comparator, and from the field's direction only for eq targets", () => {
    expect(deviation({ kind: 'numeric', op: 'lte', value: 500, unit: 'count' }, { kind: 'number', value: 400 }, 'higher')!.favourable).toBe(true);
    const eq: TargetSpec = { kind: 'numeric', op: 'eq', value: 2400, unit: 'count' };
    expect(deviation(eq, { kind: 'number', value: 2350 }, 'lower')!.favourable).toBe(true); // 001 decreasing series
    expect(deviation(eq, { kind: 'number', value: 2350 }, 'higher')!.favourable).toBe(false);
    expect(deviation(eq, { kind: 'number', value: 2350 }, 'exact')!.favourable).toBe(false);
  });
  it('has no relative deviation against a target of 0', () => {
    expect(deviation({ kind: 'numeric', op: 'lte', value: 0, unit: 'count' }, { kind: 'number', value: 2 }, 'lower')).toEqual({ absolute: 2, relative: null, favourable: false });
  });
  it('deviates a fraction in its own units: "4 enti su 5" against "5 su 5" is −1 (−20%)', () => {
    expect(deviation({ kind: 'fraction', op: 'gte', numerator: 5, denominator: 5 }, { kind: 'fraction', numerator: 4, denominator: 5 }, 'higher')).toEqual({ absolute: -1, relative: -20, favourable: false });
  });
  it('deviates a rate like a number: 1 against "2/anno" is −1', () => {
    expect(deviation({ kind: 'rate', op: 'gte', value: 2, per: 'year' }, { kind: 'number', value: 1 }, 'higher')).toEqual({ absolute: -1, relative: -50, favourable: false });
  });
  it('deviates a band from its centre, favourable inside the tolerance: 60 against 50 ± 30% is +10, favourable', () => {
    const band: TargetSpec = { kind: 'band', center: 50, tolPct: 30, unit: 'count' };
    expect(deviation(band, { kind: 'number', value: 60 }, 'band')).toEqual({ absolute: 10, relative: 20, favourable: true });
    expect(deviation(band, { kind: 'number', value: 30 }, 'band')!.favourable).toBe(false);
    const ofBaseline: TargetSpec = { kind: 'band', center: 'baseline', tolPct: 3, unit: 'count' };
    expect(deviation(ofBaseline, { kind: 'number', value: 42000 }, 'band', { baseline: 40000 })).toEqual({ absolute: 2000, relative: 5, favourable: false });
    expect(deviation(ofBaseline, { kind: 'number', value: 42000 }, 'band')).toBeNull();
  });
  it('counts a deadline in days: done 15/05 against "entro aprile" is 15 days late; 20/04 is 10 days early', () => {
    const april: TargetSpec = { kind: 'deadline', due: { type: 'month', year: 2020, month: 4 } };
    expect(deviation(april, { kind: 'date', date: '2020-05-15' }, 'higher')).toEqual({ absolute: 15, relative: null, favourable: false });
    expect(deviation(april, { kind: 'boolean', value: true, actDate: '2020-04-20' }, 'higher')).toEqual({ absolute: -10, relative: null, favourable: true });
    expect(deviation(april, { kind: 'boolean', value: true }, 'higher')).toBeNull();
    expect(deviation({ kind: 'deadline', due: { type: 'legal', note: 'per legge' } }, { kind: 'date', date: '2020-05-15' }, 'higher')).toBeNull();
  });
  it('is n/a for yes/no, milestones, composites, no target, and for values with no number', () => {
    expect(deviation({ kind: 'boolean', expected: true }, { kind: 'boolean', value: false }, 'higher')).toBeNull();
    expect(deviation({ kind: 'milestone', text: 'Come da piano' }, { kind: 'text', text: 'fatto', progressPct: 100 }, 'higher')).toBeNull();
    expect(deviation({ kind: 'composite', combine: 'all', parts: [] }, { kind: 'composite', parts: [] }, 'higher')).toBeNull();
    expect(deviation({ kind: 'none' }, { kind: 'number', value: 11849 }, 'higher')).toBeNull();
    expect(deviation({ kind: 'numeric', op: 'gte', value: 95, unit: 'percent' }, { kind: 'text', text: 'non rilevabile' }, 'higher')).toBeNull();
  });
});
