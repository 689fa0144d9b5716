/**
 * Benchmark (not a test): planning the reminders of a 60-day window, as the scheduler does on every
 * run (a fresh working calendar each time), for the generated 1,000-objective plan and for Segrate.
 * Run: npm run bench, or npx tsx bench/planning.bench.ts [--objectives 1000] [--runs 3].
 */
import path from 'node:path';
import { WorkingCalendar } from '../src/domain/calendar.js';
import type { PlanSnapshot } from '../src/domain/plan-state.js';
import { DEFAULT_REMINDER_SETTINGS } from '../src/domain/reminder-settings.js';
import { readPlanFile } from '../src/plan-file/read.js';
import { planReminders } from '../src/scheduler/plan-reminders.js';
import { generatePlan } from './generated-plan.js';
import { snapshotOfPlanFile } from './plan-snapshot.js';

function option(name: string, fallback: number): number {
  const at = process.argv.indexOf(name);
  return (at >= 0 ? Number(process.argv[at + 1]) : NaN) || fallback;
}

const size = option('--objectives', 1000);
const runs = option('--runs', 3);
const settings = DEFAULT_REMINDER_SETTINGS;

function measure(label: string, snapshot: PlanSnapshot, from: string, to: string): void {
  const times: number[] = [];
  let count = 0;
  for (let run = 0; run < runs; run++) {
    const calendar = new WorkingCalendar({ timezone: snapshot.ente.timezone, ...(snapshot.ente.patronDay ? { patronDay: snapshot.ente.patronDay } : {}), closures: settings.closures });
    const started = performance.now();
    count = planReminders({ snapshot, settings, calendar, from, to }).length;
    times.push(performance.now() - started);
  }
  const shown = times.map((ms) => `${(ms / 1000).toFixed(3)} s`).join(', ');
  console.log(`${label}, ${from} → ${to}: ${count} reminders; ${runs} runs: ${shown}`);
}

const segrate = snapshotOfPlanFile((await readPlanFile(path.resolve(import.meta.dirname, '..', 'examples', 'segrate-pdo-2022.json'))).plan);
measure(`planReminders, generated plan (${size} objectives)`, snapshotOfPlanFile(generatePlan(size)), '2022-06-01', '2022-07-30');
measure('planReminders, Segrate 2022 (34 objectives)', segrate, '2022-06-01', '2022-07-30');
measure('planReminders, Segrate 2022 (34 objectives)', segrate, '2022-10-15', '2022-12-13');
