/** P9 sector and ente score; the seed-003 sector averages of domain.md §4.2(a) reproduced to the cent. */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { enteScore, sectorScore, type SectorObjective } from '../../src/domain/sector-score.js';
import { round2 } from '../../src/domain/percent.js';

const row = (pct: number | null, status: SectorObjective['status'] = 'on_track', extra: Partial<SectorObjective> = {}): SectorObjective => ({ pct, status, transversal: false, ...extra });
const transversal = () => Array.from({ length: 5 }, () => row(100, 'on_track', { transversal: true }));

// 003 sector sheets [003 L1308-1415]: the 5 transversal objectives (all 100) plus the sector's own.
const affariGenerali = [...transversal(), row(98, 'actions_started'), row(90, 'actions_started'), ...Array.from({ length: 6 }, () => row(100)), row(null, 'postponed')];
const economicoFinanziaria = [...transversal(), row(100), row(100), row(98, 'actions_started')];
const ufficioTecnico = [
  ...transversal(),
  row(90, 'actions_started'),
  row(100),
  row(null, 'not_assessable'),
  row(100),
  row(100),
  row(98, 'actions_started'),
  row(null, 'not_reported'),
  row(null, 'not_reported'),
  row(null, 'not_reported'),
  row(90, 'actions_started'),
];

describe("P9 'mean' (seed-003 rule)", () => {
  it('Affari Generali: 13 scored rows (5 × 100, 98, 90, 6 × 100), "RINVIATO" excluded → 1288/13 = 99,08', () => {
    const score = sectorScore('mean', affariGenerali, 50);
    expect(round2(score.pct!)).toBe(99.08);
    expect(score.assessed).toBe(13);
  });
  it('Economico Finanziaria: (7 × 100 + 98)/8 = 99,75', () => {
    const score = sectorScore('mean', economicoFinanziaria, 50);
    expect(round2(score.pct!)).toBe(99.75);
    expect(score.assessed).toBe(8);
  });
  it('Ufficio Tecnico: three "non consuntivato" count 50, "NON VALUTABILE" excluded → 1228/14 = 87,71', () => {
    const score = sectorScore('mean', ufficioTecnico, 50);
    expect(round2(score.pct!)).toBe(87.71);
    expect(score.assessed).toBe(14);
  });
  it('takes the not-reported % from the plan: at 0 Ufficio Tecnico is (1228 − 150)/14 = 77', () => {
    expect(sectorScore('mean', ufficioTecnico, 0).pct).toBe(77);
  });
  it('excludes "rinviato" and "non valutabile" objectives even when they carry a %', () => {
    expect(sectorScore('mean', [row(100), row(40, 'postponed'), row(20, 'not_assessable')], 50)).toEqual({ pct: 100, assessed: 1 });
  });
  it('leaves out objectives with no % yet, and is null when none counts', () => {
    expect(sectorScore('mean', [row(100), row(null, null), row(80, null)], 50)).toEqual({ pct: 90, assessed: 2 });
    expect(sectorScore('mean', [row(null, 'postponed'), row(null, null)], 50)).toEqual({ pct: null, assessed: 0 });
  });
});

describe("P9 'weighted' (000)", () => {
  it('Σ W·pct / Σ W: weights 20, 30, 50 with 100, 80, 60 → (2000 + 2400 + 3000)/100 = 74', () => {
    expect(sectorScore('weighted', [row(100, 'on_track', { weight: 20 }), row(80, 'actions_started', { weight: 30 }), row(60, 'immediate_actions', { weight: 50 })], 50)).toEqual({ pct: 74, assessed: 3 });
  });
  it('over the objectives that have a %: 20·100 + 50·60 over 70 = 71,43', () => {
    const score = sectorScore('weighted', [row(100, 'on_track', { weight: 20 }), row(null, null, { weight: 30 }), row(60, 'immediate_actions', { weight: 50 })], 50);
    expect(round2(score.pct!)).toBe(71.43);
    expect(score.assessed).toBe(2);
  });
  it('gives an objective without a weight no share, applies the 003 exclusions, and counts not reported as notReportedPct', () => {
    const rows = [row(100, 'on_track', { weight: 40 }), row(0, 'on_track'), row(null, 'postponed', { weight: 30 }), row(null, 'not_reported', { weight: 60 })];
    // (40·100 + 60·50)/100 = 70
    expect(sectorScore('weighted', rows, 50)).toEqual({ pct: 70, assessed: 2 });
  });
  it('falls back to the plain mean when no objective has a weight', () => {
    expect(sectorScore('weighted', [row(100), row(80)], 50)).toEqual({ pct: 90, assessed: 2 });
  });
  it('stays between the lowest and the highest counted %', () => {
    fc.assert(
      fc.property(fc.array(fc.record({ pct: fc.integer({ min: 0, max: 100 }), weight: fc.option(fc.integer({ min: 0, max: 100 })) }), { minLength: 1, maxLength: 10 }), fc.constantFrom('weighted' as const, 'mean' as const), (rows, method) => {
        const pct = sectorScore(method, rows.map((r) => row(r.pct, 'on_track', r.weight === null ? {} : { weight: r.weight })), 50).pct!;
        return pct >= Math.min(...rows.map((r) => r.pct)) - 1e-9 && pct <= Math.max(...rows.map((r) => r.pct)) + 1e-9;
      }),
    );
  });
});

describe('ente score (proposal)', () => {
  it('is the mean of the 003 sector scores: (99,08 + 99,75 + 87,71 + 3 × 100)/6 = 97,76 at full precision', () => {
    const sectors = [affariGenerali, economicoFinanziaria, ufficioTecnico].map((rows) => sectorScore('mean', rows, 50).pct);
    // (1288/13 + 798/8 + 1228/14 + 300)/6 = 586.5412…/6 = 97.7569…
    expect(round2(enteScore([...sectors, 100, 100, 100])!)).toBe(97.76);
  });
  it('skips sectors without a score and is null when none has one', () => {
    expect(enteScore([90, null, 70])).toBe(80);
    expect(enteScore([null])).toBeNull();
    expect(enteScore([])).toBeNull();
  });
});
