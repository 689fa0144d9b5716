/**
 * The plan as the domain sees it: plain data, no database or chat types.
 * Field names follow the plan file format (plan-format.md) so import, scoring and export share one shape.
 */

/** A calendar date `YYYY-MM-DD` in the ente's time zone. */
export type IsoDate = string;
/** A calendar month `YYYY-MM` in the ente's time zone. */
export type IsoMonth = string;

export type ObjectiveStatus = 'active' | 'postponed' | 'not_assessable' | 'cancelled';
export type PhaseStatus = 'active' | 'cancelled';
export type Priority = 'alta' | 'media' | 'bassa';
export type IndicatorKind = 'quantita' | 'tempo' | 'costo' | 'qualita' | 'efficacia' | 'efficienza';
export type IndicatorUnit = 'percent' | 'count' | 'eur' | 'days' | 'date' | 'bool' | 'text';
export type RoleName =
  | 'admin'
  | 'coordinator'
  | 'dirigente'
  | 'responsabile'
  | 'referente_politico'
  | 'reporter'
  | 'oiv';

/** Final/intermediate evaluation classes (003 vocabulary) plus the flags that exclude or default a score. */
export type AssessmentStatus =
  | 'on_track'
  | 'actions_started'
  | 'immediate_actions'
  | 'not_assessable'
  | 'postponed'
  | 'not_reported';

/** Status class of an objective computed from numbers (P10). */
export type StatusClass = 'on_track' | 'actions_started' | 'immediate_actions';

export interface StatusThresholds {
  /** final: pct ≥ onTrackMinPct → on_track (default 100) */
  finalOnTrackMinPct: number;
  /** final: pct ≥ actionsStartedMinPct → actions_started, else immediate (default 70) */
  finalActionsStartedMinPct: number;
  /** intermediate: gap ≤ this → on_track (default 5 pp) */
  intermediateOnTrackMaxGap: number;
  /** intermediate: gap ≤ this → actions_started, else immediate (default 20 pp) */
  intermediateActionsStartedMaxGap: number;
}

export interface ScoringSettings {
  sector: 'weighted' | 'mean';
  notReportedPct: number;
  objective: 'indicators' | 'phases' | 'blend';
  phaseBlend: number;
  /** P5 variant: share of phases on time ('count') or mean of min(1, actual/planned) ('smooth'). */
  timeliness: 'count' | 'smooth';
  thresholds: StatusThresholds;
}

export const DEFAULT_THRESHOLDS: StatusThresholds = {
  finalOnTrackMinPct: 100,
  finalActionsStartedMinPct: 70,
  intermediateOnTrackMaxGap: 5,
  intermediateActionsStartedMaxGap: 20,
};

export const DEFAULT_SCORING: ScoringSettings = {
  sector: 'weighted',
  notReportedPct: 50,
  objective: 'indicators',
  phaseBlend: 0,
  timeliness: 'count',
  thresholds: DEFAULT_THRESHOLDS,
};

export interface PhasePlan {
  code: string;
  title: string;
  parent?: string;
  weight?: number;
  status: PhaseStatus;
  indicators?: string[];
  owner?: string;
  start?: IsoDate;
  end?: IsoDate;
  priorPct?: number;
  monthly?: Record<IsoMonth, number>;
  marks?: IsoMonth[];
  laterPct?: number;
  continuesLater?: boolean;
  printedTargets?: Record<IsoDate, number>;
}

export interface IndicatorPlan {
  code: string;
  name: string;
  kind?: IndicatorKind;
  unit?: IndicatorUnit;
  weight?: number;
  direction?: 'higher' | 'lower' | 'exact';
  target?: string;
  targets?: Record<IsoDate, string>;
  baseline?: string;
  context: boolean;
  reporter?: string;
}

export interface ObjectivePlan {
  code: string;
  title: string;
  description?: string;
  orgUnits: string[];
  transversal: boolean;
  responsible?: string;
  politicalReferent?: string;
  assigneeText?: string;
  horizon?: string;
  purpose?: string;
  budgetLink?: string;
  weight?: number;
  priority?: Priority;
  status: ObjectiveStatus;
  strategicLink?: string;
  phases: PhasePlan[];
  indicators: IndicatorPlan[];
}

export interface RoleAssignment {
  person: string;
  role: RoleName;
  orgUnit?: string;
  objective?: string;
  from?: IsoDate;
  to?: IsoDate;
}

export interface Absence {
  from: IsoDate;
  to: IsoDate;
  deputy?: string;
}

export interface PersonPlan {
  code: string;
  name: string;
  email?: string;
  category?: 'B' | 'C' | 'D' | 'DPO' | 'DIRIGENTE';
  slack?: string;
  telegram?: string;
  locale?: 'it' | 'en';
  absences: Absence[];
}

export interface OrgUnitPlan {
  code: string;
  name: string;
  parent?: string;
}

export interface EntePlan {
  code: string;
  name: string;
  timezone: string;
  locale: 'it' | 'en';
  patronDay?: string;
}
