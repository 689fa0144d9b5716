/**
 * The preview of an upload: which plan items a confirmed import would create, update or retire,
 * by code. Both sides go through the plan-file schema first, so defaults never count as changes.
 * History (values, progress, assessments) is not compared: an import adds to it, never removes.
 */
import { planFileSchema, type PlanFile } from '../plan-file/schema.js';

export type ChangeKind = 'created' | 'updated' | 'retired';

export interface PlanChange {
  kind: ChangeKind;
  /** orgUnit | person | role | objective | phase | indicator */
  entity: string;
  key: string;
}

type Keyed = Map<string, string>;

function stable(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b))) : v,
  );
}

/** Each kind of plan item by its key, with a stable JSON of its fields. */
function items(plan: PlanFile): Map<string, Keyed> {
  const byEntity = new Map<string, Keyed>([
    ['orgUnit', new Map(plan.orgUnits.map((u) => [u.code, stable(u)]))],
    ['person', new Map(plan.people.map((p) => [p.code, stable(p)]))],
    ['role', new Map(plan.roles.map((r) => [stable(r), '']))],
    ['objective', new Map(plan.objectives.map(({ phases: _p, indicators: _i, ...o }) => [o.code, stable(o)]))],
    ['phase', new Map(plan.objectives.flatMap((o) => (o.phases ?? []).map((p) => [`${o.code}/${p.code}`, stable(p)] as [string, string])))],
    ['indicator', new Map(plan.objectives.flatMap((o) => (o.indicators ?? []).map((i) => [`${o.code}/${i.code}`, stable(i)] as [string, string])))],
  ]);
  return byEntity;
}

function roleLabel(key: string): string {
  const role = JSON.parse(key) as { person: string; role: string; orgUnit?: string; objective?: string };
  return [role.person, role.role, role.orgUnit ?? role.objective].filter(Boolean).join(' ');
}

/** Changes from the stored plan (its export, or null when the ente has none) to the uploaded one. */
export function planChanges(stored: Record<string, unknown> | null, uploaded: PlanFile): PlanChange[] {
  const before = stored ? items(planFileSchema.parse(stored)) : new Map<string, Keyed>();
  const after = items(uploaded);
  const changes: PlanChange[] = [];
  for (const [entity, next] of after) {
    const previous = before.get(entity) ?? new Map<string, string>();
    const label = (key: string) => (entity === 'role' ? roleLabel(key) : key);
    for (const [key, value] of next) {
      if (!previous.has(key)) changes.push({ kind: 'created', entity, key: label(key) });
      else if (previous.get(key) !== value) changes.push({ kind: 'updated', entity, key: label(key) });
    }
    for (const key of previous.keys()) if (!next.has(key)) changes.push({ kind: 'retired', entity, key: label(key) });
  }
  return changes;
}
