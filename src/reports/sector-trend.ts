/**
 * A sector's overall % over time: its value at each monitoring checkpoint up to a date, and at the
 * date itself. The points come from `reportSeries` (one `buildReport` per date), so every number
 * equals what `perfbot report --at <date>` says for the sector.
 */
import type { IsoDate } from '../domain/plan.js';
import type { PlanSnapshot } from '../domain/plan-state.js';
import { reportSeries } from './report-series.js';

export interface TrendPoint {
  asOf: IsoDate;
  /** the sector's overall %, null when nothing can be computed yet */
  pct: number | null;
}

/** The sector's % at every plan checkpoint on or before `asOf`, then at `asOf` (once if it is a checkpoint). */
export function sectorTrend(snapshot: PlanSnapshot, sectorCode: string, asOf: IsoDate): TrendPoint[] {
  return reportSeries(snapshot, asOf).map(({ checkpoint, report }) => ({ asOf: checkpoint, pct: report.sectors.find((s) => s.code === sectorCode)?.pct ?? null }));
}
