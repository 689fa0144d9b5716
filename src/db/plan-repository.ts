/**
 * Reads a plan and everything reported on it from the database into the domain's PlanSnapshot.
 * The only place that turns plan rows into domain types.
 */
import type { Db } from './database.js';
import { cachedByVersion, cachedSnapshot } from './plan-snapshot-cache.js';
import { readPlanRows } from './plan-snapshot-rows.js';
import { DEFAULT_SCORING, type AssessmentStatus, type IndicatorKind, type IndicatorUnit, type PhaseStatus, type Priority, type ObjectiveStatus, type RoleName, type ScoringSettings } from '../domain/plan.js';
import type { PlanHeader, PlanSnapshot } from '../domain/plan-state.js';
import type { TargetField } from '../domain/target-spec.js';
import type { MeasuredValue, MeasurementStatus } from '../domain/measured-value.js';

/** Thrown when the ente or plan asked for is not in the database. */
export class PlanNotFoundError extends Error {
  constructor(
    readonly ente: string,
    readonly plan?: string,
    readonly person?: string,
  ) {
    super(
      person !== undefined
        ? `person "${person}" of ente "${ente}" not found`
        : plan === undefined
          ? `ente "${ente}" not found`
          : `plan "${plan}" of ente "${ente}" not found`,
    );
    this.name = 'PlanNotFoundError';
  }
}

function opt<T>(value: T | null | undefined): T | undefined {
  return value === null ? undefined : value;
}

/** The object without its undefined fields, keys in the same order (a plain loop: this runs once per row of a big plan). */
function defined<T extends Record<string, unknown>>(value: T): T {
  const result: Record<string, unknown> = {};
  for (const key in value) if (value[key] !== undefined) result[key] = value[key];
  return result as T;
}

/** The plan's acknowledged warnings as stored (absent when none), keys in plan-format.md order whatever the database's JSON order. */
function acknowledgedOf(stored: unknown): Pick<PlanHeader, 'acknowledgedWarnings'> {
  const list = Array.isArray(stored) ? (stored as NonNullable<PlanHeader['acknowledgedWarnings']>) : [];
  if (list.length === 0) return {};
  return { acknowledgedWarnings: list.map((a) => defined({ code: a.code, subject: a.subject, value: a.value, reason: a.reason })) };
}

export function effectiveScoring(declared: PlanHeader['scoringDeclared']): ScoringSettings {
  return { ...DEFAULT_SCORING, ...declared };
}

/** Groups rows by a numeric key, keeping their order (the queries' ORDER BY). */
function byParent<T>(rows: T[], key: (row: T) => number): Map<number, T[]> {
  const map = new Map<number, T[]>();
  for (const row of rows) {
    const list = map.get(key(row));
    if (list) list.push(row);
    else map.set(key(row), [row]);
  }
  return map;
}

const PROGRESS_COLUMNS = { phaseId: true, asOf: true, pct: true, note: true, byCode: true, onBehalfOf: true, channel: true, recordedAt: true } as const;
const MEASUREMENT_COLUMNS = { indicatorId: true, asOf: true, raw: true, parsed: true, status: true, note: true, byCode: true, onBehalfOf: true, channel: true, recordedAt: true } as const;
const ASSESSMENT_COLUMNS = { objectiveId: true, asOf: true, kind: true, pct: true, status: true, note: true, oivNote: true, byCode: true, recordedAt: true } as const;

/**
 * Loads the plan `planCode` of ente `enteCode`, with current reports only, straight from the
 * database (see plan-snapshot-cache.ts for the cached read the chat and the scheduler use).
 *
 * One flat query per table, each filtered by a join on the plan (not Prisma's nested `include`,
 * which sends every parent id as one bound parameter and so breaks above ≈ 5,400 objectives on
 * SQLite and ≈ 10,900 on PostgreSQL): the statement count and size do not grow with the plan.
 * The plan's own rows come as one JSON array per table (plan-snapshot-rows.ts).
 */
export async function readPlanSnapshot(db: Db, enteCode: string, planCode: string): Promise<PlanSnapshot> {
  const ente = await db.ente.findUnique({ where: { code: enteCode } });
  if (!ente) throw new PlanNotFoundError(enteCode);
  const plan = await db.plan.findUnique({ where: { enteId_code: { enteId: ente.id, code: planCode } } });
  if (!plan) throw new PlanNotFoundError(enteCode, planCode);

  const live = { planId: plan.id, retired: false };
  const livePhase = { retired: false, objective: live };
  const liveIndicator = { retired: false, objective: live };
  // Only the columns the snapshot uses: converting every cell of every row is most of a big plan's read.
  const [units, peopleRows, identities, absenceRows, roles, { objectives: objectiveRows, links, phases: phaseRows, indicators: indicatorRows }, progressRows, measurementRows, assessmentRows] = await Promise.all([
    db.orgUnit.findMany({ where: { enteId: ente.id }, orderBy: { id: 'asc' }, select: { id: true, code: true, name: true, parentId: true } }),
    db.person.findMany({ where: { enteId: ente.id }, orderBy: { id: 'asc' }, select: { id: true, code: true, name: true, email: true, category: true, locale: true } }),
    db.chatIdentity.findMany({ where: { person: { enteId: ente.id } }, orderBy: { id: 'asc' }, select: { personId: true, platform: true, externalId: true } }),
    db.absence.findMany({ where: { person: { enteId: ente.id } }, orderBy: [{ fromDate: 'asc' }, { id: 'asc' }], select: { personId: true, fromDate: true, toDate: true, deputyId: true } }),
    db.roleAssignment.findMany({ where: { planId: plan.id }, orderBy: { id: 'asc' }, select: { personId: true, role: true, orgUnitId: true, objectiveId: true, validFrom: true, validTo: true } }),
    readPlanRows(db, plan.id),
    db.phaseProgress.findMany({ where: { supersededAt: null, phase: livePhase }, orderBy: [{ asOf: 'asc' }, { id: 'asc' }], select: PROGRESS_COLUMNS }),
    db.measurement.findMany({ where: { supersededAt: null, indicator: liveIndicator }, orderBy: [{ asOf: 'asc' }, { id: 'asc' }], select: MEASUREMENT_COLUMNS }),
    db.assessment.findMany({ where: { supersededAt: null, objective: live }, orderBy: [{ asOf: 'asc' }, { id: 'asc' }], select: ASSESSMENT_COLUMNS }),
  ]);
  const identitiesOf = byParent(identities, (i) => i.personId);
  const absencesOf = byParent(absenceRows, (a) => a.personId);
  const linksOf = byParent(links, (l) => l.objectiveId);
  const phasesOf = byParent(phaseRows, (p) => p.objectiveId);
  const indicatorsOf = byParent(indicatorRows, (i) => i.objectiveId);
  const progressOf = byParent(progressRows, (r) => r.phaseId);
  const measurementsOf = byParent(measurementRows, (m) => m.indicatorId);
  const assessmentsOf = byParent(assessmentRows, (a) => a.objectiveId);
  const people = peopleRows.map((p) => ({ ...p, identities: identitiesOf.get(p.id) ?? [], absences: absencesOf.get(p.id) ?? [] }));
  const objectives = objectiveRows.map((o) => ({
    ...o,
    orgUnits: linksOf.get(o.id) ?? [],
    phases: (phasesOf.get(o.id) ?? []).map((p) => ({ ...p, progress: progressOf.get(p.id) ?? [] })),
    indicators: (indicatorsOf.get(o.id) ?? []).map((i) => ({ ...i, measurements: measurementsOf.get(i.id) ?? [] })),
    assessments: assessmentsOf.get(o.id) ?? [],
  }));
  const unitCode = new Map(units.map((u) => [u.id, u.code]));
  const personCode = new Map(people.map((p) => [p.id, p.code]));
  const objectiveCode = new Map(objectives.map((o) => [o.id, o.code]));
  const code = (map: Map<number, string>, id: number | null) => (id === null ? undefined : map.get(id));

  const scoringDeclared = plan.scoring as PlanHeader['scoringDeclared'];
  const snapshot: PlanSnapshot = {
    ente: defined({ code: ente.code, name: ente.name, timezone: ente.timezone, locale: ente.locale as 'it' | 'en', patronDay: opt(ente.patronDay) }),
    plan: {
      code: plan.code,
      title: plan.title,
      year: plan.year,
      checkpoints: plan.checkpoints as string[],
      closedCheckpoints: (plan.closedCheckpoints as string[] | null) ?? [],
      scoring: effectiveScoring(scoringDeclared),
      scoringDeclared,
      ...acknowledgedOf(plan.acknowledgedWarnings),
    },
    orgUnits: units.map((u) => defined({ code: u.code, name: u.name, parent: code(unitCode, u.parentId) })),
    people: people.map((p) =>
      defined({
        code: p.code,
        name: p.name,
        email: opt(p.email),
        category: opt(p.category) as 'B' | 'C' | 'D' | 'DPO' | 'DIRIGENTE' | undefined,
        slack: p.identities.find((i) => i.platform === 'slack')?.externalId,
        telegram: p.identities.find((i) => i.platform === 'telegram')?.externalId,
        locale: opt(p.locale) as 'it' | 'en' | undefined,
        absences: p.absences.map((a) => defined({ from: a.fromDate, to: a.toDate, deputy: code(personCode, a.deputyId) })),
      }),
    ),
    roles: roles.map((r) =>
      defined({
        person: personCode.get(r.personId) as string,
        role: r.role as RoleName,
        orgUnit: code(unitCode, r.orgUnitId),
        objective: code(objectiveCode, r.objectiveId),
        from: opt(r.validFrom),
        to: opt(r.validTo),
      }),
    ),
    objectives: objectives.map((o) =>
      defined({
        code: o.code,
        title: o.title,
        description: opt(o.description),
        orgUnits: o.orgUnits.map((l) => unitCode.get(l.orgUnitId) as string),
        transversal: o.transversal,
        responsible: code(personCode, o.responsibleId),
        politicalReferent: code(personCode, o.politicalReferentId),
        assigneeText: opt(o.assigneeText),
        horizon: opt(o.horizon),
        purpose: opt(o.purpose),
        budgetLink: opt(o.budgetLink),
        weight: opt(o.weight),
        priority: opt(o.priority) as Priority | undefined,
        status: o.status as ObjectiveStatus,
        strategicLink: opt(o.strategicLink),
        phases: o.phases.map((p) =>
          defined({
            code: p.code,
            title: p.title,
            parent: opt(p.parentCode),
            weight: opt(p.weight),
            status: p.status as PhaseStatus,
            indicators: opt(p.indicatorCodes as string[] | null),
            owner: code(personCode, p.ownerId),
            start: opt(p.startDate),
            end: opt(p.endDate),
            priorPct: opt(p.priorPct),
            monthly: opt(p.monthly as Record<string, number> | null),
            marks: opt(p.marks as string[] | null),
            laterPct: opt(p.laterPct),
            continuesLater: p.continuesLater ? true : undefined,
            printedTargets: opt(p.printedTargets as Record<string, number> | null),
          }),
        ),
        indicators: o.indicators.map((i) => {
          const stored = i.target as Omit<TargetField, 'raw'> | null;
          return defined({
            code: i.code,
            name: i.name,
            kind: opt(i.kind) as IndicatorKind | undefined,
            unit: opt(i.unit) as IndicatorUnit | undefined,
            weight: opt(i.weight),
            direction: opt(i.direction) as 'higher' | 'lower' | 'exact' | undefined,
            target: opt(i.targetRaw),
            targets: opt(i.checkpointTargets as Record<string, string> | null),
            baseline: opt(i.baseline),
            context: i.context,
            reporter: code(personCode, i.reporterId),
            targetField: stored && i.targetRaw !== null ? { raw: i.targetRaw, ...stored } : undefined,
          });
        }),
      }),
    ),
    measurements: objectives.flatMap((o) =>
      o.indicators.flatMap((i) =>
        i.measurements.map((m) =>
          defined({
            objective: o.code,
            indicator: i.code,
            asOf: m.asOf,
            raw: m.raw,
            value: (m.parsed as MeasuredValue | null) ?? null,
            status: m.status as MeasurementStatus,
            note: opt(m.note),
            by: opt(m.byCode),
            onBehalfOf: opt(m.onBehalfOf),
            channel: m.channel,
            recordedAt: m.recordedAt.toISOString(),
          }),
        ),
      ),
    ),
    phaseProgress: objectives.flatMap((o) =>
      o.phases.flatMap((p) =>
        p.progress.map((r) =>
          defined({
            objective: o.code,
            phase: p.code,
            asOf: r.asOf,
            pct: r.pct,
            note: opt(r.note),
            by: opt(r.byCode),
            onBehalfOf: opt(r.onBehalfOf),
            channel: r.channel,
            recordedAt: r.recordedAt.toISOString(),
          }),
        ),
      ),
    ),
    assessments: objectives.flatMap((o) =>
      o.assessments.map((a) =>
        defined({
          objective: o.code,
          asOf: a.asOf,
          kind: a.kind as 'intermediate' | 'final',
          pct: opt(a.pct),
          status: a.status as AssessmentStatus,
          note: opt(a.note),
          oivNote: opt(a.oivNote),
          by: opt(a.byCode),
          recordedAt: a.recordedAt.toISOString(),
        }),
      ),
    ),
  };
  return snapshot;
}

/**
 * The code of the ente's plan with the latest year (the one monitored now), for commands where
 * --plan is optional and for every chat turn: cached per plan version like the snapshot.
 */
export async function latestPlanCode(db: Db, enteCode: string, version?: number): Promise<string> {
  return cachedByVersion(db, `latest-plan\u0000${enteCode}`, () => readLatestPlanCode(db, enteCode), version);
}

async function readLatestPlanCode(db: Db, enteCode: string): Promise<string> {
  const ente = await db.ente.findUnique({ where: { code: enteCode }, include: { plans: { orderBy: [{ year: 'desc' }, { id: 'desc' }], take: 1 } } });
  if (!ente) throw new PlanNotFoundError(enteCode);
  const plan = ente.plans[0];
  if (!plan) throw new PlanNotFoundError(enteCode, '(any)');
  return plan.code;
}

/**
 * The plan `planCode` of ente `enteCode` with current reports only: cached per plan version (one
 * small query when nothing changed since the last call, in this process or another; see
 * plan-snapshot-cache.ts). The snapshot is shared and frozen: callers must not modify it.
 */
export async function loadPlanSnapshot(db: Db, enteCode: string, planCode: string, version?: number): Promise<PlanSnapshot> {
  return cachedSnapshot(db, `${enteCode}\u0000${planCode}`, () => readPlanSnapshot(db, enteCode, planCode), version);
}
