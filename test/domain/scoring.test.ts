/**
 * One small hand-worked case per formula of domain.md §4.3 (P1–P10); the numbers are worked out
 * in the comments, and the seed-003 sector averages of §4.2(a) are reproduced to the cent.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { plannedPct, plannedInYearPct, phaseDeadline, daysLate } from '../../src/domain/phase-schedule.js';
import { phasesPct, timelinessPct } from '../../src/domain/phase-progress.js';
import { indicatorAchievement, deviation } from '../../src/domain/indicator-achievement.js';
import { objectiveScore, indicatorsPct } from '../../src/domain/objective-score.js';
import { sectorScore, enteScore, type SectorObjective } from '../../src/domain/sector-score.js';
import { statusClass } from '../../src/domain/status-class.js';
import { round2 } from '../../src/domain/percent.js';
import { DEFAULT_THRESHOLDS, type PhasePlan } from '../../src/domain/plan.js';

const phase = (p: Partial<PhasePlan>): PhasePlan => ({ code: '1', title: 'f', status: 'active', ...p });

describe('P1 planned % of a phase', () => {
  it('sums monthly increments up to the month: Segrate WHP phase 1 (60% at 31/7, 100% at 31/12)', () => {
    const whp = phase({ monthly: { '2022-01': 10, '2022-02': 10, '2022-03': 10, '2022-04': 10, '2022-05': 10, '2022-06': 5, '2022-07': 5, '2022-08': 5, '2022-09': 10, '2022-10': 10, '2022-11': 10, '2022-12': 5 } });
    expect(plannedPct(whp, '2022-07-31', 2022)).toBe(60);
    expect(plannedPct(whp, '2022-12-31', 2022)).toBe(100);
    expect(plannedPct(whp, '2021-12-31', 2022)).toBe(0);
  });
  it('Dote Comune phase 7: April–July 4 × 12 = 48', () => {
    const dote = phase({ monthly: { '2022-04': 12, '2022-05': 12, '2022-06': 12, '2022-07': 12, '2022-08': 4, '2022-09': 12, '2022-10': 12, '2022-11': 12, '2022-12': 12 } });
    expect(plannedPct(dote, '2022-07-31', 2022)).toBe(48);
  });
  it('adds the prior-years share: Regolamento Edilizio phase 3 = 20 + 40 at 31/7 (in-year 40), 20 + 80 at 31/12', () => {
    const reg = phase({ priorPct: 20, monthly: { '2022-03': 10, '2022-04': 10, '2022-05': 10, '2022-06': 10, '2022-09': 20, '2022-10': 20 } });
    expect(plannedPct(reg, '2022-07-31', 2022)).toBe(60);
    expect(plannedInYearPct(reg, '2022-07-31', 2022)).toBe(40);
    expect(plannedPct(reg, '2022-12-31', 2022)).toBe(100);
  });
  it('spreads X marks evenly: 4 marked months → 25% per month; later share kept out', () => {
    const marked = phase({ marks: ['2020-03', '2020-04', '2020-05', '2020-06'] });
    expect(plannedPct(marked, '2020-04-15', 2020)).toBe(50);
    const withLater = phase({ marks: ['2020-11', '2020-12'], laterPct: 50 });
    expect(plannedPct(withLater, '2020-12-31', 2020)).toBe(50);
    expect(plannedPct(phase({ marks: ['2020-11'], continuesLater: true }), '2020-12-31', 2020)).toBeNull();
  });
  it('interpolates start..end linearly in calendar days: 01/02–31/07/2020 is 41.44% on 16/04 (75 of 181 days)', () => {
    const dated = phase({ start: '2020-02-01', end: '2020-07-31' });
    // 2020-02-01 → 2020-04-16 = 75 days; → 2020-07-31 = 181 days; 100·75/181 = 41.436
    expect(round2(plannedPct(dated, '2020-04-16', 2020)!)).toBe(41.44);
    expect(plannedPct(dated, '2020-01-15', 2020)).toBe(0);
    expect(plannedPct(dated, '2020-08-01', 2020)).toBe(100);
    expect(plannedPct(phase({}), '2020-08-01', 2020)).toBeNull();
  });
  it('never decreases as the date advances', () => {
    const monthly = phase({ priorPct: 10, monthly: { '2022-02': 30, '2022-05': 20, '2022-11': 40 } });
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 364 }), fc.integer({ min: 0, max: 364 }), (a, b) => {
        const day = (n: number) => new Date(Date.UTC(2022, 0, 1 + n)).toISOString().slice(0, 10);
        const [x, y] = a <= b ? [a, b] : [b, a];
        return plannedPct(monthly, day(x), 2022)! <= plannedPct(monthly, day(y), 2022)!;
      }),
    );
  });
});

describe('P2 deadline and lateness', () => {
  it('is the last day of the last month with a planned increment or mark, else the planned end', () => {
    expect(phaseDeadline(phase({ monthly: { '2022-02': 50, '2022-06': 50, '2023-03': 0 } }), 2022)).toBe('2022-06-30');
    expect(phaseDeadline(phase({ marks: ['2020-01', '2020-02'] }), 2020)).toBe('2020-02-29');
    expect(phaseDeadline(phase({ start: '2020-02-01', end: '2020-07-31' }), 2020)).toBe('2020-07-31');
  });
  it('counts days late for an unfinished phase only', () => {
    expect(daysLate('2022-06-30', '2022-07-31', 40)).toBe(31);
    expect(daysLate('2022-06-30', '2022-07-31', 100)).toBe(0);
    expect(daysLate('2022-06-30', '2022-06-15', null)).toBe(0);
    expect(daysLate(null, '2022-06-15', null)).toBeNull();
  });
});

describe('P3–P5 gap, weighted progress and timeliness', () => {
  const phases = [phase({ code: '1', weight: 20 }), phase({ code: '2', weight: 30 }), phase({ code: '3', weight: 50 }), phase({ code: '3.a', parent: '3', weight: 30 }), phase({ code: '3.b', parent: '3', weight: 20 })];
  it('P4: Σ w·actual / Σ w, never reported = 0, a parent without report takes its sub-phases', () => {
    // phase 3 = (30·100 + 20·50)/50 = 80; objective = (20·100 + 30·40 + 50·80)/100 = 72
    const actuals = [
      { code: '1', actualPct: 100, plannedPct: 100 },
      { code: '2', actualPct: 40, plannedPct: 60 },
      { code: '3', actualPct: null, plannedPct: 50 },
      { code: '3.a', actualPct: 100, plannedPct: 50 },
      { code: '3.b', actualPct: 50, plannedPct: 50 },
    ];
    expect(phasesPct(phases, actuals)).toBe(72);
    expect(phasesPct([phase({ code: 'a' }), phase({ code: 'b' })], [{ code: 'a', actualPct: 50, plannedPct: 50 }, { code: 'b', actualPct: null, plannedPct: 0 }])).toBe(25);
  });
  it('P5: share of phases on time (count) or mean of min(1, actual/planned) (smooth)', () => {
    const two = [phase({ code: 'a' }), phase({ code: 'b' }), phase({ code: 'c' })];
    const actuals = [
      { code: 'a', actualPct: 60, plannedPct: 50 },
      { code: 'b', actualPct: 30, plannedPct: 60 },
      { code: 'c', actualPct: 0, plannedPct: 0 },
    ];
    // c is not planned to have started: (1 + 0)/2 = 50; smooth (1 + 0.5)/2 = 75
    expect(timelinessPct(two, actuals, 'count')).toBe(50);
    expect(timelinessPct(two, actuals, 'smooth')).toBe(75);
    expect(timelinessPct(two, [{ code: 'a', actualPct: 0, plannedPct: 0 }], 'count')).toBeNull();
  });
});

describe('P6–P7 indicator achievement and deviation', () => {
  it('gte: 84,9 against ≥ 87 → 0.9759, not met, deviation −2.1', () => {
    const spec = { kind: 'numeric' as const, op: 'gte' as const, value: 87, unit: 'percent' as const };
    const result = indicatorAchievement(spec, { kind: 'number', value: 84.9 });
    expect(round2(result.achievement! * 100)).toBe(97.59);
    expect(result.met).toBe(false);
    expect(round2(deviation(spec, { kind: 'number', value: 84.9 }, 'higher')!.absolute)).toBe(-2.1);
  });
  it('caps at 1 and keeps the uncapped ratio', () => {
    const r = indicatorAchievement({ kind: 'numeric', op: 'gte', value: 80, unit: 'percent' }, { kind: 'number', value: 100 });
    expect(r).toEqual({ achievement: 1, uncapped: 1.25, met: true });
  });
  it('lte: 850 solleciti against ≤ 500 → 500/850; target 0 is all or nothing', () => {
    expect(indicatorAchievement({ kind: 'numeric', op: 'lte', value: 500, unit: 'count' }, { kind: 'number', value: 850 }).achievement).toBeCloseTo(0.5882, 4);
    expect(indicatorAchievement({ kind: 'numeric', op: 'lte', value: 0, unit: 'count' }, { kind: 'number', value: 0 })).toMatchObject({ achievement: 1, met: true });
    expect(indicatorAchievement({ kind: 'numeric', op: 'lte', value: 0, unit: 'count' }, { kind: 'number', value: 2 })).toMatchObject({ achievement: 0, met: false });
  });
  it('fraction 4 enti su 5 against 5 su 5 → 0.8; boolean; deadline by date', () => {
    expect(indicatorAchievement({ kind: 'fraction', op: 'gte', numerator: 5, denominator: 5 }, { kind: 'fraction', numerator: 4, denominator: 5 }).achievement).toBeCloseTo(0.8);
    expect(indicatorAchievement({ kind: 'boolean', expected: true }, { kind: 'boolean', value: false })).toMatchObject({ achievement: 0, met: false });
    const april = { kind: 'deadline' as const, due: { type: 'month' as const, year: 2020, month: 4 } };
    expect(indicatorAchievement(april, { kind: 'date', date: '2020-04-30' })).toMatchObject({ achievement: 1, met: true });
    expect(indicatorAchievement(april, { kind: 'date', date: '2020-05-15' })).toMatchObject({ achievement: 0, met: false });
    expect(deviation(april, { kind: 'date', date: '2020-05-15' }, 'higher')).toMatchObject({ absolute: 15, favourable: false });
  });
  it('band 50 ± 30%: 40 is inside; 30 is 5 outside → 1 − 5/50 = 0.9', () => {
    const band = { kind: 'band' as const, center: 50, tolPct: 30, unit: 'count' as const };
    expect(indicatorAchievement(band, { kind: 'number', value: 40 })).toMatchObject({ achievement: 1, met: true });
    expect(indicatorAchievement(band, { kind: 'number', value: 30 }).achievement).toBeCloseTo(0.9);
    expect(indicatorAchievement({ kind: 'band', center: 'baseline', tolPct: 3, unit: 'count' }, { kind: 'number', value: 42000 }, { baseline: 40000 }).achievement).toBeCloseTo(1 - 800 / 40000); // 42000 is 800 beyond 40000 + 3%
  });
  it('composite: mean of parts, met only if all are met; context/none is not scored', () => {
    const spec = { kind: 'composite' as const, combine: 'all' as const, parts: [{ spec: { kind: 'numeric' as const, op: 'gte' as const, value: 70, unit: 'percent' as const } }, { spec: { kind: 'numeric' as const, op: 'gte' as const, value: 15, unit: 'count' as const } }] };
    const value = { kind: 'composite' as const, parts: [{ value: { kind: 'number' as const, value: 100 } }, { value: { kind: 'number' as const, value: 12 } }] };
    expect(indicatorAchievement(spec, value)).toMatchObject({ achievement: 0.9, met: false }); // (1 + 12/15)/2
    expect(indicatorAchievement({ kind: 'none' }, { kind: 'number', value: 1 }).achievement).toBeNull();
  });
  it('is always within [0, 1]', () => {
    fc.assert(
      fc.property(fc.double({ min: 0, max: 1e6, noNaN: true }), fc.double({ min: 0.01, max: 1e6, noNaN: true }), fc.constantFrom('gte', 'gt', 'lte', 'lt', 'eq'), (actual, target, op) => {
        const a = indicatorAchievement({ kind: 'numeric', op: op as 'gte', value: target, unit: 'count' }, { kind: 'number', value: actual }).achievement!;
        return a >= 0 && a <= 1;
      }),
    );
  });
});

describe('P8 objective score', () => {
  it('weights indicators when weights exist: 40·1 + 25·0.5 + 35·0.8 = 80.5', () => {
    expect(indicatorsPct([{ weight: 40, context: false, achievement: 1 }, { weight: 25, context: false, achievement: 0.5 }, { weight: 35, context: false, achievement: 0.8 }])).toBeCloseTo(80.5);
  });
  it('takes the plain mean without weights, skipping context and unmeasured indicators', () => {
    expect(indicatorsPct([{ context: false, achievement: 1 }, { context: false, achievement: 0.5 }, { context: true, achievement: 0 }, { context: false, achievement: null }])).toBe(75);
    expect(indicatorsPct([{ context: false, achievement: null }])).toBeNull();
  });
  it('blends indicators and phases: phaseBlend 0.3 → 0.7·80 + 0.3·50 = 71', () => {
    expect(objectiveScore({ mode: 'blend', phaseBlend: 0.3, indicators: [{ context: false, achievement: 0.8 }], phasesPct: 50 })).toBeCloseTo(71);
    expect(objectiveScore({ mode: 'phases', phaseBlend: 0, indicators: [{ context: false, achievement: 0.8 }], phasesPct: 50 })).toBe(50);
  });
});

describe('P9 sector score', () => {
  const row = (pct: number | null, status: SectorObjective['status'] = 'on_track', transversal = false): SectorObjective => ({ pct, status, transversal });
  it('reproduces Affari Generali 99,08%: 13 scored rows (5 × 100, 98, 90, 6 × 100), one "rinviato" excluded', () => {
    const rows = [...Array(5).fill(row(100, 'on_track', true)), row(98, 'actions_started'), row(90, 'actions_started'), ...Array(6).fill(row(100)), row(null, 'postponed')];
    expect(round2(sectorScore('mean', rows, 50).pct!)).toBe(99.08);
  });
  it('reproduces Economico Finanziaria 99,75%: (7 × 100 + 98) / 8', () => {
    expect(round2(sectorScore('mean', [...Array(7).fill(row(100)), row(98)], 50).pct!)).toBe(99.75);
  });
  it('reproduces Ufficio Tecnico 87,71%: three "non consuntivato" count 50, "non valutabile" excluded', () => {
    const rows = [...Array(5).fill(row(100, 'on_track', true)), row(90), row(100), row(null, 'not_assessable'), row(100), row(100), row(98), row(null, 'not_reported'), row(null, 'not_reported'), row(null, 'not_reported'), row(90)];
    const score = sectorScore('mean', rows, 50);
    expect(round2(score.pct!)).toBe(87.71);
    expect(score.assessed).toBe(14);
  });
  it('weights objectives by their sector weight: (20·100 + 30·80 + 50·60)/100 = 74', () => {
    expect(sectorScore('weighted', [{ ...row(100), weight: 20 }, { ...row(80), weight: 30 }, { ...row(60), weight: 50 }], 50).pct).toBe(74);
  });
  it('ente score is the mean of the sector scores that exist', () => {
    expect(enteScore([90, null, 70])).toBe(80);
    expect(enteScore([null])).toBeNull();
  });
});

describe('P10 status class', () => {
  it('final: ≥ 100 in linea, 70–99 azioni avviate, < 70 immediate (defaults)', () => {
    expect(statusClass({ kind: 'final', pct: 100, thresholds: DEFAULT_THRESHOLDS })).toBe('on_track');
    expect(statusClass({ kind: 'final', pct: 98, thresholds: DEFAULT_THRESHOLDS })).toBe('actions_started');
    expect(statusClass({ kind: 'final', pct: 69.9, thresholds: DEFAULT_THRESHOLDS })).toBe('immediate_actions');
  });
  it('intermediate: gap ≤ 5 in linea, ≤ 20 avviate, else or a missed deadline immediate; thresholds configurable', () => {
    expect(statusClass({ kind: 'intermediate', gap: 5, missedDeadline: false, thresholds: DEFAULT_THRESHOLDS })).toBe('on_track');
    expect(statusClass({ kind: 'intermediate', gap: 15, missedDeadline: false, thresholds: DEFAULT_THRESHOLDS })).toBe('actions_started');
    expect(statusClass({ kind: 'intermediate', gap: 2, missedDeadline: true, thresholds: DEFAULT_THRESHOLDS })).toBe('immediate_actions');
    expect(statusClass({ kind: 'intermediate', gap: 15, missedDeadline: false, thresholds: { ...DEFAULT_THRESHOLDS, intermediateOnTrackMaxGap: 15 } })).toBe('on_track');
  });
});
