/**
 * Turns the plan's rows (plan-snapshot-rows.ts: arrays of cells) into the snapshot's objectives and
 * reported values in one pass: each domain object is built once, optional fields set only when the
 * row has them, in the key order the snapshot has always had (exports and reports serialize these
 * objects). At 10,000 objectives the intermediate objects and spreads of a row-then-domain mapping
 * were most of the read's garbage.
 */
import type { IndicatorKind, IndicatorUnit, ObjectiveStatus, PhaseStatus, Priority, AssessmentStatus } from '../domain/plan.js';
import type { AssessmentRecord, IndicatorState, MeasurementRecord, ObjectiveState, ProgressRecord } from '../domain/plan-state.js';
import type { MeasuredValue, MeasurementStatus } from '../domain/measured-value.js';
import type { TargetField } from '../domain/target-spec.js';
import { ASSESSMENT, INDICATOR, MEASUREMENT, OBJECTIVE, OBJECTIVE_UNIT, PHASE, PROGRESS, type Cells, type PlanRows } from './plan-snapshot-rows.js';

/** Groups rows by a numeric cell, keeping their order. */
function byParent(rows: Cells[], cell: number): Map<number, Cells[]> {
  const map = new Map<number, Cells[]>();
  for (const row of rows) {
    const key = row[cell] as number;
    const list = map.get(key);
    if (list) list.push(row);
    else map.set(key, [row]);
  }
  return map;
}

type Target = Record<string, unknown>;

/** Sets `target[key]` when the cell holds a value (SQL NULL is an absent field in the snapshot). */
function put(target: Target, key: string, value: unknown): void {
  if (value !== null && value !== undefined) target[key] = value;
}

/** What the objectives need to resolve ids into codes. */
export interface CodeMaps {
  unitCode: Map<number, string>;
  personCode: Map<number, string>;
}

export interface SnapshotObjectives {
  objectives: ObjectiveState[];
  measurements: MeasurementRecord[];
  phaseProgress: ProgressRecord[];
  assessments: AssessmentRecord[];
}

function phaseOf(row: Cells, people: Map<number, string>): ObjectiveState['phases'][number] {
  const P = PHASE.at;
  const phase: Target = { code: row[P.code], title: row[P.title] };
  put(phase, 'parent', row[P.parentCode]);
  put(phase, 'weight', row[P.weight]);
  phase.status = row[P.status] as PhaseStatus;
  put(phase, 'indicators', row[P.indicatorCodes]);
  put(phase, 'owner', row[P.ownerId] === null ? undefined : people.get(row[P.ownerId] as number));
  put(phase, 'start', row[P.startDate]);
  put(phase, 'end', row[P.endDate]);
  put(phase, 'priorPct', row[P.priorPct]);
  put(phase, 'monthly', row[P.monthly]);
  put(phase, 'marks', row[P.marks]);
  put(phase, 'laterPct', row[P.laterPct]);
  if (row[P.continuesLater] === true) phase.continuesLater = true;
  put(phase, 'printedTargets', row[P.printedTargets]);
  return phase as unknown as ObjectiveState['phases'][number];
}

function indicatorOf(row: Cells, people: Map<number, string>): IndicatorState {
  const I = INDICATOR.at;
  const indicator: Target = { code: row[I.code], name: row[I.name] };
  put(indicator, 'kind', row[I.kind] as IndicatorKind | null);
  put(indicator, 'unit', row[I.unit] as IndicatorUnit | null);
  put(indicator, 'weight', row[I.weight]);
  put(indicator, 'direction', row[I.direction]);
  put(indicator, 'target', row[I.targetRaw]);
  put(indicator, 'targets', row[I.checkpointTargets]);
  put(indicator, 'baseline', row[I.baseline]);
  indicator.context = row[I.context];
  put(indicator, 'reporter', row[I.reporterId] === null ? undefined : people.get(row[I.reporterId] as number));
  const stored = row[I.target] as Omit<TargetField, 'raw'> | null;
  if (stored && row[I.targetRaw] !== null) indicator.targetField = { raw: row[I.targetRaw], ...stored };
  return indicator as unknown as IndicatorState;
}

/** The snapshot's objectives and their current reported values, listed objective by objective (phases, indicators, then their values by date). */
export function snapshotObjectives(rows: PlanRows, codes: CodeMaps): SnapshotObjectives {
  const O = OBJECTIVE.at;
  const linksOf = byParent(rows.links, OBJECTIVE_UNIT.at.objectiveId);
  const phasesOf = byParent(rows.phases, PHASE.at.objectiveId);
  const indicatorsOf = byParent(rows.indicators, INDICATOR.at.objectiveId);
  const progressOf = byParent(rows.progress, PROGRESS.at.phaseId);
  const measurementsOf = byParent(rows.measurements, MEASUREMENT.at.indicatorId);
  const assessmentsOf = byParent(rows.assessments, ASSESSMENT.at.objectiveId);
  const { unitCode, personCode } = codes;
  const result: SnapshotObjectives = { objectives: [], measurements: [], phaseProgress: [], assessments: [] };
  for (const row of rows.objectives) {
    const id = row[O.id] as number;
    const code = row[O.code] as string;
    const objective: Target = { code, title: row[O.title] };
    put(objective, 'description', row[O.description]);
    objective.orgUnits = (linksOf.get(id) ?? []).map((l) => unitCode.get(l[OBJECTIVE_UNIT.at.orgUnitId] as number) as string);
    objective.transversal = row[O.transversal];
    put(objective, 'responsible', row[O.responsibleId] === null ? undefined : personCode.get(row[O.responsibleId] as number));
    put(objective, 'politicalReferent', row[O.politicalReferentId] === null ? undefined : personCode.get(row[O.politicalReferentId] as number));
    put(objective, 'assigneeText', row[O.assigneeText]);
    put(objective, 'horizon', row[O.horizon]);
    put(objective, 'purpose', row[O.purpose]);
    put(objective, 'budgetLink', row[O.budgetLink]);
    put(objective, 'weight', row[O.weight]);
    put(objective, 'priority', row[O.priority] as Priority | null);
    objective.status = row[O.status] as ObjectiveStatus;
    put(objective, 'strategicLink', row[O.strategicLink]);
    const phaseRows = phasesOf.get(id) ?? [];
    const indicatorRows = indicatorsOf.get(id) ?? [];
    objective.phases = phaseRows.map((p) => phaseOf(p, personCode));
    objective.indicators = indicatorRows.map((i) => indicatorOf(i, personCode));
    result.objectives.push(objective as unknown as ObjectiveState);
    for (const i of indicatorRows) {
      for (const m of measurementsOf.get(i[INDICATOR.at.id] as number) ?? []) result.measurements.push(measurementOf(m, code, i[INDICATOR.at.code] as string));
    }
    for (const p of phaseRows) {
      for (const r of progressOf.get(p[PHASE.at.id] as number) ?? []) result.phaseProgress.push(progressRecordOf(r, code, p[PHASE.at.code] as string));
    }
    for (const a of assessmentsOf.get(id) ?? []) result.assessments.push(assessmentOf(a, code));
  }
  return result;
}

function measurementOf(row: Cells, objective: string, indicator: string): MeasurementRecord {
  const M = MEASUREMENT.at;
  const record: Target = { objective, indicator, asOf: row[M.asOf], raw: row[M.raw], value: (row[M.parsed] as MeasuredValue | null) ?? null, status: row[M.status] as MeasurementStatus };
  put(record, 'note', row[M.note]);
  put(record, 'by', row[M.byCode]);
  put(record, 'onBehalfOf', row[M.onBehalfOf]);
  record.channel = row[M.channel];
  record.recordedAt = row[M.recordedAt];
  return record as unknown as MeasurementRecord;
}

function progressRecordOf(row: Cells, objective: string, phase: string): ProgressRecord {
  const R = PROGRESS.at;
  const record: Target = { objective, phase, asOf: row[R.asOf], pct: row[R.pct] };
  put(record, 'note', row[R.note]);
  put(record, 'by', row[R.byCode]);
  put(record, 'onBehalfOf', row[R.onBehalfOf]);
  record.channel = row[R.channel];
  record.recordedAt = row[R.recordedAt];
  return record as unknown as ProgressRecord;
}

function assessmentOf(row: Cells, objective: string): AssessmentRecord {
  const A = ASSESSMENT.at;
  const record: Target = { objective, asOf: row[A.asOf], kind: row[A.kind] as 'intermediate' | 'final' };
  put(record, 'pct', row[A.pct]);
  record.status = row[A.status] as AssessmentStatus;
  put(record, 'note', row[A.note]);
  put(record, 'oivNote', row[A.oivNote]);
  put(record, 'by', row[A.byCode]);
  record.recordedAt = row[A.recordedAt];
  return record as unknown as AssessmentRecord;
}
