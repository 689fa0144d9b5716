/**
 * The reminder service: plans every ente's reminders and weekly digests into rows (on start,
 * daily, and after an import or a settings change) and, every minute, recovers abandoned claims
 * and dispatches what is due. Ticks come from node-cron; what is due is decided by the rows'
 * instants, never by the server's local time.
 */
import cron from 'node-cron';
import { DateTime } from 'luxon';
import type { Db } from '../db/database.js';
import { latestPlanCode, loadPlanSnapshot } from '../db/plan-repository.js';
import { loadReminderSettings } from '../db/settings-store.js';
import { planDataVersion } from '../db/plan-snapshot-cache.js';
import { syncReminders, type SyncResult } from '../db/reminder-store.js';
import { WorkingCalendar } from '../domain/calendar.js';
import { planReminders } from './plan-reminders.js';
import { planDigests } from './plan-digests.js';
import type { Dispatcher } from './dispatch.js';

export interface SchedulerOptions {
  db: Db;
  dispatcher: Dispatcher;
  clock: () => Date;
  /** how far ahead rows are planned */
  horizonDays?: number;
  onError?: (error: unknown) => void;
}

/** Audited changes that alter what is planned (not answers: those cancel their reminders directly). */
const PLAN_ENTITIES = ['Ente', 'Plan', 'OrgUnit', 'Person', 'Absence', 'RoleAssignment', 'Objective', 'ObjectiveOrgUnits', 'Phase', 'Indicator', 'ReminderSettings'];

export class ReminderScheduler {
  private tasks: Array<{ stop: () => unknown }> = [];
  private running: Promise<unknown> = Promise.resolve();
  /** the last plan change already planned for (audit log id) */
  private plannedUpTo = 0;
  /** per ente, what its last successful planning read (data version, plan, window) and how many rows it planned */
  private readonly lastPlanned = new Map<string, { inputs: string; rows: number }>();

  constructor(private readonly options: SchedulerOptions) {}

  /**
   * Plans one ente's reminders and digests from today (its local date) to the horizon. Skipped when
   * this process has already planned the same window at the same data version: every change planning
   * reads (plan, people, absences, roles, answers, settings) writes an audit row in its transaction,
   * so an unchanged newest audit id means the planners would plan the same rows, and the sync would
   * find them all in place.
   */
  async planEnte(enteCode: string): Promise<SyncResult> {
    const { db, clock } = this.options;
    // Read before what it versions: a change landing meanwhile only makes the next run plan again.
    const version = await planDataVersion(db);
    const snapshot = await loadPlanSnapshot(db, enteCode, await latestPlanCode(db, enteCode), version);
    const settings = await loadReminderSettings(db, enteCode);
    const calendar = new WorkingCalendar({ timezone: snapshot.ente.timezone, ...(snapshot.ente.patronDay ? { patronDay: snapshot.ente.patronDay } : {}), closures: settings.closures });
    const from = calendar.localDateOf(clock());
    const to = DateTime.fromISO(from).plus({ days: this.options.horizonDays ?? 60 }).toISODate() as string;
    const inputs = `${version}|${snapshot.plan.code}|${from}|${to}`;
    const last = this.lastPlanned.get(enteCode);
    if (last?.inputs === inputs) return { created: 0, cancelled: 0, unchanged: last.rows, skipped: true };
    const ente = await db.ente.findUniqueOrThrow({ where: { code: enteCode } });
    const input = { snapshot, settings, calendar, from, to };
    const planned = [...planReminders(input), ...planDigests(input)];
    const result = await syncReminders(db, ente.id, planned, { from, to });
    this.lastPlanned.set(enteCode, { inputs, rows: planned.length });
    return result;
  }

  async planAll(): Promise<void> {
    this.plannedUpTo = await this.latestPlanChange();
    for (const ente of await this.options.db.ente.findMany({ where: { plans: { some: {} } } })) await this.planEnte(ente.code);
  }

  private async latestPlanChange(): Promise<number> {
    const row = await this.options.db.auditLog.findFirst({ where: { entity: { in: PLAN_ENTITIES } }, orderBy: { id: 'desc' }, select: { id: true } });
    return row?.id ?? 0;
  }

  /** One minute's work: re-plan if the plan changed (an import by another process), finish abandoned claims, send what is due. */
  async tick(): Promise<number> {
    if ((await this.latestPlanChange()) > this.plannedUpTo) await this.planAll();
    await this.options.dispatcher.recover();
    return this.options.dispatcher.tick();
  }

  /** Plans once right away, then starts the minute ticker and the daily planning. */
  async start(): Promise<void> {
    await this.planAll();
    this.schedule();
  }

  /** The node-cron tasks: a tick every minute and planning at 00:05 UTC; a tick never overlaps the previous one. */
  schedule(): void {
    const guard = (work: () => Promise<unknown>) => () => {
      // Never overlap: a slow tick makes the next one wait instead of running twice at once.
      this.running = this.running.then(work).catch((error: unknown) => this.options.onError?.(error));
    };
    this.tasks.push(cron.schedule('* * * * *', guard(() => this.tick()), { timezone: 'UTC' }));
    this.tasks.push(cron.schedule('5 0 * * *', guard(() => this.planAll()), { timezone: 'UTC' }));
  }

  async stop(): Promise<void> {
    for (const task of this.tasks) task.stop();
    this.tasks = [];
    await this.running;
  }
}
