/**
 * A plan with everything reported on it, as read from storage: the input of scoring, reports,
 * digests and exports. Plain data; only current (not superseded) reports are included.
 */
import type { AssessmentStatus, EntePlan, IndicatorPlan, IsoDate, ObjectivePlan, OrgUnitPlan, PersonPlan, RoleAssignment, ScoringSettings } from './plan.js';
import type { TargetField } from './target-spec.js';
import type { MeasuredValue, MeasurementStatus } from './measured-value.js';

export interface IndicatorState extends IndicatorPlan {
  /** The target as parsed at import (admins may correct its direction); absent when no target. */
  targetField?: TargetField;
}

export interface ObjectiveState extends Omit<ObjectivePlan, 'indicators'> {
  indicators: IndicatorState[];
}

export interface MeasurementRecord {
  objective: string;
  indicator: string;
  asOf: IsoDate;
  raw: string;
  value: MeasuredValue | null;
  status: MeasurementStatus;
  note?: string;
  by?: string;
  onBehalfOf?: string;
  channel: string;
  /** ISO instant the value was stored. */
  recordedAt: string;
}

export interface ProgressRecord {
  objective: string;
  phase: string;
  asOf: IsoDate;
  pct: number;
  note?: string;
  by?: string;
  onBehalfOf?: string;
  channel: string;
  recordedAt: string;
}

export interface AssessmentRecord {
  objective: string;
  asOf: IsoDate;
  kind: 'intermediate' | 'final';
  pct?: number;
  status: AssessmentStatus;
  note?: string;
  oivNote?: string;
  by?: string;
  recordedAt: string;
}

export interface PlanHeader {
  code: string;
  title: string;
  year: number;
  checkpoints: IsoDate[];
  /** Checkpoints an administrator has closed: answers for them can no longer be changed. */
  closedCheckpoints?: IsoDate[];
  /** Effective settings (defaults applied). */
  scoring: ScoringSettings;
  /** The settings as written in the plan file, for a faithful export. */
  scoringDeclared: Partial<Pick<ScoringSettings, 'sector' | 'notReportedPct' | 'objective' | 'phaseBlend'>>;
  /** Known inconsistencies of the source the plan file acknowledges (plan-format.md), for a faithful export. */
  acknowledgedWarnings?: Array<{ code: string; subject: string; value?: number; reason: string }>;
}

export interface PlanSnapshot {
  ente: EntePlan;
  plan: PlanHeader;
  orgUnits: OrgUnitPlan[];
  people: PersonPlan[];
  roles: RoleAssignment[];
  objectives: ObjectiveState[];
  measurements: MeasurementRecord[];
  phaseProgress: ProgressRecord[];
  assessments: AssessmentRecord[];
}
