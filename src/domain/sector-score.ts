/**
 * A sector's overall % from its objectives' % (P9, domain.md §4.3), and the ente's from its sectors'.
 * - 'weighted' (000): Σ W·pct / Σ W over the objectives that have a %.
 * - 'mean' (003, verified in §4.2a: Affari Generali 99,08, Economico Finanziaria 99,75, Ufficio Tecnico
 *   87,71): plain mean of the objectives' %.
 * In both: the caller passes every objective that counts in the sector — transversal objectives in every
 * sector they list; 'not_assessable' and 'postponed' objectives are excluded; a 'not_reported' objective
 * counts as `notReportedPct` (50 in 003, "non consuntivato"; plan scoring.notReportedPct) whatever its %;
 * any other objective without a % (nothing computed or declared yet) is left out, never counted as 0.
 * Decisions for 'weighted': an objective without a weight (or weight 0) is left out when any counted
 * objective has a weight (in a weighted plan a missing weight is no share of the sector); when none has a
 * weight the sector falls back to the plain mean rather than showing nothing.
 */
import type { AssessmentStatus, ScoringSettings } from './plan.js';

export interface SectorObjective {
  /** the objective's weight in the sector (000: sums to 100 per sector) */
  weight?: number;
  /** the objective's % (declared ?? computed), null when there is none */
  pct: number | null;
  /** declared or computed status; null when not assessed */
  status: AssessmentStatus | null;
  transversal: boolean;
}

export interface SectorScore {
  /** 0..100 unrounded; null when no objective counts */
  pct: number | null;
  /** how many objectives entered the score */
  assessed: number;
}

/** The % an objective counts with, or null when it is left out of the sector score. */
function countedPct(objective: SectorObjective, notReportedPct: number): number | null {
  if (objective.status === 'not_assessable' || objective.status === 'postponed') return null;
  if (objective.status === 'not_reported') return notReportedPct;
  return objective.pct;
}

/** P9: 000 weighted or seed-003 mean rule, see domain.md §4.2(a) and §4.3. */
export function sectorScore(method: ScoringSettings['sector'], objectives: SectorObjective[], notReportedPct: number): SectorScore {
  const counted = objectives
    .map((o) => ({ weight: o.weight !== undefined && o.weight > 0 ? o.weight : 0, pct: countedPct(o, notReportedPct) }))
    .filter((o): o is { weight: number; pct: number } => o.pct !== null);
  if (counted.length === 0) return { pct: null, assessed: 0 };
  if (method === 'weighted') {
    const weighted = counted.filter((o) => o.weight > 0);
    const total = weighted.reduce((sum, o) => sum + o.weight, 0);
    if (total > 0) return { pct: weighted.reduce((sum, o) => sum + o.weight * o.pct, 0) / total, assessed: weighted.length };
  }
  return { pct: counted.reduce((sum, o) => sum + o.pct, 0) / counted.length, assessed: counted.length };
}

/** P9 ente score (not in seeds – proposal, domain.md §4.3): the plain mean of the sector scores that exist; null when none does. */
export function enteScore(sectorPcts: Array<number | null>): number | null {
  const known = sectorPcts.filter((p): p is number => p !== null);
  return known.length === 0 ? null : known.reduce((a, b) => a + b, 0) / known.length;
}
