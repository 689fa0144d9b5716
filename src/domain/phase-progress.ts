/**
 * The actual side of phases: the gap to plan (P3), the weighted progress of an objective's phases (P4)
 * and the "% rispetto fasi e tempi" index (P5), from each phase's latest reported % and planned %.
 *
 * Decisions (domain.md §4.3 P4 leaves them open):
 * - A phase with no report counts as its `priorPct` (the share the plan records as already done in earlier
 *   years; 0 when absent). The spec's "never reported counts as 0" is the priorPct = 0 case; counting a
 *   phase completed in 2021 (priorPct 100) as 0 in 2022 would be a made-up regression.
 * - Cancelled phases, and the sub-phases of a cancelled phase, are left out everywhere.
 * - A parent with sub-phases and no report of its own takes the weighted mean of its sub-phases (sub-phase
 *   weights are shares of the parent's weight, 000 "3 Attuazione progetto: 50" = 15+15+10+5+5; unweighted
 *   sub-phases share equally). A parent without a weight whose sub-phases have weights weighs their sum.
 * - Among siblings, weights apply when any sibling has one; a sibling without a weight then weighs 0
 *   (000 cards leave the phases planned for later years unweighted). With no weights, or weights summing
 *   to 0, siblings weigh equally.
 */
import type { PhasePlan } from './plan.js';

export interface PhaseActual {
  code: string;
  /** latest reported % (whole phase) on or before the date; null = never reported */
  actualPct: number | null;
  /** planned % at the date (P1); null = no schedule or unknown split */
  plannedPct: number | null;
}

function activePhases(phases: PhasePlan[]): PhasePlan[] {
  const byCode = new Map(phases.map((p) => [p.code, p]));
  const cancelled = (phase: PhasePlan, seen: Set<string>): boolean => {
    if (phase.status === 'cancelled') return true;
    if (phase.parent === undefined || seen.has(phase.code)) return false;
    const parent = byCode.get(phase.parent);
    return parent !== undefined && cancelled(parent, new Set([...seen, phase.code]));
  };
  return phases.filter((p) => !cancelled(p, new Set()));
}

function childrenOf(active: PhasePlan[], code: string): PhasePlan[] {
  return active.filter((p) => p.parent === code && p.code !== code);
}

/** A phase's own weight, else the sum of its weighted sub-phases' weights, else undefined. */
function weightOf(active: PhasePlan[], phase: PhasePlan): number | undefined {
  if (phase.weight !== undefined) return phase.weight;
  const weights = childrenOf(active, phase.code)
    .map((c) => c.weight)
    .filter((w): w is number => w !== undefined);
  return weights.length === 0 ? undefined : weights.reduce((a, b) => a + b, 0);
}

/** Σ w·v / Σ w when any sibling is weighted and Σ w > 0, else the plain mean; null for no items. */
function siblingsMean(items: Array<{ weight: number | undefined; value: number }>): number | null {
  if (items.length === 0) return null;
  if (items.some((i) => i.weight !== undefined)) {
    const total = items.reduce((sum, i) => sum + (i.weight ?? 0), 0);
    if (total > 0) return items.reduce((sum, i) => sum + (i.weight ?? 0) * i.value, 0) / total;
  }
  return items.reduce((sum, i) => sum + i.value, 0) / items.length;
}

/**
 * P4, domain.md §4.3: the actual % each active phase counts with at the date — its own latest report,
 * else the weighted mean of its sub-phases, else its priorPct (0 when absent). Keyed by phase code.
 */
export function effectiveActualPcts(phases: PhasePlan[], actuals: PhaseActual[]): Map<string, number> {
  const active = activePhases(phases);
  const reported = new Map(actuals.filter((a) => a.actualPct !== null).map((a) => [a.code, a.actualPct as number]));
  const result = new Map<string, number>();
  const resolve = (phase: PhasePlan, path: Set<string>): number => {
    const known = result.get(phase.code);
    if (known !== undefined) return known;
    const own = reported.get(phase.code);
    const children = path.has(phase.code) ? [] : childrenOf(active, phase.code);
    const nextPath = new Set([...path, phase.code]);
    const value =
      own ??
      siblingsMean(children.map((child) => ({ weight: weightOf(active, child), value: resolve(child, nextPath) }))) ??
      phase.priorPct ??
      0;
    result.set(phase.code, value);
    return value;
  };
  for (const phase of active) resolve(phase, new Set());
  return result;
}

/**
 * P4, domain.md §4.3: objective progress from phases = Σ w·actual / Σ w over the active top-level phases
 * (equal weights when none are given), with the effective actuals above. Null when no phase is active.
 */
export function phasesPct(phases: PhasePlan[], actuals: PhaseActual[]): number | null {
  const active = activePhases(phases);
  const codes = new Set(active.map((p) => p.code));
  const effective = effectiveActualPcts(phases, actuals);
  const top = active.filter((p) => p.parent === undefined || !codes.has(p.parent) || p.parent === p.code);
  return siblingsMean(top.map((phase) => ({ weight: weightOf(active, phase), value: effective.get(phase.code) ?? 0 })));
}

/** P3, domain.md §4.3 (004 "% Gap"): planned − actual in percentage points, positive = behind; null without a plan. */
export function phaseGap(plannedPct: number | null, actualPct: number): number | null {
  return plannedPct === null ? null : plannedPct - actualPct;
}

/**
 * P5, domain.md §4.3 ("% rispetto fasi e tempi", 004 Indice di Tempo), over the active phases with a planned
 * % > 0 at the date: 'count' = 100 × share of them whose effective actual ≥ planned; 'smooth' = 100 × mean of
 * min(1, actual/planned). The variant is ScoringSettings.timeliness. Null when no phase is planned to have begun.
 */
export function timelinessPct(phases: PhasePlan[], actuals: PhaseActual[], mode: 'count' | 'smooth'): number | null {
  const activeCodes = new Set(activePhases(phases).map((p) => p.code));
  const effective = effectiveActualPcts(phases, actuals);
  const due = actuals.filter((a) => activeCodes.has(a.code) && a.plannedPct !== null && a.plannedPct > 0);
  if (due.length === 0) return null;
  const scores = due.map((a) => {
    const actual = effective.get(a.code) ?? 0;
    const planned = a.plannedPct as number;
    return mode === 'count' ? (actual >= planned ? 1 : 0) : Math.min(1, actual / planned);
  });
  return (100 * scores.reduce((sum, s) => sum + s, 0)) / due.length;
}
