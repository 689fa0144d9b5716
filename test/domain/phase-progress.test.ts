/** P3 gap, P4 weighted phase progress and P5 timeliness, domain.md §4.3, with hand-worked numbers. */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { effectiveActualPcts, phaseGap, phasesPct, timelinessPct, type PhaseActual } from '../../src/domain/phase-progress.js';
import type { PhasePlan } from '../../src/domain/plan.js';

const phase = (code: string, p: Partial<PhasePlan> = {}): PhasePlan => ({ code, title: `fase ${code}`, status: 'active', ...p });
const actual = (code: string, actualPct: number | null, plannedPct: number | null = null): PhaseActual => ({ code, actualPct, plannedPct });

// Terre d'Argine RU-3 (000): phases 1 (40), 2 (10), 3 "Attuazione progetto" (50 = 15 + 15 + 10 + 5 + 5 over 3.a–3.e),
// and phases 4–6 planned in 2021 ("laterPct: 100"), printed without a weight.
const ru3 = [
  phase('1', { weight: 40 }),
  phase('2', { weight: 10 }),
  phase('3', { weight: 50 }),
  phase('3.a', { parent: '3', weight: 15 }),
  phase('3.b', { parent: '3', weight: 15 }),
  phase('3.c', { parent: '3', weight: 10 }),
  phase('3.d', { parent: '3', weight: 5 }),
  phase('3.e', { parent: '3', weight: 5 }),
  phase('4', { laterPct: 100 }),
  phase('5', { laterPct: 100 }),
  phase('6', { laterPct: 100 }),
];

describe('P3 gap', () => {
  it('is planned − actual in points, positive when behind, negative when ahead, null without a plan', () => {
    expect(phaseGap(60, 45)).toBe(15);
    expect(phaseGap(50, 70)).toBe(-20);
    expect(phaseGap(null, 45)).toBeNull();
  });
});

describe('P4 phases %', () => {
  it('RU-3: phase 3 = (15·100 + 15·80 + 10·50 + 5·40 + 5·0)/50 = 68; objective = (40·100 + 10·100 + 50·68)/100 = 84', () => {
    const actuals = [actual('1', 100), actual('2', 100), actual('3.a', 100), actual('3.b', 80), actual('3.c', 50), actual('3.d', 40)];
    expect(effectiveActualPcts(ru3, actuals).get('3')).toBe(68);
    expect(phasesPct(ru3, actuals)).toBe(84);
  });
  it("takes a parent's own report over its sub-phases", () => {
    const actuals = [actual('1', 100), actual('2', 100), actual('3', 20), actual('3.a', 100)];
    // (40·100 + 10·100 + 50·20)/100 = 60
    expect(phasesPct(ru3, actuals)).toBe(60);
  });
  it('shares an unweighted parent equally among unweighted sub-phases (SS-4 phase 1 = 75 over 1.1–1.3)', () => {
    const ss4 = [phase('1', { weight: 75 }), phase('1.1', { parent: '1' }), phase('1.2', { parent: '1' }), phase('1.3', { parent: '1' }), phase('2', { weight: 25 })];
    // phase 1 = (100 + 50 + 0)/3 = 50; objective = (75·50 + 25·100)/100 = 62.5
    expect(phasesPct(ss4, [actual('1.1', 100), actual('1.2', 50), actual('2', 100)])).toBe(62.5);
  });
  it('weighs a parent without a weight by the sum of its weighted sub-phases', () => {
    const phases = [phase('1', { weight: 50 }), phase('2'), phase('2.a', { parent: '2', weight: 30 }), phase('2.b', { parent: '2', weight: 20 })];
    // phase 2 weighs 30 + 20 = 50 and is (30·100 + 20·0)/50 = 60; objective = (50·0 + 50·60)/100 = 30
    expect(phasesPct(phases, [actual('2.a', 100)])).toBe(30);
  });
  it('uses equal weights when none are given (004) and counts a phase never reported as 0', () => {
    expect(phasesPct([phase('1'), phase('2'), phase('3')], [actual('1', 100), actual('2', 50), actual('3', null)])).toBe(50);
  });
  it('counts a phase never reported at its prior-years share: Segrate phases done in 2021 (priorPct 100) stay done', () => {
    const phases = [phase('1', { priorPct: 100 }), phase('2', { priorPct: 20 }), phase('3')];
    // (100 + 20 + 60)/3 = 60
    expect(phasesPct(phases, [actual('3', 60)])).toBe(60);
  });
  it('leaves cancelled phases and their sub-phases out (Segrate TSE-5 phase 3 "fase annullata")', () => {
    const phases = [phase('1'), phase('2'), phase('3', { status: 'cancelled' }), phase('3.a', { parent: '3' }), phase('4')];
    // (100 + 50 + 30)/3 = 60
    expect(phasesPct(phases, [actual('1', 100), actual('2', 50), actual('3.a', 100), actual('4', 30)])).toBe(60);
    expect(effectiveActualPcts(phases, []).has('3.a')).toBe(false);
  });
  it('is null for an objective without active phases', () => {
    expect(phasesPct([], [])).toBeNull();
    expect(phasesPct([phase('1', { status: 'cancelled' })], [actual('1', 100)])).toBeNull();
  });
  it('stays between the lowest and the highest phase actual', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.option(fc.integer({ min: 0, max: 100 })), fc.option(fc.integer({ min: 0, max: 100 }))), { minLength: 1, maxLength: 8 }), (rows) => {
        const phases = rows.map(([weight], i) => phase(String(i), weight === null ? {} : { weight }));
        const actuals = rows.map(([, pct], i) => actual(String(i), pct));
        const values = actuals.map((a) => a.actualPct ?? 0);
        const pct = phasesPct(phases, actuals)!;
        return pct >= Math.min(...values) - 1e-9 && pct <= Math.max(...values) + 1e-9;
      }),
    );
  });
});

describe('P5 timeliness', () => {
  const phases = [phase('a'), phase('b'), phase('c'), phase('d'), phase('e', { status: 'cancelled' })];
  const actuals = [
    actual('a', 60, 50), // on time
    actual('b', 30, 60), // behind: 30/60 = 0.5
    actual('c', 0, 0), // not planned to have started: left out
    actual('d', null, null), // no schedule: left out
    actual('e', 0, 40), // cancelled: left out
  ];
  it("'count': 100 × phases with actual ≥ planned / phases with planned > 0 = 100 × 1/2 = 50", () => {
    expect(timelinessPct(phases, actuals, 'count')).toBe(50);
  });
  it("'smooth': 100 × mean of min(1, actual/planned) = 100 × (1 + 0.5)/2 = 75", () => {
    expect(timelinessPct(phases, actuals, 'smooth')).toBe(75);
  });
  it('counts a phase done in earlier years as on time and a parent by its sub-phases', () => {
    const withParent = [phase('1', { priorPct: 100 }), phase('2'), phase('2.a', { parent: '2' }), phase('2.b', { parent: '2' })];
    // 1: prior 100 ≥ 100; 2 = (100 + 40)/2 = 70 ≥ 60; 2.a 100 ≥ 100; 2.b 40 < 50 → 3 of 4 on time
    const rows = [actual('1', null, 100), actual('2', null, 60), actual('2.a', 100, 100), actual('2.b', 40, 50)];
    expect(timelinessPct(withParent, rows, 'count')).toBe(75);
  });
  it('is null when no phase is planned to have begun', () => {
    expect(timelinessPct([phase('a')], [actual('a', 0, 0)], 'count')).toBeNull();
    expect(timelinessPct([phase('a')], [actual('a', 10, null)], 'smooth')).toBeNull();
  });
});
