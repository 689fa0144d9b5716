/**
 * An objective's % (P8, domain.md §4.3): computed from its indicators (weighted when indicator weights
 * exist, else a plain mean), from its phases, or a blend, as ScoringSettings.objective says; the declared %
 * of an assessment overrides it (report-format.md: objective.pct = declared ?? computed).
 *
 * Decisions: only non-context indicators with an achievement count ("scored"); unmeasured ones are left out
 * of numerator and denominator alike, never counted as 0. Weights apply when any scored indicator has a
 * weight > 0; a scored indicator without a weight then weighs 0 (000 cards weigh only the plan year's
 * results). In a blend a part with no value is left out and the other part's weight renormalised, but a
 * part weighted 0 (phaseBlend 0 or 1) is never used as a stand-in.
 */
import type { ScoringSettings } from './plan.js';

export interface ScoredIndicator {
  weight?: number;
  context: boolean;
  /** capped achievement 0..1 (P6); null when not measured or not scorable */
  achievement: number | null;
}

export interface ObjectiveScoreInput {
  mode: ScoringSettings['objective'];
  /** weight of the phases in a blend (0..1): α = 1 − phaseBlend weighs the indicators */
  phaseBlend: number;
  indicators: ScoredIndicator[];
  /** P4 progress of the objective's phases, 0..100 or null */
  phasesPct: number | null;
}

/** P8, domain.md §4.3: 100 × Σ p·a / Σ p over the scored indicators when weighted, else 100 × mean(a); null when none is scored. */
export function indicatorsPct(indicators: ScoredIndicator[]): number | null {
  const scored = indicators.filter((i): i is ScoredIndicator & { achievement: number } => !i.context && i.achievement !== null);
  if (scored.length === 0) return null;
  const total = scored.reduce((sum, i) => sum + Math.max(0, i.weight ?? 0), 0);
  if (total > 0) return (100 * scored.reduce((sum, i) => sum + Math.max(0, i.weight ?? 0) * i.achievement, 0)) / total;
  return (100 * scored.reduce((sum, i) => sum + i.achievement, 0)) / scored.length;
}

/**
 * P8, domain.md §4.3: the computed % of an objective — 'indicators' → indicatorsPct; 'phases' → phasesPct;
 * 'blend' → α·indicators + (1 − α)·phases with α = 1 − phaseBlend. Null when nothing can be computed.
 */
export function objectiveScore(input: ObjectiveScoreInput): number | null {
  const fromIndicators = indicatorsPct(input.indicators);
  if (input.mode === 'indicators') return fromIndicators;
  if (input.mode === 'phases') return input.phasesPct;
  const phaseWeight = Math.max(0, Math.min(1, input.phaseBlend));
  const parts = [
    { weight: 1 - phaseWeight, value: fromIndicators },
    { weight: phaseWeight, value: input.phasesPct },
  ].filter((p): p is { weight: number; value: number } => p.value !== null);
  const total = parts.reduce((sum, p) => sum + p.weight, 0);
  return total === 0 ? null : parts.reduce((sum, p) => sum + p.weight * p.value, 0) / total;
}

/** P8, domain.md §4.3 and report-format.md: the objective's % is the declared one when an assessment gives it, else the computed one. */
export function objectivePct(declaredPct: number | null | undefined, computedPct: number | null): number | null {
  return declaredPct ?? computedPct;
}
