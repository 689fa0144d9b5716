/**
 * What is still to be answered at a date, and by whom: phases planned to have started that are
 * not reported complete nor reported since the current checkpoint, and indicators with no value
 * (or status) at the current checkpoint. The same list feeds the check-in, reminders and digests.
 */
import type { IndicatorPlan, IsoDate, PhasePlan } from './plan.js';
import type { ObjectiveState, PlanSnapshot, ProgressRecord } from './plan-state.js';
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

/** The recorded answers of a snapshot by subject, built once per snapshot (see answersOf). */
interface AnswerIndex {
  progress: PlanSnapshot['phaseProgress'];
  measurements: PlanSnapshot['measurements'];
  /** sizes when built: a snapshot whose arrays grew since is indexed again */
  sizes: [number, number];
  progressByPhase: Map<string, ProgressRecord[]>;
  /** `objective \0 indicator \0 asOf` of every measurement */
  measured: Set<string>;
}

const NONE: ProgressRecord[] = [];
const indexes = new WeakMap<PlanSnapshot['phaseProgress'], AnswerIndex>();

/**
 * The answers of a snapshot indexed by subject, so asking "is this item pending?" for every item
 * of a plan stays linear in the plan instead of scanning every answer per item. Keyed by the
 * snapshot's answer arrays (the same snapshot, the same index) and rebuilt when they changed.
 */
function answersOf(snapshot: PlanSnapshot): AnswerIndex {
  const { phaseProgress: progress, measurements } = snapshot;
  const known = indexes.get(progress);
  if (known && known.measurements === measurements && known.sizes[0] === progress.length && known.sizes[1] === measurements.length) return known;
  const progressByPhase = new Map<string, ProgressRecord[]>();
  for (const record of progress) {
    const key = `${record.objective}\u0000${record.phase}`;
    const list = progressByPhase.get(key);
    if (list) list.push(record);
    else progressByPhase.set(key, [record]);
  }
  const measured = new Set(measurements.map((m) => `${m.objective}\u0000${m.indicator}\u0000${m.asOf}`));
  const index: AnswerIndex = { progress, measurements, sizes: [progress.length, measurements.length], progressByPhase, measured };
  indexes.set(progress, index);
  return index;
}

/** The progress reports of one phase (current ones, in the snapshot's order). */
export function progressOf(snapshot: PlanSnapshot, objective: string, phase: string): ProgressRecord[] {
  return answersOf(snapshot).progressByPhase.get(`${objective}\u0000${phase}`) ?? NONE;
}

/** Whether a phase still needs a progress answer at the date. */
export function phaseIsPending(snapshot: PlanSnapshot, objective: ObjectiveState, phase: PhasePlan, asOf: IsoDate): boolean {
  if (phase.status === 'cancelled' || objective.status !== 'active') return false;
  // A phase is asked about once it is planned to have started (also when its year-end share is unknown).
  if (!plannedStarted(phase, asOf, snapshot.plan.year)) return false;
  const reports = progressOf(snapshot, objective.code, phase.code);
  const last = latestOnOrBefore(reports, asOf);
  if (!last) return true;
  if (last.pct >= 100) return false;
  const checkpoint = currentCheckpoint(snapshot.plan.checkpoints, asOf);
  return checkpoint !== null && last.asOf < checkpoint;
}

/** Whether an indicator still needs a value (or a status) at the checkpoint. */
export function indicatorIsPending(snapshot: PlanSnapshot, objective: ObjectiveState, indicator: IndicatorPlan, checkpoint: IsoDate): boolean {
  if (indicator.context || objective.status !== 'active') return false;
  return !answersOf(snapshot).measured.has(`${objective.code}\u0000${indicator.code}\u0000${checkpoint}`);
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
