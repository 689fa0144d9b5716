import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readPlanFile, parsePlanText } from '../../src/plan-file/read.js';
import { PlanValidationError } from '../../src/plan-file/plan-validation-error.js';
import { importPlan } from '../../src/db/plan-import.js';
import { loadPlanSnapshot } from '../../src/db/plan-repository.js';
import { serializePlanFile, toPlanFile } from '../../src/plan-file/export.js';
import { countRows, createTestDatabase, type TestDatabase } from '../support/test-database.js';

const root = path.resolve(import.meta.dirname, '..', '..');
const examples = {
  segrate: path.join(root, 'examples', 'segrate-pdo-2022.json'),
  terreArgine: path.join(root, 'examples', 'terre-argine-2020.json'),
};
const smallPlan = path.join(root, 'test', 'fixtures', 'small-plan.yaml');

let t: TestDatabase;
beforeEach(async () => {
  t = await createTestDatabase();
});
afterEach(async () => {
  await t.drop();
});

async function importFile(file: string) {
  const { plan } = await readPlanFile(file);
  return importPlan(t.db, plan, { actor: 'test', reason: `import ${path.basename(file)}` });
}

describe('importing a plan file', () => {
  it('imports both example plans with every objective, phase and indicator', async () => {
    for (const file of Object.values(examples)) {
      const { plan, warnings } = await readPlanFile(file);
      expect(warnings.every((w) => w.message.includes('sum to'))).toBe(true);
      await importPlan(t.db, plan, { actor: 'test', reason: 'examples' });
      const snapshot = await loadPlanSnapshot(t.db, plan.ente.code, plan.plan.code);
      expect(snapshot.objectives).toHaveLength(plan.objectives.length);
      expect(snapshot.objectives.flatMap((o) => o.phases)).toHaveLength(plan.objectives.flatMap((o) => o.phases).length);
      expect(snapshot.objectives.flatMap((o) => o.indicators)).toHaveLength(plan.objectives.flatMap((o) => o.indicators).length);
      expect(snapshot.people).toHaveLength(plan.people.length);
      expect(snapshot.roles).toHaveLength(plan.roles.length);
    }
  });

  it('changes no row when the same file is imported again', async () => {
    await importFile(examples.segrate);
    await importFile(smallPlan);
    const before = await countRows(t.db);
    const lastAudit = await t.db.auditLog.findFirst({ orderBy: { id: 'desc' } });
    const again = await importFile(examples.segrate);
    const againSmall = await importFile(smallPlan);
    expect(again).toMatchObject({ created: 0, updated: 0, retired: 0 });
    expect(againSmall).toMatchObject({ created: 0, updated: 0, retired: 0 });
    expect(await countRows(t.db)).toEqual(before);
    expect((await t.db.auditLog.findFirst({ orderBy: { id: 'desc' } }))?.id).toBe(lastAudit?.id);
  });

  it('round-trips: import → export → import gives the same data', async () => {
    await importFile(smallPlan);
    const first = toPlanFile(await loadPlanSnapshot(t.db, 'borgo-test', 'pp-2022'));
    const other = await createTestDatabase();
    try {
      const { plan } = parsePlanText('export.yaml', serializePlanFile(first, 'yaml'));
      await importPlan(other.db, plan, { actor: 'test', reason: 'round trip' });
      const second = toPlanFile(await loadPlanSnapshot(other.db, 'borgo-test', 'pp-2022'));
      expect(second).toEqual(first);
      // Re-importing the export into the original database is a no-op.
      const back = await importPlan(t.db, parsePlanText('export.json', serializePlanFile(first, 'json')).plan, { actor: 'test', reason: 'again' });
      expect(back).toMatchObject({ created: 0, updated: 0, retired: 0 });
    } finally {
      await other.drop();
    }
    expect(first).toMatchObject({
      plan: { checkpoints: ['2022-07-31', '2022-12-31'], scoring: { sector: 'weighted', notReportedPct: 50 } },
      measurements: [
        { indicator: 'RU-1/a', at: '2022-07-31', value: '42,5%', by: 'rossi-a', note: 'primo semestre' },
        { indicator: 'SF-1/ctx', at: '2022-07-31', value: 'non rilevabile' },
      ],
    });
  });

  it('round-trips both example plans', async () => {
    for (const file of Object.values(examples)) {
      const { plan } = await readPlanFile(file);
      await importPlan(t.db, plan, { actor: 'test', reason: 'examples' });
      const exported = toPlanFile(await loadPlanSnapshot(t.db, plan.ente.code, plan.plan.code));
      const reread = parsePlanText('export.json', serializePlanFile(exported, 'json')).plan;
      expect(reread).toEqual(plan);
    }
  });

  it('updates a changed file in place and audits old → new', async () => {
    await importFile(smallPlan);
    const { plan } = await readPlanFile(smallPlan);
    const objective = plan.objectives.find((o) => o.code === 'RU-1')!;
    objective.weight = 55;
    objective.indicators[0]!.target = '≥ 90%';
    plan.objectives = plan.objectives.filter((o) => o.code !== 'RU-2');
    plan.assessments = [];
    plan.roles = plan.roles.filter((r) => r.role !== 'admin');
    const summary = await importPlan(t.db, plan, { actor: 'admin-1', reason: 'revision' });
    expect(summary.updated).toBe(3); // RU-1 weight, RU-1/a target, SF-1 moved up one place
    expect(summary.retired).toBe(2); // RU-2 and the admin role
    const weightChange = await t.db.auditLog.findFirst({ where: { entity: 'Objective', entityId: 'pp-2022/RU-1', action: 'update' } });
    expect(weightChange).toMatchObject({ actor: 'admin-1', reason: 'revision', oldValue: { weight: 60 }, newValue: { weight: 55 } });
    const targetChange = await t.db.auditLog.findFirst({ where: { entity: 'Indicator', entityId: 'pp-2022/RU-1/a' , action: 'update' } });
    expect(targetChange?.oldValue).toMatchObject({ targetRaw: '≥ 95%' });
    expect(targetChange?.newValue).toMatchObject({ targetRaw: '≥ 90%' });
    const snapshot = await loadPlanSnapshot(t.db, 'borgo-test', 'pp-2022');
    expect(snapshot.objectives.map((o) => o.code)).toEqual(['RU-1', 'SF-1']);
    // RU-2's assessment is history: kept in the database though the objective is retired.
    expect(await t.db.assessment.count()).toBe(1);
  });

  it('stores a weight computed in a spreadsheet to its last digit: importing the same file again changes nothing', async () => {
    const { plan } = await readPlanFile(smallPlan);
    // a double that needs all 17 significant digits (=181/3 in a spreadsheet cell)
    const weight = 181 / 3;
    plan.objectives.find((o) => o.code === 'RU-1')!.weight = weight;
    await importPlan(t.db, plan, { actor: 'test', reason: 'first' });
    const stored = (await loadPlanSnapshot(t.db, plan.ente.code, plan.plan.code)).objectives.find((o) => o.code === 'RU-1')!;
    expect(stored.weight).toBe(weight);
    const audits = await t.db.auditLog.count();
    const again = await importPlan(t.db, plan, { actor: 'test', reason: 'same file' });
    expect(again).toMatchObject({ created: 0, updated: 0, retired: 0 });
    expect(await t.db.auditLog.count()).toBe(audits);
  });

  it('supersedes, never overwrites, a reported value that the file changes', async () => {
    await importFile(smallPlan);
    const { plan } = await readPlanFile(smallPlan);
    plan.measurements[0]!.value = '45%';
    await importPlan(t.db, plan, { actor: 'test', reason: 'correction' });
    const rows = await t.db.measurement.findMany({ where: { raw: { in: ['42,5%', '45%'] } }, orderBy: { id: 'asc' } });
    expect(rows.map((r) => [r.raw, r.supersededAt !== null])).toEqual([
      ['42,5%', true],
      ['45%', false],
    ]);
    expect(rows[1]?.supersedesId).toBe(rows[0]?.id);
    const audit = await t.db.auditLog.findFirst({ where: { entity: 'Measurement', action: 'supersede' } });
    expect(audit).toMatchObject({ oldValue: { raw: '42,5%' }, newValue: { raw: '45%' } });
  });

  it('writes nothing when the file is invalid', async () => {
    await importFile(smallPlan);
    const before = await countRows(t.db);
    await expect(readPlanFile(path.join(root, 'test', 'fixtures', 'ten-mistakes.yaml'))).rejects.toBeInstanceOf(PlanValidationError);
    expect(await countRows(t.db)).toEqual(before);
  });

  it('rolls back the whole import when a write fails half-way', async () => {
    const { plan } = await readPlanFile(smallPlan);
    // Bypass validation with a duplicate phase code: the unique constraint fails after the ente,
    // people and objectives were already written in the transaction.
    const objective = plan.objectives[2]!;
    objective.phases.push({ ...objective.phases[0]! });
    const before = await countRows(t.db);
    await expect(importPlan(t.db, plan, { actor: 'test', reason: 'broken' })).rejects.toThrow();
    expect(await countRows(t.db)).toEqual(before);
  });
});
