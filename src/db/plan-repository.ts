/**
 * Reads a plan and everything reported on it from the database into the domain's PlanSnapshot.
 * The only place that turns plan rows into domain types.
 */
import type { Db } from './database.js';
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

function defined<T extends Record<string, unknown>>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

export function effectiveScoring(declared: PlanHeader['scoringDeclared']): ScoringSettings {
  return { ...DEFAULT_SCORING, ...declared };
}

/** Loads the plan `planCode` of ente `enteCode`, with current reports only. */
export async function loadPlanSnapshot(db: Db, enteCode: string, planCode: string): Promise<PlanSnapshot> {
  const ente = await db.ente.findUnique({ where: { code: enteCode } });
  if (!ente) throw new PlanNotFoundError(enteCode);
  const plan = await db.plan.findUnique({ where: { enteId_code: { enteId: ente.id, code: planCode } } });
  if (!plan) throw new PlanNotFoundError(enteCode, planCode);

  const [units, people, roles, objectives] = await Promise.all([
    db.orgUnit.findMany({ where: { enteId: ente.id }, orderBy: { id: 'asc' } }),
    db.person.findMany({ where: { enteId: ente.id }, orderBy: { id: 'asc' }, include: { identities: true, absences: { orderBy: { fromDate: 'asc' } } } }),
    db.roleAssignment.findMany({ where: { planId: plan.id }, orderBy: { id: 'asc' } }),
    db.objective.findMany({
      where: { planId: plan.id, retired: false },
      orderBy: { position: 'asc' },
      include: {
        orgUnits: { orderBy: { position: 'asc' } },
        phases: { where: { retired: false }, orderBy: { position: 'asc' }, include: { progress: { where: { supersededAt: null }, orderBy: { asOf: 'asc' } } } },
        indicators: { where: { retired: false }, orderBy: { position: 'asc' }, include: { measurements: { where: { supersededAt: null }, orderBy: { asOf: 'asc' } } } },
        assessments: { where: { supersededAt: null }, orderBy: { asOf: 'asc' } },
      },
    }),
  ]);
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

/** The code of the ente's plan with the latest year (the one monitored now), for commands where --plan is optional. */
export async function latestPlanCode(db: Db, enteCode: string): Promise<string> {
  const ente = await db.ente.findUnique({ where: { code: enteCode }, include: { plans: { orderBy: [{ year: 'desc' }, { id: 'desc' }], take: 1 } } });
  if (!ente) throw new PlanNotFoundError(enteCode);
  const plan = ente.plans[0];
  if (!plan) throw new PlanNotFoundError(enteCode, '(any)');
  return plan.code;
}
