/**
 * The demo plan `npm start` seeds so that a first run has something to show. It is imported only
 * into a database that holds no plan at all: a restart, or a database with the ente's own plans,
 * is never touched (an import on every start used to undo changes and add Segrate to production).
 */
import type { PlanFile } from '../plan-file/schema.js';
import { readPlanFile } from '../plan-file/read.js';
import type { Db } from './database.js';
import { importPlan } from './plan-import.js';
import { seedIfStillEmpty } from './seed-race.js';

/** The PERFBOT_DEMO_PLAN value that disables seeding. */
export const DEMO_PLAN_OFF = 'off';

/** What start did about the demo plan: imported it, or left the database as it was, and why. */
export type DemoPlanOutcome =
  | { seeded: true; plan: PlanFile }
  | { seeded: false; reason: 'off' | 'has-plans'; plans: number };

/**
 * Imports the demo plan file when seeding is on and the database has no plan; otherwise changes
 * nothing. Two processes starting together on an empty database may both set out to import; the
 * one that loses the race sees the other's plan and reports it as kept (see seed-race.ts).
 */
export async function seedDemoPlan(db: Db, file: string): Promise<DemoPlanOutcome> {
  const plans = await db.plan.count();
  if (file === DEMO_PLAN_OFF) return { seeded: false, reason: 'off', plans };
  if (plans > 0) return { seeded: false, reason: 'has-plans', plans };
  const { plan } = await readPlanFile(file);
  const imported = await seedIfStillEmpty(db, () => importPlan(db, plan, { actor: 'start', reason: `demo plan ${file} (empty database)` }));
  if (!imported) return { seeded: false, reason: 'has-plans', plans: await db.plan.count() };
  return { seeded: true, plan };
}
