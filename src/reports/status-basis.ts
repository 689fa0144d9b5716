/**
 * Why an objective has its status class in a report: the assessment that declared it, the plan's
 * own status, or the P10 rule (domain.md §4.3) with the numbers it was applied to. `buildReport`
 * takes the class from here, so the explanation a reader gets is the rule that actually set it
 * (a 95 % objective can be "azioni correttive immediate" at an intermediate check: a missed phase
 * deadline decides then, not the %).
 */
import type { AssessmentStatus, IsoDate, StatusThresholds } from '../domain/plan.js';
import type { AssessmentRecord } from '../domain/plan-state.js';
import { statusClass } from '../domain/status-class.js';
import type { ReportPhase } from './report-schema.js';

export type StatusBasis =
  /** declared in an assessment (the final-evaluation conversation or a plan file) */
  | { rule: 'assessment'; status: AssessmentStatus; kind: AssessmentRecord['kind']; by: string | null; asOf: IsoDate }
  /** the plan marks the objective not assessable or postponed */
  | { rule: 'objective'; status: 'not_assessable' | 'postponed' }
  /** P10 final: the objective's % against the final thresholds */
  | { rule: 'final'; status: AssessmentStatus; pct: number; thresholds: StatusThresholds }
  /** P10 intermediate: the largest gap to plan and the phases past their deadline */
  | { rule: 'intermediate'; status: AssessmentStatus; gap: number; gapPhase: string | null; overdue: Array<{ code: string; daysLate: number }>; thresholds: StatusThresholds };

export interface StatusBasisInput {
  assessment: AssessmentRecord | undefined;
  objectiveStatus: 'active' | 'postponed' | 'not_assessable' | 'cancelled';
  /** something was reported (a phase % or an indicator value): before that there is no class */
  reported: boolean;
  /** `asOf` is on or after the plan's last checkpoint */
  isFinal: boolean;
  /** the objective's % (declared, else computed) */
  pct: number | null;
  phases: ReportPhase[];
  thresholds: StatusThresholds;
}

/** The rule that sets an objective's status class, or null when it has none yet (P10, domain.md §4.3). */
export function statusBasis(input: StatusBasisInput): StatusBasis | null {
  const { assessment, thresholds } = input;
  if (assessment) return { rule: 'assessment', status: assessment.status, kind: assessment.kind, by: assessment.by ?? null, asOf: assessment.asOf };
  if (input.objectiveStatus === 'not_assessable' || input.objectiveStatus === 'postponed') return { rule: 'objective', status: input.objectiveStatus };
  if (!input.reported) return null;
  if (input.isFinal) {
    if (input.pct === null) return null;
    return { rule: 'final', status: statusClass({ kind: 'final', pct: input.pct, thresholds }), pct: input.pct, thresholds };
  }
  let gap = 0;
  let gapPhase: string | null = null;
  for (const phase of input.phases) {
    if (phase.gapPct !== null && phase.gapPct > gap) {
      gap = phase.gapPct;
      gapPhase = phase.code;
    }
  }
  const overdue = input.phases.filter((p) => p.overdue).map((p) => ({ code: p.code, daysLate: p.daysLate ?? 0 }));
  const status = statusClass({ kind: 'intermediate', gap, missedDeadline: overdue.length > 0, thresholds });
  return { rule: 'intermediate', status, gap, gapPhase, overdue, thresholds };
}
