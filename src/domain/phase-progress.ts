/**
 * The actual side of phases: weighted progress of an objective's phases (P4) and the
 * "% rispetto fasi e tempi" index (P5), from each phase's latest reported % and planned %.
 */
import type { PhasePlan } from './plan.js';

export interface PhaseActual {
  code: string;
  /** latest reported % on or before the date; null = never reported */
  actualPct: number | null;
  /** planned % at the date (P1); null = no schedule */
  plannedPct: number | null;
}

function weightedMean(items: Array<{ weight: number; value: number }>): number | null {
  const total = items.reduce((sum, item) => sum + item.weight, 0);
  if (total > 0) return items.reduce((sum, item) => sum + item.weight * item.value, 0) / total;
  return items.length === 0 ? null : items.reduce((sum, item) => sum + item.value, 0) / items.length;
}

/** Weights when any sibling has one (a missing weight then counts 0), else equal weights. */
function siblingsWeights(phases: PhasePlan[]): number[] {
  const anyWeighted = phases.some((p) => p.weight !== undefined);
  return phases.map((p) => (anyWeighted ? (p.weight ?? 0) : 1));
}

/**
 * P4, domain.md §4.3: Σ w·actual / Σ w over the active top-level phases; a phase never reported
 * counts 0; equal weights when none are given. A parent with sub-phases and no report of its own
 * takes the weighted mean of its sub-phases (sub-phase weights are shares of the parent's weight).
 */
export function phasesPct(phases: PhasePlan[], actuals: PhaseActual[]): number | null {
  const active = phases.filter((p) => p.status !== 'cancelled');
  const actualOf = new Map(actuals.map((a) => [a.code, a.actualPct]));
  const progressOf = (phase: PhasePlan): number => {
    const own = actualOf.get(phase.code);
    if (own !== null && own !== undefined) return own;
    const children = active.filter((p) => p.parent === phase.code);
    if (children.length === 0) return 0;
    const weights = siblingsWeights(children);
    return weightedMean(children.map((child, i) => ({ weight: weights[i]!, value: progressOf(child) }))) ?? 0;
  };
  const top = active.filter((p) => p.parent === undefined || !active.some((q) => q.code === p.parent));
  const weights = siblingsWeights(top);
  return weightedMean(top.map((phase, i) => ({ weight: weights[i]!, value: progressOf(phase) })));
}

/**
 * P5, domain.md §4.3 ("% rispetto fasi e tempi"), over active phases with planned % > 0:
 * 'count' = share of phases whose actual ≥ planned; 'smooth' = mean of min(1, actual/planned).
 * Null when no phase is planned to have started.
 */
export function timelinessPct(phases: PhasePlan[], actuals: PhaseActual[], mode: 'count' | 'smooth'): number | null {
  const activeCodes = new Set(phases.filter((p) => p.status !== 'cancelled').map((p) => p.code));
  const due = actuals.filter((a) => activeCodes.has(a.code) && a.plannedPct !== null && a.plannedPct > 0);
  if (due.length === 0) return null;
  const scores = due.map((a) => {
    const actual = a.actualPct ?? 0;
    const planned = a.plannedPct as number;
    return mode === 'count' ? (actual >= planned ? 1 : 0) : Math.min(1, actual / planned);
  });
  return (100 * scores.reduce((s, v) => s + v, 0)) / due.length;
}
