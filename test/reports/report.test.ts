import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readPlanFile } from '../../src/plan-file/read.js';
import { importPlan } from '../../src/db/plan-import.js';
import { loadPlanSnapshot } from '../../src/db/plan-repository.js';
import { buildReport, reportSectorCodes } from '../../src/reports/report.js';
import { reportSchema } from '../../src/reports/report-schema.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';
import type { PlanFile } from '../../src/plan-file/schema.js';

const root = path.resolve(import.meta.dirname, '..', '..');
let t: TestDatabase;
let segrate: PlanFile;
let terreArgine: PlanFile;

beforeAll(async () => {
  t = await createTestDatabase();
  segrate = (await readPlanFile(path.join(root, 'examples', 'segrate-pdo-2022.json'))).plan;
  terreArgine = (await readPlanFile(path.join(root, 'examples', 'terre-argine-2020.json'))).plan;
  // Reported values for the RU sector of Terre d'Argine, to check the weighted sector %.
  terreArgine.measurements = [
    { indicator: 'RU-2/a', at: '2020-12-31', value: '96%' },
    { indicator: 'RU-2/b', at: '2020-12-31', value: '90%' },
    { indicator: 'RU-2/c', at: '2020-12-31', value: '15/05/2020' },
    { indicator: 'RU-2/d', at: '2020-12-31', value: 'sì' },
    { indicator: 'RU-5/1', at: '2020-12-31', value: 'sì' },
    { indicator: 'RU-5/2', at: '2020-12-31', value: '85%' },
  ];
  terreArgine.assessments = [
    { objective: 'RU-1', at: '2020-12-31', pct: 100, status: 'on_track' },
    { objective: 'RU-3', at: '2020-12-31', pct: 80, status: 'actions_started' },
  ];
  await importPlan(t.db, segrate, { actor: 'test', reason: 'test' });
  await importPlan(t.db, terreArgine, { actor: 'test', reason: 'test' });
});
afterAll(async () => {
  await t.drop();
});

/** The cumulative monthly plan written in the file, summed here independently of the domain code. */
function cumulativeFromFile(phase: PlanFile['objectives'][number]['phases'][number], through: string): number | null {
  if (!phase.monthly) return null;
  const inYear = Object.entries(phase.monthly)
    .filter(([month]) => month.startsWith('2022-') && month <= through)
    .reduce((sum, [, pct]) => sum + pct, 0);
  return Math.min(100, (phase.priorPct ?? 0) + inYear);
}

describe('perfbot report', () => {
  it('gives every Segrate phase the cumulative monthly plan of the example file at 31/07 and 31/12', async () => {
    const snapshot = await loadPlanSnapshot(t.db, 'segrate', 'pdo-2022');
    let compared = 0;
    for (const [asOf, through] of [
      ['2022-07-31', '2022-07'],
      ['2022-12-31', '2022-12'],
    ] as const) {
      const report = buildReport(snapshot, asOf);
      for (const objective of segrate.objectives) {
        const reported = report.objectives.find((o) => o.code === objective.code)!;
        for (const phase of objective.phases) {
          const expected = cumulativeFromFile(phase, through);
          if (expected === null) continue;
          const actual = reported.phases.find((p) => p.code === phase.code)!.plannedPct;
          expect(actual, `${objective.code}/${phase.code} at ${asOf}`).toBeCloseTo(expected, 2);
          compared++;
        }
      }
    }
    expect(compared).toBeGreaterThanOrEqual(2 * 180);
  });

  it("computes Terre d'Argine sector % with the objective weights", async () => {
    const report = buildReport(await loadPlanSnapshot(t.db, 'terre-argine', 'pp-2020'), '2020-12-31');
    const objective = (code: string) => report.objectives.find((o) => o.code === code)!;
    // RU-2: (40·1 + 25·90/95 + 10·0 [late: 15/05 vs April] + 25·1) / 100
    expect(objective('RU-2').computedPct).toBeCloseTo(88.68, 2);
    // RU-5: (70·1 + 30·85/90) / 100
    expect(objective('RU-5').computedPct).toBeCloseTo(98.33, 2);
    // Declared % overrides the computed one.
    expect(objective('RU-1')).toMatchObject({ pct: 100, declaredPct: 100 });
    expect(objective('RU-3')).toMatchObject({ pct: 80, declaredPct: 80 });
    expect(objective('RU-4').pct).toBeNull();
    const ru = report.sectors.find((s) => s.code === 'RU')!;
    // (20·100 + 25·88.684 + 30·80 + 10·98.333) / (20 + 25 + 30 + 10); RU-4 (weight 15) has no % yet
    expect(ru).toMatchObject({ method: 'weighted', objectives: 5, assessed: 4 });
    expect(ru.pct).toBeCloseTo(89.42, 2);
    expect(ru.dirigente).toBe('ferrari-m');
  });

  it('names the dirigente in charge on the date (Farina until 31/10/2020, then Ferrari)', async () => {
    const snapshot = await loadPlanSnapshot(t.db, 'terre-argine', 'pp-2020');
    expect(buildReport(snapshot, '2020-10-31').sectors.find((s) => s.code === 'RU')?.dirigente).toBe('farina-ml');
    expect(buildReport(snapshot, '2020-11-01').sectors.find((s) => s.code === 'RU')?.dirigente).toBe('ferrari-m');
  });

  it('produces JSON that validates against the perfbot/report@1 schema', async () => {
    for (const [ente, plan, at] of [
      ['segrate', 'pdo-2022', '2022-07-31'],
      ['segrate', 'pdo-2022', '2022-12-31'],
      ['terre-argine', 'pp-2020', '2020-12-31'],
    ] as const) {
      const report = buildReport(await loadPlanSnapshot(t.db, ente, plan), at);
      const parsed = reportSchema.safeParse(JSON.parse(JSON.stringify(report)));
      expect(parsed.success, parsed.success ? '' : JSON.stringify(parsed.error.issues.slice(0, 3))).toBe(true);
    }
  });

  it('lists the same sectors without computing the report (reportSectorCodes) as the report does', async () => {
    for (const [ente, plan, at] of [['segrate', 'pdo-2022', '2022-07-31'], ['terre-argine', 'pp-2020', '2020-12-31']] as const) {
      const snapshot = await loadPlanSnapshot(t.db, ente, plan);
      expect(reportSectorCodes(snapshot), ente).toEqual(buildReport(snapshot, at).sectors.map((s) => s.code));
      expect(reportSectorCodes(snapshot).length, ente).toBeGreaterThan(1);
    }
  });

  it('orders sectors by code and objectives by sector, weight desc, then code', async () => {
    const report = buildReport(await loadPlanSnapshot(t.db, 'terre-argine', 'pp-2020'), '2020-12-31');
    expect(report.sectors.map((s) => s.code)).toEqual([...report.sectors.map((s) => s.code)].sort());
    const ru = report.objectives.filter((o) => o.sectors[0] === 'RU').map((o) => `${o.code}:${o.weight}`);
    expect(ru).toEqual(['RU-3:30', 'RU-2:25', 'RU-1:20', 'RU-4:15', 'RU-5:10']);
  });

  it('lists who has not answered, by person', async () => {
    const report = buildReport(await loadPlanSnapshot(t.db, 'segrate', 'pdo-2022'), '2022-08-01');
    const staff = report.sectors.find((s) => s.code === 'STAFF')!;
    expect(staff.pending.length).toBeGreaterThan(0);
    const total = report.sectors.reduce((sum, s) => sum + s.pending.reduce((n, p) => n + p.items, 0), 0);
    expect(total).toBeGreaterThan(0);
  });
});
