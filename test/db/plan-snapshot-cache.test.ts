import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { importPlan } from '../../src/db/plan-import.js';
import { latestPlanCode, loadPlanSnapshot, readPlanSnapshot } from '../../src/db/plan-repository.js';
import { recordProgress } from '../../src/db/value-history.js';
import { readPlanFile } from '../../src/plan-file/read.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';

let t: TestDatabase;
const file = path.resolve(import.meta.dirname, '..', 'fixtures', 'small-plan.yaml');

beforeEach(async () => {
  t = await createTestDatabase();
  await importPlan(t.db, (await readPlanFile(file)).plan, { actor: 'test', reason: 'test' });
});
afterEach(async () => {
  await t.drop();
});

describe('plan snapshot cache', () => {
  it('returns the same snapshot while nothing changed, equal to a fresh read', async () => {
    const first = await loadPlanSnapshot(t.db, 'borgo-test', 'pp-2022');
    const second = await loadPlanSnapshot(t.db, 'borgo-test', 'pp-2022');
    expect(second).toBe(first);
    expect(first).toEqual(await readPlanSnapshot(t.db, 'borgo-test', 'pp-2022'));
  });

  it('sees an answer another process recorded, and a plan it imported', async () => {
    const before = await loadPlanSnapshot(t.db, 'borgo-test', 'pp-2022');
    const other = t.open();
    try {
      const phase = await other.phase.findFirstOrThrow({ where: { objective: { code: before.objectives[0]!.code } }, orderBy: { position: 'asc' } });
      const ente = await other.ente.findUniqueOrThrow({ where: { code: 'borgo-test' } });
      await other.$transaction((tx) => recordProgress(tx, { phaseId: phase.id, asOf: '2022-10-14', pct: 40 }, { enteId: ente.id, by: 'rossi-a', channel: 'telegram', label: 'test' }));
      const after = await loadPlanSnapshot(t.db, 'borgo-test', 'pp-2022');
      expect(after).not.toBe(before);
      expect(after.phaseProgress.length).toBe(before.phaseProgress.length + 1);
      expect(after.phaseProgress.some((p) => p.phase === phase.code && p.pct === 40 && p.by === 'rossi-a')).toBe(true);

      const plan = (await readPlanFile(file)).plan;
      await importPlan(other, { ...plan, plan: { ...plan.plan, code: 'pp-2023', year: 2023, checkpoints: ['2023-07-31'] } }, { actor: 'test', reason: 'test' });
      expect(await latestPlanCode(t.db, 'borgo-test')).toBe('pp-2023');
    } finally {
      await other.$disconnect();
    }
  });

  it('hands out a frozen snapshot, so no caller can change what the next one reads', async () => {
    const snapshot = await loadPlanSnapshot(t.db, 'borgo-test', 'pp-2022');
    expect(() => snapshot.objectives.push(snapshot.objectives[0]!)).toThrow(TypeError);
    expect(() => snapshot.measurements.sort()).toThrow(TypeError);
  });
});
