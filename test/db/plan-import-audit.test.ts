/**
 * The audit rows of importing a plan of 1,100 objectives and re-importing it changed: one creation
 * row per kind listing every created row in plan order, then each update, then each retirement,
 * whatever the objectives' order (pins what a streamed, chunked import must keep).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importPlan } from '../../src/db/plan-import.js';
import { readPlanSnapshot } from '../../src/db/plan-repository.js';
import { generatePlan } from '../../src/plan-file/generate.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => {
  await t.drop();
});

describe('the audit of a large plan import', () => {
  it('audits one creation per kind, then every update and retirement, and reads back what the file says', async () => {
    const plan = generatePlan(1_100, 10, { answered: true });
    const first = await importPlan(t.db, plan, { actor: 'test', reason: 'first' });
    const created = await t.db.auditLog.findMany({ where: { reason: 'first', action: 'create', entity: { in: ['Phase', 'Indicator'] } }, orderBy: { id: 'asc' } });
    expect(created.map((a) => a.entity)).toEqual(['Phase', 'Indicator']);
    const phaseLabels = plan.objectives.flatMap((o) => o.phases.map((p) => `${plan.plan.code}/${o.code}/${p.code}`));
    expect(created[0]!.newValue).toEqual({ count: phaseLabels.length, rows: phaseLabels });
    expect((created[1]!.newValue as { count: number }).count).toBe(plan.objectives.flatMap((o) => o.indicators).length);

    // A phase dropped early in the plan and one renamed later: the update is still audited before the retirement.
    const changed = structuredClone(plan);
    changed.objectives[1_050]!.phases[0]!.title = 'Fase rinominata';
    changed.objectives[0]!.indicators[1]!.name = 'Indicatore rinominato';
    const dropped = changed.objectives[600]!;
    const droppedPhase = dropped.phases.pop()!;
    changed.phaseProgress = changed.phaseProgress.filter((p) => p.phase !== `${dropped.code}/${droppedPhase.code}`);
    const second = await importPlan(t.db, changed, { actor: 'test', reason: 'second' });
    expect(second.updated).toBe(2);
    expect(second.retired).toBe(1);
    expect(second.created).toBe(0);
    const audit = await t.db.auditLog.findMany({ where: { reason: 'second' }, orderBy: { id: 'asc' } });
    expect(audit.map((a) => `${a.action} ${a.entity} ${a.entityId}`)).toEqual([
      `update Phase ${plan.plan.code}/${plan.objectives[1_050]!.code}/${plan.objectives[1_050]!.phases[0]!.code}`,
      `retire Phase ${plan.plan.code}/${dropped.code}/${droppedPhase.code}`,
      `update Indicator ${plan.plan.code}/${plan.objectives[0]!.code}/${plan.objectives[0]!.indicators[1]!.code}`,
    ]);
    expect(first.created).toBeGreaterThan(second.unchanged / 2);

    const snapshot = await readPlanSnapshot(t.db, plan.ente.code, plan.plan.code);
    expect(snapshot.objectives[1_050]!.phases[0]!.title).toBe('Fase rinominata');
    expect(snapshot.objectives[0]!.indicators[1]!.name).toBe('Indicatore rinominato');
    expect(snapshot.objectives[600]!.phases.map((p) => p.code)).toEqual(dropped.phases.map((p) => p.code));
    expect(snapshot.objectives.flatMap((o) => o.phases)).toHaveLength(phaseLabels.length - 1);
  }, 300_000);
});
