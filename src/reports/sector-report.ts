/**
 * The report of one sector: the plan narrowed to the objectives that count in that sector (with
 * their reported values), then the same `buildReport`. A sector's digest needs only its own
 * objectives, so on a 10,000-objective plan of ten sectors it computes a tenth of the report; every
 * number of that sector is the full report's, because each objective's figures, its pending items
 * and the sector's score depend on that objective and the sector's roles alone.
 */
import type { IsoDate } from '../domain/plan.js';
import type { PlanSnapshot } from '../domain/plan-state.js';
import { buildReport } from './report.js';
import { sectorSnapshot } from '../domain/sector-scope.js';
import type { Report } from './report-schema.js';

export { sectorSnapshot };

/**
 * The report at `asOf` computed for one sector: its sector entry and its objectives are those of
 * `buildReport(snapshot, asOf)`; other sectors (reached through transversal objectives) and the
 * ente's % are partial, so use it only for that sector (its digest and chart).
 */
export function buildSectorReport(snapshot: PlanSnapshot, sectorCode: string, asOf: IsoDate): Report {
  return buildReport(sectorSnapshot(snapshot, sectorCode), asOf);
}
