/**
 * A plan above SQLite's old limit (≈ 5,460 objectives, when every phase and indicator id went into
 * one query): import, snapshot, report, a sector's digest and reminder planning all work at 6,000.
 * No timing is asserted: the bench measures time (npm run bench).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importPlan } from '../../src/db/plan-import.js';
import { loadPlanSnapshot } from '../../src/db/plan-repository.js';
import { generatePlan } from '../../src/plan-file/generate.js';
import { buildReport } from '../../src/reports/report.js';
import { buildSectorDigest } from '../../src/reports/digest.js';
import { ReminderScheduler } from '../../src/scheduler/reminder-scheduler.js';
import type { Dispatcher } from '../../src/scheduler/dispatch.js';
import type { PlanSnapshot } from '../../src/domain/plan-state.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';

const SIZE = 6000;
let t: TestDatabase;
let snapshot: PlanSnapshot;

beforeAll(async () => {
  t = await createTestDatabase();
  await importPlan(t.db, generatePlan(SIZE, 10), { actor: 'test', reason: 'test' });
  snapshot = await loadPlanSnapshot(t.db, 'bench', 'pp-2022');
}, 900_000);
afterAll(async () => {
  await t.drop();
});

describe(`a plan of ${SIZE.toLocaleString('en')} objectives`, () => {
  it('reads back whole: every objective with its phases and indicators, in plan order', () => {
    expect(snapshot.objectives).toHaveLength(SIZE);
    expect(snapshot.objectives.flatMap((o) => o.phases)).toHaveLength(SIZE * 6);
    expect(snapshot.objectives.flatMap((o) => o.indicators)).toHaveLength(SIZE * 4);
    expect(snapshot.objectives.at(-1)).toMatchObject({ code: `OB-${SIZE}`, orgUnits: [`S${((SIZE - 1) % 10) + 1}`] });
  });

  it('reports every sector and builds one sector’s digest', () => {
    const report = buildReport(snapshot, '2022-07-31');
    expect(report.objectives).toHaveLength(SIZE);
    expect(report.sectors.map((s) => s.objectives)).toEqual(Array(10).fill(SIZE / 10));
    const digest = buildSectorDigest(report, snapshot, 'S1');
    expect(digest.objectives).toHaveLength(SIZE / 10);
    expect(digest.pending.reduce((sum, p) => sum + p.items, 0)).toBe(report.sectors[0]!.pending.reduce((sum, p) => sum + p.items, 0));
  });

  it('plans its reminders, and planning again changes nothing', async () => {
    const scheduler = new ReminderScheduler({ db: t.db, dispatcher: {} as Dispatcher, clock: () => new Date('2022-07-25T06:00:00Z') });
    const first = await scheduler.planEnte('bench');
    expect(first.created).toBeGreaterThan(SIZE);
    expect(await t.db.reminder.count()).toBe(first.created);
    // Another scheduler (a restart): the same one would skip inputs it has planned already.
    const again = await new ReminderScheduler({ db: t.db, dispatcher: {} as Dispatcher, clock: () => new Date('2022-07-25T06:00:00Z') }).planEnte('bench');
    expect(again).toEqual({ created: 0, cancelled: 0, unchanged: first.created });
  }, 900_000);
});
