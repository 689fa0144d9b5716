/**
 * The live demo (issue 14): the demo plan is seeded moved to the current year, so its monitoring
 * dates, reminders and digests fall in the year of the demo; PERFBOT_DEMO_YEAR=original seeds it as
 * written. Runs on PostgreSQL too when TEST_DATABASE_URL names one.
 */
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { demoYear, seedDemoPlan } from '../../src/db/demo-plan.js';
import { loadPlanSnapshot } from '../../src/db/plan-repository.js';
import { WorkingCalendar } from '../../src/domain/calendar.js';
import { DEFAULT_REMINDER_SETTINGS } from '../../src/domain/reminder-settings.js';
import { planReminders } from '../../src/scheduler/plan-reminders.js';
import { readPlanFile } from '../../src/plan-file/read.js';
import { shiftIsoDate, shiftPlanToYear } from '../../src/plan-file/year-shift.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';

const SEGRATE = path.resolve(import.meta.dirname, '..', '..', 'examples', 'segrate-pdo-2022.json');
let t: TestDatabase;
beforeEach(async () => {
  t = await createTestDatabase();
});
afterEach(async () => {
  await t.drop();
});

describe('the demo plan moved to the year of the demo', () => {
  it('moves every date by whole years, 29 February included, and the plan year, title and horizons with them', async () => {
    expect(shiftIsoDate('2024-02-29', 2)).toBe('2026-02-28');
    expect(shiftIsoDate('2024-02-29', 4)).toBe('2028-02-29');
    expect(shiftIsoDate('2022-03', 4)).toBe('2026-03');
    expect(shiftIsoDate('non una data', 4)).toBe('non una data');
    const { plan } = await readPlanFile(SEGRATE);
    const moved = shiftPlanToYear(plan, 2026);
    expect(moved.plan).toMatchObject({ code: 'pdo-2022', year: 2026, checkpoints: ['2026-07-31', '2026-12-31'] });
    expect(moved.plan.title).toContain('2026-2028');
    expect(JSON.stringify(moved.objectives)).not.toMatch(/"2022-\d\d(-\d\d)?"/);
    expect(moved.objectives.find((o) => o.code === 'INT-1')?.phases[0]?.monthly).toEqual({ '2026-01': 50, '2026-02': 50 });
    expect(new Set(moved.objectives.map((o) => (o as { horizon?: string }).horizon).filter(Boolean))).not.toContain('2022-2024');
  });

  it('seeds the moved plan into an empty database, so reminders fall in the year of the demo', async () => {
    expect(demoYear('current', new Date('2026-12-31T23:30:00Z'))).toBe(2027);
    expect(demoYear('original', new Date())).toBeUndefined();
    expect(demoYear('2025', new Date())).toBe(2025);
    const outcome = await seedDemoPlan(t.db, SEGRATE, { year: 2026 });
    expect(outcome.seeded).toBe(true);
    const snapshot = await loadPlanSnapshot(t.db, 'segrate', 'pdo-2022');
    expect(snapshot.plan.year).toBe(2026);
    expect(snapshot.plan.checkpoints).toEqual(['2026-07-31', '2026-12-31']);
    const planned = planReminders({ snapshot, settings: DEFAULT_REMINDER_SETTINGS, calendar: new WorkingCalendar({}), from: '2026-08-01', to: '2026-08-31' });
    expect(planned.filter((r) => r.kind === 'checkpoint' && r.reason.checkpoint === '2026-07-31').length).toBeGreaterThan(10);
  });

  it('seeds the plan as written when asked for the original', async () => {
    await seedDemoPlan(t.db, SEGRATE);
    const snapshot = await loadPlanSnapshot(t.db, 'segrate', 'pdo-2022');
    expect(snapshot.plan.checkpoints).toEqual(['2022-07-31', '2022-12-31']);
  });
});
