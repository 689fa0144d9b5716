/**
 * P9, domain.md §4.3: a sector's overall % from its objectives' %.
 * 'weighted' (000): Σ W·pct / Σ W over objectives that have a %.
 * 'mean' (003, verified in §4.2a): plain mean over assessed objectives, transversal ones included
 * in every sector they list; not_assessable and postponed excluded; not_reported counted as
 * notReportedPct (50 in the seed).
 */
import type { AssessmentStatus } from './plan.js';

export interface SectorObjective {
  weight?: number;
  pct: number | null;
  status: AssessmentStatus | null;
  transversal: boolean;
}

export interface SectorScore {
  pct: number | null;
  /** objectives that entered the score */
  assessed: number;
}

function excluded(o: SectorObjective): boolean {
  return o.status === 'not_assessable' || o.status === 'postponed';
}

/** The objective's % as the sector counts it: not_reported → notReportedPct. */
function countedPct(o: SectorObjective, notReportedPct: number): number | null {
  if (o.status === 'not_reported') return notReportedPct;
  return o.pct;
}

export function sectorScore(method: 'weighted' | 'mean', objectives: SectorObjective[], notReportedPct: number): SectorScore {
  const counted = objectives
    .filter((o) => !excluded(o))
    .map((o) => ({ weight: o.weight, pct: countedPct(o, notReportedPct) }))
    .filter((o): o is { weight: number | undefined; pct: number } => o.pct !== null);
  if (counted.length === 0) return { pct: null, assessed: 0 };
  if (method === 'weighted') {
    const withWeight = counted.filter((o) => o.weight !== undefined && o.weight > 0);
    const total = withWeight.reduce((sum, o) => sum + (o.weight as number), 0);
    // A sector without weights falls back to the plain mean rather than showing nothing.
    if (total > 0) return { pct: withWeight.reduce((sum, o) => sum + (o.weight as number) * o.pct, 0) / total, assessed: withWeight.length };
  }
  return { pct: counted.reduce((sum, o) => sum + o.pct, 0) / counted.length, assessed: counted.length };
}

/** Ente score (not in seeds – proposal, domain.md P9): plain mean of the sector scores that exist. */
export function enteScore(sectorPcts: Array<number | null>): number | null {
  const known = sectorPcts.filter((p): p is number => p !== null);
  return known.length === 0 ? null : known.reduce((a, b) => a + b, 0) / known.length;
}
