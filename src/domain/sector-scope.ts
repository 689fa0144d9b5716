/**
 * Which sectors an objective counts in, and a plan narrowed to one sector. Pure: the report builds
 * its sectors with it, and the database's sector read (db/plan-repository.ts) narrows a cached
 * full snapshot with the same rule it applies in SQL.
 */
import type { ObjectivePlan } from './plan.js';
import type { PlanSnapshot } from './plan-state.js';

/** The sectors (top-level units) an objective counts in: the top ancestor of each of its units, once each. */
export function sectorsOf(objective: ObjectivePlan, parentOf: Map<string, string | undefined>): string[] {
  const top = (code: string): string => {
    let current = code;
    for (let parent = parentOf.get(current); parent !== undefined; parent = parentOf.get(current)) current = parent;
    return current;
  };
  return [...new Set(objective.orgUnits.map(top))];
}

/** The snapshot with only the objectives (and their measurements, progress and assessments) that count in `sectorCode`; people, roles and units stay whole. */
export function sectorSnapshot(snapshot: PlanSnapshot, sectorCode: string): PlanSnapshot {
  const parentOf = new Map(snapshot.orgUnits.map((u) => [u.code, u.parent]));
  const objectives = snapshot.objectives.filter((o) => sectorsOf(o, parentOf).includes(sectorCode));
  const codes = new Set(objectives.map((o) => o.code));
  return {
    ...snapshot,
    objectives,
    measurements: snapshot.measurements.filter((m) => codes.has(m.objective)),
    phaseProgress: snapshot.phaseProgress.filter((p) => codes.has(p.objective)),
    assessments: snapshot.assessments.filter((a) => codes.has(a.objective)),
  };
}
