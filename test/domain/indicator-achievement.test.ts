/** P6 achievement for every target kind of domain.md §3.2, with the ratios worked out by hand. */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { indicatorAchievement } from '../../src/domain/indicator-achievement.js';
import type { MeasuredValue } from '../../src/domain/measured-value.js';
import type { TargetSpec } from '../../src/domain/target-spec.js';

const num = (value: number, extra: Partial<Extract<MeasuredValue, { kind: 'number' }>> = {}): MeasuredValue => ({ kind: 'number', value, ...extra });
const gte = (value: number, unit: 'percent' | 'count' = 'percent'): TargetSpec => ({ kind: 'numeric', op: 'gte', value, unit });
const NOT_SCORED = { achievement: null, uncapped: null, met: null };

describe('P6 numeric ≥ / >', () => {
  it('84,9% against "≥ 87%" (001) is 84.9/87 = 0.9759, not met', () => {
    const r = indicatorAchievement(gte(87), num(84.9));
    expect(r.achievement).toBeCloseTo(0.975862, 6);
    expect(r.met).toBe(false);
  });
  it('100% against "> 80%" caps at 1 and keeps 1.25 uncapped', () => {
    expect(indicatorAchievement({ kind: 'numeric', op: 'gt', value: 80, unit: 'percent' }, num(100))).toEqual({ achievement: 1, uncapped: 1.25, met: true });
  });
  it('exactly the target meets ≥ but not >, unless the answer was "> 15"', () => {
    expect(indicatorAchievement(gte(15, 'count'), num(15)).met).toBe(true);
    const gt15: TargetSpec = { kind: 'numeric', op: 'gt', value: 15, unit: 'count' };
    expect(indicatorAchievement(gt15, num(15))).toEqual({ achievement: 1, uncapped: 1, met: false });
    expect(indicatorAchievement(gt15, num(15, { bound: 'gt' })).met).toBe(true);
  });
  it('reads "n su d" by the target unit: 7 su 8 against ≥ 90% is 87.5/90', () => {
    expect(indicatorAchievement(gte(90), { kind: 'fraction', numerator: 7, denominator: 8 }).achievement).toBeCloseTo(87.5 / 90, 10);
  });
  it('scores "almeno 7 su 10" (score /10) against "4 su 5" as 8/7 → met', () => {
    expect(indicatorAchievement({ kind: 'numeric', op: 'gte', value: 7, unit: 'score', scaleMax: 10 }, { kind: 'fraction', numerator: 4, denominator: 5 })).toMatchObject({ achievement: 1, met: true });
  });
  it('is all or nothing against a target ≤ 0', () => {
    expect(indicatorAchievement(gte(0, 'count'), num(3))).toMatchObject({ achievement: 1, met: true });
    expect(indicatorAchievement({ kind: 'numeric', op: 'gte', value: -2, unit: 'percent' }, num(-5))).toMatchObject({ achievement: 0, met: false });
  });
  it('cannot score a yes/no, a date or free text against a number', () => {
    expect(indicatorAchievement(gte(95), { kind: 'boolean', value: true })).toEqual(NOT_SCORED);
    expect(indicatorAchievement(gte(95), { kind: 'date', date: '2022-05-01' })).toEqual(NOT_SCORED);
    expect(indicatorAchievement(gte(95), { kind: 'text', text: 'In corso', progressPct: 50 })).toEqual(NOT_SCORED);
  });
});

describe('P6 numeric ≤ / <', () => {
  it('850 solleciti against "≤ 500" is 500/850 = 0.5882; 400 is under the limit: 1, uncapped 1.25', () => {
    const lte500: TargetSpec = { kind: 'numeric', op: 'lte', value: 500, unit: 'count' };
    expect(indicatorAchievement(lte500, num(850)).achievement).toBeCloseTo(0.588235, 6);
    expect(indicatorAchievement(lte500, num(850)).met).toBe(false);
    expect(indicatorAchievement(lte500, num(400))).toEqual({ achievement: 1, uncapped: 1.25, met: true });
  });
  it('"≤ 0" / "Attese nessuna" (003): 1 if the actual is 0, else 0', () => {
    const none: TargetSpec = { kind: 'numeric', op: 'lte', value: 0, unit: 'count' };
    expect(indicatorAchievement(none, num(0))).toEqual({ achievement: 1, uncapped: 1, met: true });
    expect(indicatorAchievement(none, num(2))).toEqual({ achievement: 0, uncapped: 0, met: false });
  });
  it('"< 10" is met by 9, not by 10 (a = 1 by the ≤ rule), and by an answer "< 10"', () => {
    const lt10: TargetSpec = { kind: 'numeric', op: 'lt', value: 10, unit: 'count' };
    expect(indicatorAchievement(lt10, num(9)).met).toBe(true);
    expect(indicatorAchievement(lt10, num(10))).toEqual({ achievement: 1, uncapped: 1, met: false });
    expect(indicatorAchievement(lt10, num(10, { bound: 'lt' })).met).toBe(true);
  });
  it('a zero actual under a positive limit is fully achieved', () => {
    expect(indicatorAchievement({ kind: 'numeric', op: 'lte', value: 5.2, unit: 'count' }, num(0))).toEqual({ achievement: 1, uncapped: 1, met: true });
  });
});

describe('P6 numeric eq', () => {
  it('"3,00" to hit exactly: 3 → 1; 2 → 1 − 1/3; 7 → 0', () => {
    const eq3: TargetSpec = { kind: 'numeric', op: 'eq', value: 3, unit: 'count' };
    expect(indicatorAchievement(eq3, num(3))).toMatchObject({ achievement: 1, met: true });
    expect(indicatorAchievement(eq3, num(2)).achievement).toBeCloseTo(2 / 3, 10);
    expect(indicatorAchievement(eq3, num(7))).toMatchObject({ achievement: 0, met: false });
  });
});

describe('P6 fraction', () => {
  it('"4 enti su 5" against "5 enti su 5" is 0.8, not met; "5 su 5" is met', () => {
    const all5: TargetSpec = { kind: 'fraction', op: 'gte', numerator: 5, denominator: 5 };
    expect(indicatorAchievement(all5, { kind: 'fraction', numerator: 4, denominator: 5 })).toEqual({ achievement: 0.8, uncapped: 0.8, met: false });
    expect(indicatorAchievement(all5, { kind: 'fraction', numerator: 5, denominator: 5 }).met).toBe(true);
  });
  it('"almeno 7 su 10" against a bare 6 (a count out of 10) is 0.6/0.7', () => {
    expect(indicatorAchievement({ kind: 'fraction', op: 'gte', numerator: 7, denominator: 10 }, num(6)).achievement).toBeCloseTo(6 / 7, 10);
  });
});

describe('P6 boolean', () => {
  const yes: TargetSpec = { kind: 'boolean', expected: true };
  it('"SI" is 1, "No (rinviato a 2021)" is 0', () => {
    expect(indicatorAchievement(yes, { kind: 'boolean', value: true })).toEqual({ achievement: 1, uncapped: 1, met: true });
    expect(indicatorAchievement(yes, { kind: 'boolean', value: false })).toEqual({ achievement: 0, uncapped: 0, met: false });
  });
  it('reads 002 "(fatto = 1 non fatto = 0)" numbers and a completion date as yes/no', () => {
    expect(indicatorAchievement(yes, num(1)).met).toBe(true);
    expect(indicatorAchievement(yes, num(0)).met).toBe(false);
    expect(indicatorAchievement(yes, { kind: 'date', date: '2020-06-01' }).met).toBe(true);
  });
  it('"In corso" without a % cannot be scored; with a % it is done only at 100', () => {
    expect(indicatorAchievement(yes, { kind: 'text', text: 'In corso' })).toEqual(NOT_SCORED);
    expect(indicatorAchievement(yes, { kind: 'text', text: 'In corso', progressPct: 60 })).toMatchObject({ achievement: 0, met: false });
    expect(indicatorAchievement(yes, num(7))).toEqual(NOT_SCORED);
  });
});

describe('P6 deadline', () => {
  const april: TargetSpec = { kind: 'deadline', due: { type: 'month', year: 2020, month: 4 } };
  it('"entro aprile" 2020: done 30/04 → 1; done 15/05 → 0', () => {
    expect(indicatorAchievement(april, { kind: 'date', date: '2020-04-30' })).toEqual({ achievement: 1, uncapped: 1, met: true });
    expect(indicatorAchievement(april, { kind: 'date', date: '2020-05-15' })).toEqual({ achievement: 0, uncapped: 0, met: false });
  });
  it('a "SI" with the act date is compared with the due day; without a date it counts as on time', () => {
    expect(indicatorAchievement(april, { kind: 'boolean', value: true, actDate: '2020-05-02', actRef: 'DG 12' }).met).toBe(false);
    expect(indicatorAchievement(april, { kind: 'boolean', value: true, actDate: '2020-04-02' }).met).toBe(true);
    expect(indicatorAchievement(april, { kind: 'boolean', value: true }).met).toBe(true);
    expect(indicatorAchievement(april, { kind: 'boolean', value: false })).toMatchObject({ achievement: 0, met: false });
  });
  it('"a regime entro il 30.9.2020" and "Entro 2021" fall on their day', () => {
    expect(indicatorAchievement({ kind: 'deadline', due: { type: 'date', date: '2020-09-30' } }, { kind: 'date', date: '2020-10-01' }).met).toBe(false);
    expect(indicatorAchievement({ kind: 'deadline', due: { type: 'year', year: 2021 } }, { kind: 'date', date: '2021-12-31' }).met).toBe(true);
  });
  it('"entro i termini previsti per legge" has no day: only a yes/no answer scores', () => {
    const legal: TargetSpec = { kind: 'deadline', due: { type: 'legal', note: 'termini di legge' } };
    expect(indicatorAchievement(legal, { kind: 'boolean', value: true })).toMatchObject({ achievement: 1, met: true });
    expect(indicatorAchievement(legal, { kind: 'boolean', value: false })).toMatchObject({ achievement: 0, met: false });
    expect(indicatorAchievement(legal, { kind: 'date', date: '2020-03-01' })).toEqual(NOT_SCORED);
    expect(indicatorAchievement(legal, num(1))).toEqual(NOT_SCORED);
  });
  it('free text without progress cannot be scored', () => {
    expect(indicatorAchievement(april, { kind: 'text', text: 'in attesa del parere' })).toEqual(NOT_SCORED);
  });
});

describe('P6 band', () => {
  const covid: TargetSpec = { kind: 'band', center: 50, tolPct: 30, unit: 'count' };
  it('"50 (+/- 30% Covid)": 35…65 is inside; 30 is 5 outside → 1 − 5/50 = 0.9; 100 is 35 outside → 0.3', () => {
    expect(indicatorAchievement(covid, num(35))).toEqual({ achievement: 1, uncapped: 1, met: true });
    expect(indicatorAchievement(covid, num(65)).met).toBe(true);
    expect(indicatorAchievement(covid, num(30))).toMatchObject({ met: false });
    expect(indicatorAchievement(covid, num(30)).achievement).toBeCloseTo(0.9, 10);
    expect(indicatorAchievement(covid, num(100)).achievement).toBeCloseTo(0.3, 10);
  });
  it('"±3" in absolute units around 85', () => {
    const abs: TargetSpec = { kind: 'band', center: 85, tolAbs: 3, unit: 'score' };
    expect(indicatorAchievement(abs, num(88)).met).toBe(true);
    expect(indicatorAchievement(abs, num(80)).achievement).toBeCloseTo(1 - 2 / 85, 10);
  });
  it('"±3%" of the baseline 40.000 page views: 42.000 is 800 beyond 41.200 → 1 − 800/40.000 = 0.98', () => {
    const ofBaseline: TargetSpec = { kind: 'band', center: 'baseline', tolPct: 3, unit: 'count' };
    expect(indicatorAchievement(ofBaseline, num(42000), { baseline: 40000 }).achievement).toBeCloseTo(0.98, 10);
    expect(indicatorAchievement(ofBaseline, num(42000))).toEqual(NOT_SCORED);
  });
});

describe('P6 rate', () => {
  it('"2/anno" against 1 a year is 0.5; "Vuotature n.2/settimana" against 3 is met', () => {
    expect(indicatorAchievement({ kind: 'rate', op: 'gte', value: 2, per: 'year' }, num(1))).toEqual({ achievement: 0.5, uncapped: 0.5, met: false });
    expect(indicatorAchievement({ kind: 'rate', op: 'gte', value: 2, per: 'week' }, num(3))).toMatchObject({ achievement: 1, met: true });
  });
});

describe('P6 composite', () => {
  const consigli: TargetSpec = {
    kind: 'composite',
    combine: 'all',
    parts: [
      { label: 'consigli', spec: { kind: 'numeric', op: 'gte', value: 70, unit: 'percent' } },
      { label: 'nuovi progetti', spec: { kind: 'numeric', op: 'gte', value: 15, unit: 'count' } },
    ],
  };
  it('"≥ 70% consigli / ≥ 15 nuovi progetti" against "100% / 12": (1 + 12/15)/2 = 0.9, not met (one part missed)', () => {
    const value: MeasuredValue = { kind: 'composite', parts: [{ label: 'consigli', value: num(100) }, { label: 'nuovi progetti', value: num(12) }] };
    expect(indicatorAchievement(consigli, value)).toEqual({ achievement: 0.9, uncapped: 0.9, met: false });
  });
  it('matches parts by label whatever their order, else by position', () => {
    const swapped: MeasuredValue = { kind: 'composite', parts: [{ label: 'Nuovi progetti', value: num(20) }, { label: 'consigli', value: num(100) }] };
    expect(indicatorAchievement(consigli, swapped)).toMatchObject({ achievement: 1, met: true });
    const unlabelled: MeasuredValue = { kind: 'composite', parts: [{ value: num(35) }, { value: num(15) }] };
    expect(indicatorAchievement(consigli, unlabelled)).toMatchObject({ achievement: 0.75, met: false }); // (0.5 + 1)/2
  });
  it('cannot score a composite when a part cannot be scored or the parts do not match', () => {
    const partText: MeasuredValue = { kind: 'composite', parts: [{ value: num(100) }, { value: { kind: 'text', text: 'non rilevabile' } }] };
    expect(indicatorAchievement(consigli, partText)).toEqual(NOT_SCORED);
    expect(indicatorAchievement(consigli, { kind: 'composite', parts: [{ value: num(100) }] })).toEqual(NOT_SCORED);
    expect(indicatorAchievement(consigli, num(100))).toEqual(NOT_SCORED);
  });
  it("'sum': \"40 + 150\" delibere against 121 + 45 is 166/190", () => {
    const sum: TargetSpec = { kind: 'composite', combine: 'sum', parts: [{ spec: { kind: 'numeric', op: 'gte', value: 40, unit: 'count' } }, { spec: { kind: 'numeric', op: 'gte', value: 150, unit: 'count' } }] };
    expect(indicatorAchievement(sum, { kind: 'composite', parts: [{ value: num(121) }, { value: num(45) }] }).achievement).toBeCloseTo(166 / 190, 10);
    expect(indicatorAchievement(sum, num(200))).toMatchObject({ achievement: 1, met: true });
  });
});

describe('P6 milestone and none', () => {
  const comeDaPiano: TargetSpec = { kind: 'milestone', text: 'Come da piano' };
  it('raggiunto 1, parziale its %, non raggiunto 0', () => {
    expect(indicatorAchievement(comeDaPiano, { kind: 'boolean', value: true })).toEqual({ achievement: 1, uncapped: 1, met: true });
    expect(indicatorAchievement(comeDaPiano, { kind: 'text', text: 'parziale', progressPct: 60 })).toEqual({ achievement: 0.6, uncapped: 0.6, met: false });
    expect(indicatorAchievement(comeDaPiano, { kind: 'boolean', value: false })).toMatchObject({ achievement: 0, met: false });
  });
  it('measures progress against the expected % when the target states one: 20% against "(10%)" is met', () => {
    const pug: TargetSpec = { kind: 'milestone', text: 'Rispetto cronoprogramma PUG', expectedProgressPct: 10 };
    expect(indicatorAchievement(pug, { kind: 'text', text: 'Aperta Consultazione Preliminare (20%)', progressPct: 20 })).toEqual({ achievement: 1, uncapped: 2, met: true });
    expect(indicatorAchievement(pug, num(5))).toEqual({ achievement: 0.5, uncapped: 0.5, met: false });
  });
  it('cannot score text without a %', () => {
    expect(indicatorAchievement(comeDaPiano, { kind: 'text', text: 'Come da Piano e sue modificazioni' })).toEqual(NOT_SCORED);
  });
  it('never scores an indicator without a target (context indices)', () => {
    expect(indicatorAchievement({ kind: 'none' }, num(48239))).toEqual(NOT_SCORED);
  });
});

describe('P6 properties', () => {
  const comparator = fc.constantFrom('gte' as const, 'gt' as const, 'lte' as const, 'lt' as const, 'eq' as const);
  const anyNumber = fc.double({ min: -1e6, max: 1e6, noNaN: true });
  it('keeps numeric, rate and band achievements within [0, 1], and a met target always means achievement 1', () => {
    fc.assert(
      fc.property(comparator, anyNumber, anyNumber, fc.double({ min: 0, max: 100, noNaN: true }), (op, target, actual, tol) => {
        const results = [
          indicatorAchievement({ kind: 'numeric', op, value: target, unit: 'count' }, num(actual)),
          indicatorAchievement({ kind: 'rate', op, value: target, per: 'week' }, num(actual)),
          indicatorAchievement({ kind: 'band', center: target, tolPct: tol, unit: 'count' }, num(actual)),
        ];
        return results.every((r) => r.achievement !== null && r.achievement >= 0 && r.achievement <= 1 && (!r.met || r.achievement === 1));
      }),
    );
  });
});
