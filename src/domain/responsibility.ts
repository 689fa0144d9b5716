/**
 * Who must be asked about a phase, an indicator or an objective on a date (domain.md §2.4 note 2,
 * plan-format.md roles): phase owner / indicator reporter → objective responsible (an
 * objective-scoped `responsabile` role valid that day overrides the file's `responsible`) →
 * the dirigente of the objective's sector on that day. An absent person's deputy answers for them;
 * with no deputy the question is held until they are back.
 */
import type { Absence, IndicatorPlan, IsoDate, ObjectivePlan, OrgUnitPlan, PersonPlan, PhasePlan, RoleAssignment, RoleName } from './plan.js';
import { addDays } from './calendar-date.js';

export interface Organisation {
  roles: RoleAssignment[];
  people: PersonPlan[];
  orgUnits: OrgUnitPlan[];
}

export type AskReason = 'owner' | 'reporter' | 'objective_role' | 'responsible' | 'dirigente';

export interface Asked {
  /** who receives the question */
  person: string;
  /** the person answered for, when a deputy stands in */
  onBehalfOf?: string;
  reason: AskReason;
  /** set when the person is absent with no deputy: ask again from this date */
  heldUntil?: IsoDate;
}

/** A role is valid on `date` when from ≤ date ≤ to (open ends allowed). */
export function isRoleValidOn(role: Pick<RoleAssignment, 'from' | 'to'>, date: IsoDate): boolean {
  return (role.from === undefined || role.from <= date) && (role.to === undefined || date <= role.to);
}

/** Whether a person holds a role on a date (any scope). */
export function hasRole(org: Organisation, person: string, role: RoleName, date: IsoDate): boolean {
  return org.roles.some((r) => r.person === person && r.role === role && isRoleValidOn(r, date));
}

const lookups = new WeakMap<object, { length: number; map: Map<string, unknown> }>();

/**
 * A map built once per list (asked for every item of a plan), keyed by the list itself and built
 * again when its length changed.
 */
function lookup<T, V>(list: T[], entry: (item: T) => [string, V]): Map<string, V> {
  const known = lookups.get(list);
  if (known && known.length === list.length) return known.map as Map<string, V>;
  const map = new Map(list.map(entry));
  lookups.set(list, { length: list.length, map });
  return map;
}

/** Each unit's parent. */
function parentsOf(org: Organisation): Map<string, string | undefined> {
  return lookup(org.orgUnits, (u: OrgUnitPlan) => [u.code, u.parent]);
}

/** People by code (routing an absence looks up two people per item). */
function personByCode(org: Organisation): Map<string, PersonPlan> {
  return lookup(org.people, (p: PersonPlan) => [p.code, p]);
}

interface RoleIndex {
  length: number;
  /** dirigente roles by unit, in the plan's order */
  dirigenti: Map<string, RoleAssignment[]>;
  /** objective-scoped responsabile roles by objective, in the plan's order */
  responsabili: Map<string, RoleAssignment[]>;
  coordinators: RoleAssignment[];
}

const roleIndexes = new WeakMap<RoleAssignment[], RoleIndex>();
const NO_ROLES: RoleAssignment[] = [];

/**
 * The roles grouped the way the routing asks for them, built once per roles list (and again when its
 * length changed): who is asked is looked up for every item of a plan, and a plan may hold a role
 * per objective.
 */
function rolesOf(org: Organisation): RoleIndex {
  const known = roleIndexes.get(org.roles);
  if (known && known.length === org.roles.length) return known;
  const index: RoleIndex = { length: org.roles.length, dirigenti: new Map(), responsabili: new Map(), coordinators: [] };
  const push = (map: Map<string, RoleAssignment[]>, key: string, role: RoleAssignment) => {
    const list = map.get(key);
    if (list) list.push(role);
    else map.set(key, [role]);
  };
  for (const role of org.roles) {
    if (role.role === 'dirigente' && role.orgUnit !== undefined) push(index.dirigenti, role.orgUnit, role);
    else if (role.role === 'responsabile' && role.objective !== undefined) push(index.responsabili, role.objective, role);
    else if (role.role === 'coordinator') index.coordinators.push(role);
  }
  roleIndexes.set(org.roles, index);
  return index;
}

/** The dirigente of a unit on a date, walking up to parent units when the unit has none. */
export function dirigenteOf(org: Organisation, orgUnit: string, date: IsoDate): string | null {
  const parentOf = parentsOf(org);
  const seen = new Set<string>();
  for (let unit: string | undefined = orgUnit; unit !== undefined && !seen.has(unit); unit = parentOf.get(unit)) {
    seen.add(unit);
    const role = (rolesOf(org).dirigenti.get(unit) ?? NO_ROLES).find((r) => isRoleValidOn(r, date));
    if (role) return role.person;
  }
  return null;
}

/** Ente-wide coordinators on a date: the coordinator role with neither a unit nor an objective. */
export function enteWideCoordinators(org: Organisation, date: IsoDate): string[] {
  return [...new Set(rolesOf(org).coordinators.filter((r) => r.orgUnit === undefined && r.objective === undefined && isRoleValidOn(r, date)).map((r) => r.person))];
}

/** Coordinators who receive a unit's digest on a date: ente-wide ones and those scoped to the unit or an ancestor. */
export function coordinatorsFor(org: Organisation, orgUnit: string, date: IsoDate): string[] {
  const parentOf = parentsOf(org);
  const chain = new Set<string>();
  for (let unit: string | undefined = orgUnit; unit !== undefined && !chain.has(unit); unit = parentOf.get(unit)) chain.add(unit);
  const people = rolesOf(org)
    .coordinators.filter((r) => isRoleValidOn(r, date) && r.objective === undefined && (r.orgUnit === undefined || chain.has(r.orgUnit)))
    .map((r) => r.person);
  return [...new Set(people)];
}

/** The objective's responsible on a date, and why. */
export function responsibleOn(org: Organisation, objective: ObjectivePlan, date: IsoDate): { person: string; reason: AskReason } | null {
  const scoped = (rolesOf(org).responsabili.get(objective.code) ?? NO_ROLES).find((r) => isRoleValidOn(r, date));
  if (scoped) return { person: scoped.person, reason: 'objective_role' };
  if (objective.responsible) return { person: objective.responsible, reason: 'responsible' };
  for (const unit of objective.orgUnits) {
    const dirigente = dirigenteOf(org, unit, date);
    if (dirigente) return { person: dirigente, reason: 'dirigente' };
  }
  return null;
}

function absenceOn(person: PersonPlan | undefined, date: IsoDate): Absence | undefined {
  return person?.absences.find((a) => a.from <= date && date <= a.to);
}

/** Applies absences: the deputy answers when present; otherwise the question waits for the person's return. */
function routeAbsence(org: Organisation, asked: { person: string; reason: AskReason }, date: IsoDate): Asked {
  const byCode = personByCode(org);
  const absence = absenceOn(byCode.get(asked.person), date);
  if (!absence) return asked;
  if (absence.deputy && !absenceOn(byCode.get(absence.deputy), date)) return { person: absence.deputy, onBehalfOf: asked.person, reason: asked.reason };
  return { ...asked, heldUntil: addDays(absence.to, 1) };
}

/** Who is asked about a phase or an indicator (or, with neither, the objective) on `date`. */
export function whoIsAsked(input: { org: Organisation; objective: ObjectivePlan; phase?: PhasePlan; indicator?: IndicatorPlan; date: IsoDate }): Asked | null {
  const { org, objective, phase, indicator, date } = input;
  let asked: { person: string; reason: AskReason } | null = null;
  if (phase?.owner) asked = { person: phase.owner, reason: 'owner' };
  else if (indicator?.reporter) asked = { person: indicator.reporter, reason: 'reporter' };
  else asked = responsibleOn(org, objective, date);
  return asked && routeAbsence(org, asked, date);
}
