/**
 * The demo plan `npm start` seeds so that a first run has something to show. It is imported only
 * into a database that holds no plan at all: a restart, or a database with the ente's own plans,
 * is never touched (an import on every start used to undo changes and add Segrate to production).
 */
import { DateTime } from 'luxon';
import type { PlanFile } from '../plan-file/schema.js';
import { readPlanFile } from '../plan-file/read.js';
import { shiftPlanToYear } from '../plan-file/year-shift.js';
import type { Db } from './database.js';
import { importPlan } from './plan-import.js';
import { seedIfStillEmpty } from './seed-race.js';

/** The PERFBOT_DEMO_PLAN value that disables seeding. */
export const DEMO_PLAN_OFF = 'off';

/**
 * The year PERFBOT_DEMO_YEAR asks the demo plan to be moved to: `current` is the year of `now` in
 * the demo plan's time zone (Europe/Rome), `original` none (seeded as written), or the year given.
 */
export function demoYear(setting: string, now: Date): number | undefined {
  if (setting === 'original') return undefined;
  if (setting === 'current') return DateTime.fromJSDate(now).setZone('Europe/Rome').year;
  return Number(setting);
}

/** What start did about the demo plan: imported it, or left the database as it was, and why. */
export type DemoPlanOutcome =
  | { seeded: true; plan: PlanFile }
  | { seeded: false; reason: 'off' | 'has-plans'; plans: number };

/**
 * Imports the demo plan file when seeding is on and the database has no plan; otherwise changes
 * nothing. With `year`, the plan is moved by whole years to that year first (plan-file/year-shift.ts),
 * so its monitoring dates, reminders and digests fall in the year of the demo; without it, it is
 * seeded as written. Two processes starting together on an empty database may both set out to
 * import; the one that loses the race sees the other's plan and reports it as kept (see seed-race.ts).
 */
export async function seedDemoPlan(db: Db, file: string, options: { year?: number } = {}): Promise<DemoPlanOutcome> {
  const plans = await db.plan.count();
  if (file === DEMO_PLAN_OFF) return { seeded: false, reason: 'off', plans };
  if (plans > 0) return { seeded: false, reason: 'has-plans', plans };
  const read = (await readPlanFile(file)).plan;
  const plan = options.year === undefined ? read : shiftPlanToYear(read, options.year);
  const moved = plan === read ? '' : `, moved from ${read.plan.year} to ${plan.plan.year}`;
  const imported = await seedIfStillEmpty(db, () => importPlan(db, plan, { actor: 'start', reason: `demo plan ${file} (empty database${moved})` }));
  if (!imported) return { seeded: false, reason: 'has-plans', plans: await db.plan.count() };
  return { seeded: true, plan };
}
