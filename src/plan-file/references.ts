/**
 * Cross-reference checks of a plan file (plan-format.md "Rules an importer enforces"): codes unique
 * in their scope, every reference resolves, date ranges in order. Written to run on raw data too, so
 * a file with schema errors also gets its reference errors reported in the same run.
 */
import type { PlanFile } from './schema.js';
import type { PlanIssue } from './plan-validation-error.js';

type Issues = PlanIssue[];

/** Deep partial view of a plan file: what the checks may meet in a file that failed the schema. */
type Loose<T> = T extends Array<infer U> ? Array<Loose<U>> | undefined : T extends object ? { [K in keyof T]?: Loose<T[K]> } : T | undefined;
export type LoosePlan = Loose<PlanFile>;

function list<T>(value: T[] | undefined | null): T[] {
  return Array.isArray(value) ? value.filter((item) => item !== null && typeof item === 'object') : [];
}

function codeOf(item: { code?: unknown }): string {
  return typeof item.code === 'string' ? item.code : '';
}

function duplicates<T extends { code?: unknown }>(file: string, items: T[], where: string, issues: Issues): Set<string> {
  const seen = new Set<string>();
  items.forEach((item, index) => {
    const code = codeOf(item);
    if (!code) return;
    if (seen.has(code)) issues.push({ file, path: `${where}[${index}].code`, value: code, message: `duplicate code in ${where}` });
    seen.add(code);
  });
  return seen;
}

function requireRef(file: string, known: Set<string>, value: unknown, path: string, what: string, issues: Issues): void {
  if (typeof value === 'string' && !known.has(value)) issues.push({ file, path, value, message: `unknown ${what}` });
}

function requireOrder(file: string, from: unknown, to: unknown, path: string, issues: Issues): void {
  if (typeof from === 'string' && typeof to === 'string' && from > to) issues.push({ file, path, value: { from, to }, message: 'the end date is before the start date' });
}

/**
 * The phases of one objective whose parent chain comes back to them (A→B→A, A→B→C→A): such
 * phases would never be counted in the objective's % (issue 10 item 8). Each member of a cycle is
 * reported with the cycle it is in.
 */
function phaseCycles(file: string, base: string, phases: Array<{ code?: unknown; parent?: unknown }>, issues: Issues): void {
  const parentOf = new Map(phases.map((p) => [codeOf(p), typeof p.parent === 'string' ? p.parent : undefined]));
  for (const phase of phases) {
    const start = codeOf(phase);
    if (!start || parentOf.get(start) === start) continue; // "its own parent" is reported on its own
    const chain = [start];
    for (let p = parentOf.get(start); p !== undefined && parentOf.has(p); p = parentOf.get(p)) {
      if (p === start) {
        issues.push({ file, path: `${base}.phases[${start}].parent`, value: phase.parent, message: `phase parents form a cycle (${[...chain, start].join(' → ')})` });
        break;
      }
      if (chain.includes(p)) break; // a cycle further up: reported on its members
      chain.push(p);
    }
  }
}

/** Checkpoints (monitoring dates) are distinct dates of the plan's year: a repeated or stray one would ask everybody twice or never. */
function checkpointIssues(file: string, plan: LoosePlan['plan'], issues: Issues): void {
  if (!plan || !Array.isArray(plan.checkpoints)) return;
  const seen = new Set<string>();
  plan.checkpoints.forEach((date, i) => {
    if (typeof date !== 'string') return;
    if (seen.has(date)) issues.push({ file, path: `plan.checkpoints[${i}]`, value: date, message: 'duplicate checkpoint' });
    seen.add(date);
    if (typeof plan.year === 'number' && date.slice(0, 4) !== String(plan.year)) {
      issues.push({ file, path: `plan.checkpoints[${i}]`, value: date, message: `checkpoint outside the plan year ${plan.year}` });
    }
  });
}

/** Returns every reference error; an empty list means the file can be imported. */
export function checkReferences(file: string, plan: LoosePlan): PlanIssue[] {
  const issues: Issues = [];
  const orgUnits = list(plan.orgUnits);
  const peopleList = list(plan.people);
  const objectiveList = list(plan.objectives);
  const units = duplicates(file, orgUnits, 'orgUnits', issues);
  const people = duplicates(file, peopleList, 'people', issues);
  const objectives = duplicates(file, objectiveList, 'objectives', issues);

  checkpointIssues(file, plan.plan, issues);

  const parents = new Map(orgUnits.map((u) => [codeOf(u), typeof u.parent === 'string' ? u.parent : undefined]));
  orgUnits.forEach((unit, i) => {
    requireRef(file, units, unit.parent, `orgUnits[${unit.code}].parent`, 'orgUnit', issues);
    const seen = new Set<string>([codeOf(unit)]);
    for (let p = unit.parent; p !== undefined; p = parents.get(p)) {
      if (seen.has(p)) {
        issues.push({ file, path: `orgUnits[${i}].parent`, value: unit.parent, message: 'orgUnit parents form a cycle' });
        break;
      }
      seen.add(p);
    }
  });

  peopleList.forEach((person) => {
    list(person.absences).forEach((absence, i) => {
      const path = `people[${person.code}].absences[${i}]`;
      requireRef(file, people, absence.deputy, `${path}.deputy`, 'person', issues);
      if (absence.deputy === person.code) issues.push({ file, path: `${path}.deputy`, value: absence.deputy, message: 'a person cannot be their own deputy' });
      requireOrder(file, absence.from, absence.to, path, issues);
    });
  });

  list(plan.roles).forEach((role, i) => {
    const path = `roles[${i}]`;
    requireRef(file, people, role.person, `${path}.person`, 'person', issues);
    requireRef(file, units, role.orgUnit, `${path}.orgUnit`, 'orgUnit', issues);
    requireRef(file, objectives, role.objective, `${path}.objective`, 'objective', issues);
    requireOrder(file, role.from, role.to, path, issues);
    if (role.role === 'dirigente' && !role.orgUnit) issues.push({ file, path: `${path}.orgUnit`, message: 'a dirigente role needs the orgUnit it heads' });
  });

  const indicatorPaths = new Set<string>();
  const phasePaths = new Set<string>();
  for (const objective of objectiveList) {
    const base = `objectives[${codeOf(objective)}]`;
    (Array.isArray(objective.orgUnits) ? objective.orgUnits : []).forEach((unit, i) => requireRef(file, units, unit, `${base}.orgUnits[${i}]`, 'orgUnit', issues));
    requireRef(file, people, objective.responsible, `${base}.responsible`, 'person', issues);
    requireRef(file, people, objective.politicalReferent, `${base}.politicalReferent`, 'person', issues);
    const phaseList = list(objective.phases);
    const indicatorList = list(objective.indicators);
    const phaseCodes = duplicates(file, phaseList, `${base}.phases`, issues);
    const indicatorCodes = duplicates(file, indicatorList, `${base}.indicators`, issues);
    phaseCycles(file, base, phaseList, issues);
    for (const phase of phaseList) {
      const path = `${base}.phases[${phase.code}]`;
      requireRef(file, phaseCodes, phase.parent, `${path}.parent`, 'phase', issues);
      if (phase.parent === phase.code) issues.push({ file, path: `${path}.parent`, value: phase.parent, message: 'a phase cannot be its own parent' });
      requireRef(file, people, phase.owner, `${path}.owner`, 'person', issues);
      (Array.isArray(phase.indicators) ? phase.indicators : []).forEach((code, i) => requireRef(file, indicatorCodes, code, `${path}.indicators[${i}]`, 'indicator', issues));
      requireOrder(file, phase.start, phase.end, path, issues);
      phasePaths.add(`${codeOf(objective)}/${codeOf(phase)}`);
    }
    for (const indicator of indicatorList) {
      requireRef(file, people, indicator.reporter, `${base}.indicators[${indicator.code}].reporter`, 'person', issues);
      indicatorPaths.add(`${codeOf(objective)}/${codeOf(indicator)}`);
    }
  }

  list(plan.measurements).forEach((m, i) => {
    requireRef(file, indicatorPaths, m.indicator, `measurements[${i}].indicator`, 'indicator', issues);
    requireRef(file, people, m.by, `measurements[${i}].by`, 'person', issues);
  });
  list(plan.phaseProgress).forEach((p, i) => {
    requireRef(file, phasePaths, p.phase, `phaseProgress[${i}].phase`, 'phase', issues);
    requireRef(file, people, p.by, `phaseProgress[${i}].by`, 'person', issues);
  });
  list(plan.assessments).forEach((a, i) => {
    requireRef(file, objectives, a.objective, `assessments[${i}].objective`, 'objective', issues);
    requireRef(file, people, a.by, `assessments[${i}].by`, 'person', issues);
  });
  return issues;
}
