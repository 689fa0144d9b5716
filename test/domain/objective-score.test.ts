/** P8 objective score, domain.md §4.3, with hand-worked numbers. */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { indicatorsPct, objectivePct, objectiveScore, type ScoredIndicator } from '../../src/domain/objective-score.js';
import { round2 } from '../../src/domain/percent.js';

const ind = (achievement: number | null, weight?: number, context = false): ScoredIndicator => ({ achievement, context, ...(weight === undefined ? {} : { weight }) });

describe('P8 from indicators', () => {
  it('000 weights 40 + 25 + 10 + 25 with a = 1, 0.8, 0.5 and one unmeasured: (40 + 20 + 5)/75 = 86,67', () => {
    expect(round2(indicatorsPct([ind(1, 40), ind(0.8, 25), ind(0.5, 10), ind(null, 25)])!)).toBe(86.67);
  });
  it('000 weights 40 + 30 + 20 + 10 all measured: 40·1 + 30·0.5 + 20·0.75 + 10·0 = 70', () => {
    expect(indicatorsPct([ind(1, 40), ind(0.5, 30), ind(0.75, 20), ind(0, 10)])).toBe(70);
  });
  it('takes the plain mean without weights (002/003/004), skipping context and unmeasured indicators', () => {
    // (1 + 0.5 + 0.6)/3 = 70
    expect(indicatorsPct([ind(1), ind(0.5), ind(0.6), ind(0, undefined, true), ind(null)])).toBeCloseTo(70, 10);
  });
  it('gives an unweighted indicator no share when the others are weighted', () => {
    expect(indicatorsPct([ind(1, 50), ind(0.5, 50), ind(0)])).toBe(75);
  });
  it('is null when no indicator is scored, never 0', () => {
    expect(indicatorsPct([ind(null, 100), ind(0.5, 20, true)])).toBeNull();
    expect(indicatorsPct([])).toBeNull();
  });
  it('stays within 0..100', () => {
    fc.assert(
      fc.property(fc.array(fc.record({ a: fc.option(fc.double({ min: 0, max: 1, noNaN: true })), w: fc.option(fc.integer({ min: 0, max: 100 })) }), { maxLength: 8 }), (rows) => {
        const pct = indicatorsPct(rows.map((r) => ind(r.a, r.w ?? undefined)));
        return pct === null || (pct >= -1e-9 && pct <= 100 + 1e-9);
      }),
    );
  });
});

describe('P8 modes', () => {
  const indicators = [ind(0.8)];
  it("'indicators' ignores phases and 'phases' ignores indicators", () => {
    expect(objectiveScore({ mode: 'indicators', phaseBlend: 0.5, indicators, phasesPct: 40 })).toBeCloseTo(80, 10);
    expect(objectiveScore({ mode: 'phases', phaseBlend: 0, indicators, phasesPct: 40 })).toBe(40);
    expect(objectiveScore({ mode: 'phases', phaseBlend: 0, indicators, phasesPct: null })).toBeNull();
  });
  it("'blend' with phaseBlend 0.25: α = 0.75 → 0.75·80 + 0.25·60 = 75", () => {
    expect(objectiveScore({ mode: 'blend', phaseBlend: 0.25, indicators, phasesPct: 60 })).toBeCloseTo(75, 10);
  });
  it("'blend' uses the part that exists when the other has no value, but never a part weighted 0", () => {
    expect(objectiveScore({ mode: 'blend', phaseBlend: 0.25, indicators, phasesPct: null })).toBeCloseTo(80, 10);
    expect(objectiveScore({ mode: 'blend', phaseBlend: 0.25, indicators: [], phasesPct: 60 })).toBe(60);
    expect(objectiveScore({ mode: 'blend', phaseBlend: 1, indicators, phasesPct: null })).toBeNull();
    expect(objectiveScore({ mode: 'blend', phaseBlend: 0.5, indicators: [], phasesPct: null })).toBeNull();
  });
});

describe('P8 declared %', () => {
  it('the declared % overrides the computed one (003 "Digitalizzazione processi": computed ≈ 60, declared 90)', () => {
    expect(objectivePct(90, 60.17)).toBe(90);
    expect(objectivePct(0, 60.17)).toBe(0);
  });
  it('falls back to the computed %, and is null when neither exists', () => {
    expect(objectivePct(null, 97.31)).toBe(97.31);
    expect(objectivePct(undefined, null)).toBeNull();
  });
});
