/**
 * One scale benchmark in its own process (so its peak memory is its own): imports a generated plan
 * into a fresh database, then measures reading it, the report, one sector's digest and reminder
 * planning. Prints one `BENCH {…}` line. Run by bench/all.ts; by hand:
 * npx tsx bench/scale.child.ts --objectives 10000 [--answered] [--skip-planning] [--only-planning]
 */
import { openDb } from '../src/db/open-db.js';
import { importPlan } from '../src/db/plan-import.js';
import { loadPlanSnapshot, readPlanSnapshot } from '../src/db/plan-repository.js';
import { loadReminderSettings } from '../src/db/settings-store.js';
import { generatePlan } from '../src/plan-file/generate.js';
import { buildReport } from '../src/reports/report.js';
import { renderReportText } from '../src/reports/report-text.js';
import { buildSectorDigest } from '../src/reports/digest.js';
import { buildSectorReport } from '../src/reports/sector-report.js';
import { renderDigestText } from '../src/reports/digest-text.js';
import { pendingItems } from '../src/domain/pending-items.js';
import { WorkingCalendar } from '../src/domain/calendar.js';
import { planReminders } from '../src/scheduler/plan-reminders.js';
import { ReminderScheduler } from '../src/scheduler/reminder-scheduler.js';
import type { Dispatcher } from '../src/scheduler/dispatch.js';
import { createBenchDatabase, emit, option, peakRssMb, timed } from './bench-db.js';

const objectives = option('--objectives', 1000);
const answered = process.argv.includes('--answered');
const onlyPlanning = process.argv.includes('--only-planning');
const skipPlanning = process.argv.includes('--skip-planning');
const AT = '2022-07-31';
/** Planning starts the week before the first monitoring date: every phase and indicator has its ladder in the window. */
const PLAN_CLOCK = new Date('2022-07-25T06:00:00Z');
/** pendingItems runs this many times in its step (see there). */
const PENDING_REPEATS = 20;

const database = await createBenchDatabase();
const db = openDb(database.url);
const out: Record<string, unknown> = { objectives, answered, database: database.provider };
const step = (name: string, t: { wallMs: number; cpuMs: number }, extra: Record<string, unknown> = {}) => {
  out[name] = { wallMs: Math.round(t.wallMs), cpuMs: Math.round(t.cpuMs), ...extra };
};
try {
  const plan = generatePlan(objectives, 10, { answered });
  const first = await timed(() => importPlan(db, plan, { actor: 'bench', reason: 'bench' }));
  step('import', first, { peakRssMb: Math.round(peakRssMb()) });
  if (!onlyPlanning) {
    step('reimport', await timed(() => importPlan(db, plan, { actor: 'bench', reason: 'bench' })));
    const cold = await timed(() => readPlanSnapshot(db, 'bench', 'pp-2022'));
    step('snapshotRead', cold);
    await loadPlanSnapshot(db, 'bench', 'pp-2022');
    step('snapshotCached', await timed(() => loadPlanSnapshot(db, 'bench', 'pp-2022')));
    const snapshot = cold.value;
    // A few milliseconds a call: warmed up, then timed over repeats, or the growth exponent measures the JIT.
    pendingItems(snapshot, '2022-08-02');
    step('pendingItems', await timed(() => {
      for (let i = 0; i < PENDING_REPEATS; i++) pendingItems(snapshot, '2022-08-02');
    }), { repeats: PENDING_REPEATS });
    step('reportBuild', await timed(() => buildReport(snapshot, AT)));
    const names = { ente: snapshot.ente.name, plan: snapshot.plan.title, people: new Map(snapshot.people.map((p) => [p.code, p.name])) };
    step('report', await timed(async () => {
      const fresh = await readPlanSnapshot(db, 'bench', 'pp-2022');
      return renderReportText(buildReport(fresh, AT), fresh, 'it');
    }));
    // A sector's digest needs only that sector's report (src/reports/sector-report.ts).
    const digest = async (load: () => Promise<typeof snapshot>) => {
      const s = await load();
      const report = buildSectorReport(s, 'S1', AT);
      return renderDigestText(buildSectorDigest(report, s, 'S1'), names.people, 'it');
    };
    // Cold: only the sector's objectives come from the database (what loadSectorSnapshot reads when the plan is not cached).
    step('digestCold', await timed(() => digest(() => readPlanSnapshot(db, 'bench', 'pp-2022', 'S1'))));
    step('digestCached', await timed(() => digest(() => loadPlanSnapshot(db, 'bench', 'pp-2022'))));
  }
  if (!skipPlanning) {
    const snapshot = await readPlanSnapshot(db, 'bench', 'pp-2022');
    const settings = await loadReminderSettings(db, 'bench');
    const calendar = new WorkingCalendar({ timezone: snapshot.ente.timezone, closures: settings.closures });
    step('planRemindersPure', await timed(() => planReminders({ snapshot, settings, calendar, from: '2022-07-25', to: '2022-09-23' })));
    const scheduler = new ReminderScheduler({ db, dispatcher: {} as Dispatcher, clock: () => PLAN_CLOCK });
    const planned = await timed(() => scheduler.planEnte('bench'));
    step('planning', planned, { rows: planned.value.created });
    // The same process planning the same inputs again (same data version and window) skips.
    const again = await timed(() => scheduler.planEnte('bench'));
    step('replanning', again, { unchanged: again.value.unchanged, skipped: again.value.skipped === true });
    // A restarted process has nothing to skip on: it plans and compares every row with the database.
    const restarted = new ReminderScheduler({ db, dispatcher: {} as Dispatcher, clock: () => PLAN_CLOCK });
    const compared = await timed(() => restarted.planEnte('bench'));
    step('replanningCompared', compared, { unchanged: compared.value.unchanged, created: compared.value.created });
  }
  out.peakRssMb = Math.round(peakRssMb());
  emit(out);
} finally {
  await db.$disconnect();
  await database.drop();
}
