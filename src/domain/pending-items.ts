/**
 * What is still to be answered at a date, and by whom: phases planned to have started that are
 * not reported complete nor reported since the current checkpoint, and indicators with no value
 * (or status) at the current checkpoint. The same list feeds the check-in, reminders and digests.
 */
import type { IndicatorPlan, IsoDate, PhasePlan } from './plan.js';
import type { ObjectiveState, PlanSnapshot } from './plan-state.js';
import { plannedStarted } from './phase-schedule.js';
import { whoIsAsked, type Asked } from './responsibility.js';

export interface PendingItem {
  kind: 'phase' | 'indicator';
  objective: string;
  code: string;
  /** the date the answer is "as at": the checkpoint for indicators, the reporting date for phases */
  asOf: IsoDate;
  asked: Asked;
}

/** The latest record on or before `asOf` (ties broken by recording time). */
export function latestOnOrBefore<T extends { asOf: IsoDate; recordedAt: string }>(records: T[], asOf: IsoDate): T | undefined {
  let best: T | undefined;
  for (const record of records) {
    if (record.asOf > asOf) continue;
    if (!best || record.asOf > best.asOf || (record.asOf === best.asOf && record.recordedAt > best.recordedAt)) best = record;
  }
  return best;
}

/** The checkpoint a date belongs to: the latest monitoring date on or before it. */
export function currentCheckpoint(checkpoints: IsoDate[], asOf: IsoDate): IsoDate | null {
  return [...checkpoints].sort().filter((c) => c <= asOf).at(-1) ?? null;
}

/** Whether a phase still needs a progress answer at the date. */
export function phaseIsPending(snapshot: PlanSnapshot, objective: ObjectiveState, phase: PhasePlan, asOf: IsoDate): boolean {
  if (phase.status === 'cancelled' || objective.status !== 'active') return false;
  // A phase is asked about once it is planned to have started (also when its year-end share is unknown).
  if (!plannedStarted(phase, asOf, snapshot.plan.year)) return false;
  const reports = snapshot.phaseProgress.filter((p) => p.objective === objective.code && p.phase === phase.code);
  const last = latestOnOrBefore(reports, asOf);
  if (!last) return true;
  if (last.pct >= 100) return false;
  const checkpoint = currentCheckpoint(snapshot.plan.checkpoints, asOf);
  return checkpoint !== null && last.asOf < checkpoint;
}

/** Whether an indicator still needs a value (or a status) at the checkpoint. */
export function indicatorIsPending(snapshot: PlanSnapshot, objective: ObjectiveState, indicator: IndicatorPlan, checkpoint: IsoDate): boolean {
  if (indicator.context || objective.status !== 'active') return false;
  return !snapshot.measurements.some((m) => m.objective === objective.code && m.indicator === indicator.code && m.asOf === checkpoint);
}

/**
 * Every pending item at `asOf` with who is asked about it, in plan order (grouped by objective).
 * `askedOn` is the day the question is put (roles and absences on that day decide who answers);
 * it defaults to `asOf`.
 */
export function pendingItems(snapshot: PlanSnapshot, asOf: IsoDate, askedOn: IsoDate = asOf): PendingItem[] {
  const checkpoint = currentCheckpoint(snapshot.plan.checkpoints, asOf);
  const items: PendingItem[] = [];
  for (const objective of snapshot.objectives) {
    for (const phase of objective.phases) {
      if (!phaseIsPending(snapshot, objective, phase, asOf)) continue;
      const asked = whoIsAsked({ org: snapshot, objective, phase, date: askedOn });
      if (asked) items.push({ kind: 'phase', objective: objective.code, code: phase.code, asOf, asked });
    }
    if (checkpoint === null) continue;
    for (const indicator of objective.indicators) {
      if (!indicatorIsPending(snapshot, objective, indicator, checkpoint)) continue;
      const asked = whoIsAsked({ org: snapshot, objective, indicator, date: askedOn });
      if (asked) items.push({ kind: 'indicator', objective: objective.code, code: indicator.code, asOf: checkpoint, asked });
    }
  }
  return items;
}
