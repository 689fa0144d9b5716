/** What one dispatcher tick reads once per ente (and per local date) rather than once per message. */
import type { Db } from '../db/database.js';
import { latestPlanCode, loadPlanSnapshot } from '../db/plan-repository.js';
import { UNDELIVERED_LOOKBACK_DAYS, lastRemindersSent, undeliveredReminders, type UndeliveredReminder } from '../db/reminder-history.js';
import type { PlanSnapshot } from '../domain/plan-state.js';
import { addDays } from '../domain/calendar-date.js';
import type { Locale } from '../i18n/messages.js';
import { buildReport } from '../reports/report.js';
import type { Report } from '../reports/report-schema.js';
import type { SectorDigest } from '../reports/digest.js';
import { sectorTrend } from '../reports/sector-trend.js';


export class TickCache {
  private readonly snapshots = new Map<string, Promise<PlanSnapshot>>();
  private readonly reports = new Map<string, Report>();
  private readonly lastReminders = new Map<string, Promise<Map<string, string>>>();
  private readonly undelivered = new Map<string, Promise<UndeliveredReminder[]>>();
  private readonly charts = new Map<string, Promise<Buffer>>();

  constructor(private readonly db: Db) {}

  snapshot(ente: string): Promise<PlanSnapshot> {
    if (!this.snapshots.has(ente)) this.snapshots.set(ente, latestPlanCode(this.db, ente).then((plan) => loadPlanSnapshot(this.db, ente, plan)));
    return this.snapshots.get(ente)!;
  }

  report(snapshot: PlanSnapshot, asOf: string): Report {
    const key = `${snapshot.ente.code}@${asOf}`;
    if (!this.reports.has(key)) this.reports.set(key, buildReport(snapshot, asOf));
    return this.reports.get(key)!;
  }

  lastRemindersOf(ente: string): Promise<Map<string, string>> {
    if (!this.lastReminders.has(ente)) this.lastReminders.set(ente, lastRemindersSent(this.db, ente));
    return this.lastReminders.get(ente)!;
  }

  /** The reminders that failed for good in the week up to `asOf`, for the digests of that day. */
  undeliveredOf(ente: string, asOf: string): Promise<UndeliveredReminder[]> {
    const key = `${ente}@${asOf}`;
    if (!this.undelivered.has(key)) this.undelivered.set(key, undeliveredReminders(this.db, ente, addDays(asOf, -UNDELIVERED_LOOKBACK_DAYS), asOf));
    return this.undelivered.get(key)!;
  }

  /** A sector's chart is drawn once per tick and language, however many coordinators get it. */
  chart(digest: SectorDigest, snapshot: PlanSnapshot, locale: Locale): Promise<Buffer> {
    const key = `${snapshot.ente.code}/${digest.sector.code}@${digest.asOf}/${locale}`;
    if (!this.charts.has(key)) {
      // Loaded only when a port can show it: the chart stack (Vega, resvg) is heavy.
      this.charts.set(key, import('../reports/digest-chart.js').then(({ renderDigestChart }) => renderDigestChart(digest, locale, sectorTrend(snapshot, digest.sector.code, digest.asOf))));
    }
    return this.charts.get(key)!;
  }
}
