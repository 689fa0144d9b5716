/**
 * What a console viewer may read. Administrators, the OIV and ente-wide coordinators read the whole
 * ente; a coordinator whose role names an org unit reads only the sector (top-level unit) that
 * unit belongs to. The scope is applied once, to the snapshot every page and download reads, so no
 * page can forget it.
 */
import type { PlanSnapshot } from '../domain/plan-state.js';
import type { IsoDate } from '../domain/plan.js';
import { hasRole, isRoleValidOn } from '../domain/responsibility.js';

/** The top-level unit of `unit` (the unit itself when it has no known parent). */
export function sectorOf(snapshot: PlanSnapshot, unit: string): string {
  const parentOf = new Map(snapshot.orgUnits.map((u) => [u.code, u.parent]));
  const seen = new Set<string>();
  let current = unit;
  for (let parent = parentOf.get(current); parent !== undefined && !seen.has(parent); parent = parentOf.get(current)) {
    seen.add(current);
    current = parent;
  }
  return current;
}

/**
 * The sectors `person` may read on `date`, or null for the whole ente. A coordinator role with an
 * objective but no unit (responsibility for one objective) gives no sector.
 */
export function sectorScope(snapshot: PlanSnapshot, person: string, date: IsoDate): string[] | null {
  if (hasRole(snapshot, person, 'admin', date) || hasRole(snapshot, person, 'oiv', date)) return null;
  const coordinator = snapshot.roles.filter((r) => r.person === person && r.role === 'coordinator' && isRoleValidOn(r, date));
  if (coordinator.some((r) => r.orgUnit === undefined && r.objective === undefined)) return null;
  return [...new Set(coordinator.flatMap((r) => (r.orgUnit === undefined ? [] : [sectorOf(snapshot, r.orgUnit)])))].sort();
}

/** Whether an objective counts in one of the `sectors` (a transversal one counts in each of its units' sectors). */
export function objectiveInScope(snapshot: PlanSnapshot, orgUnits: string[], sectors: string[]): boolean {
  return orgUnits.some((unit) => sectors.includes(sectorOf(snapshot, unit)));
}

/**
 * The snapshot restricted to `sectors`: only their objectives (with every measurement, progress and
 * assessment of those) and only their top-level units, so a report built from it
 * lists those sectors with the same numbers as the whole report. People and roles stay: names and
 * routing need them.
 */
export function scopedSnapshot(snapshot: PlanSnapshot, sectors: string[] | null): PlanSnapshot {
  if (sectors === null) return snapshot;
  const objectives = snapshot.objectives.filter((o) => objectiveInScope(snapshot, o.orgUnits, sectors));
  const kept = new Set(objectives.map((o) => o.code));
  // Other sectors' top-level units go; their sub-units stay, so a transversal objective still names
  // its sectors by the same codes (a sub-unit's chain ends at its missing parent's code).
  const orgUnits = snapshot.orgUnits.filter((u) => u.parent !== undefined || sectors.includes(u.code));
  return {
    ...snapshot,
    orgUnits,
    objectives,
    measurements: snapshot.measurements.filter((m) => kept.has(m.objective)),
    phaseProgress: snapshot.phaseProgress.filter((p) => kept.has(p.objective)),
    assessments: snapshot.assessments.filter((a) => kept.has(a.objective)),
  };
}
