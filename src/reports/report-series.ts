/**
 * The reports of a plan at each of its checkpoints up to a date, plus at that date: what the
 * Relazione exports show side by side ("raggiunto al 31/07", "raggiunto al 31/12"). Each column is
 * one `buildReport`, so every exported number is one `perfbot report --at <checkpoint>` prints.
 */
import type { IsoDate } from '../domain/plan.js';
import type { MeasurementRecord, PlanSnapshot, AssessmentRecord } from '../domain/plan-state.js';
import { latestOnOrBefore } from '../domain/pending-items.js';
import { responsibleOn } from '../domain/responsibility.js';
import { buildReport } from './report.js';
import type { Report } from './report-schema.js';

export interface ReportAt {
  checkpoint: IsoDate;
  report: Report;
}

/** The plan's checkpoints on or before `asOf`, then `asOf` itself (once), in date order. */
export function exportCheckpoints(checkpoints: IsoDate[], asOf: IsoDate): IsoDate[] {
  return [...new Set([...checkpoints.filter((c) => c <= asOf), asOf])].sort();
}

/** One report per export checkpoint; the last one is the report at `asOf`. */
export function reportSeries(snapshot: PlanSnapshot, asOf: IsoDate): ReportAt[] {
  return exportCheckpoints(snapshot.plan.checkpoints, asOf).map((checkpoint) => ({ checkpoint, report: buildReport(snapshot, checkpoint) }));
}

/**
 * The measurement a report entry shows at `asOf` (the same pick `buildReport` makes), for what
 * the report does not carry: the reporter's note.
 */
export function measurementAt(snapshot: PlanSnapshot, objective: string, indicator: string, asOf: IsoDate): MeasurementRecord | undefined {
  return latestOnOrBefore(
    snapshot.measurements.filter((m) => m.objective === objective && m.indicator === indicator),
    asOf,
  );
}

/** The assessment an objective's report entry is based on at `asOf`, for its notes. */
export function assessmentAt(snapshot: PlanSnapshot, objective: string, asOf: IsoDate): AssessmentRecord | undefined {
  return latestOnOrBefore(
    snapshot.assessments.filter((a) => a.objective === objective),
    asOf,
  );
}

/** A person's display name; the code when the person is unknown. */
export function personName(snapshot: PlanSnapshot, code: string | null | undefined): string | null {
  if (code === null || code === undefined) return null;
  return snapshot.people.find((p) => p.code === code)?.name ?? code;
}

/**
 * Who answers for an indicator on `asOf`: its reporter, else the objective's responsible that day
 * (plan-format.md: the reporter defaults to the responsible, then to the sector's dirigente).
 */
export function reporterOf(snapshot: PlanSnapshot, objective: string, reporter: string | null, asOf: IsoDate): string | null {
  if (reporter !== null) return reporter;
  const plan = snapshot.objectives.find((o) => o.code === objective);
  return plan ? (responsibleOn(snapshot, plan, asOf)?.person ?? null) : null;
}
