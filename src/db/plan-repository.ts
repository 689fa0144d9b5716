/**
 * Reads a plan and everything reported on it from the database into the domain's PlanSnapshot.
 * The only place that turns plan rows into domain types.
 */
import type { Db } from './database.js';
import { cachedByVersion, cachedSnapshot, planDataVersion, snapshotIfCached } from './plan-snapshot-cache.js';
import { sectorSnapshot } from '../domain/sector-scope.js';
import { readPlanRows } from './plan-snapshot-rows.js';
import { snapshotObjectives } from './plan-snapshot-objectives.js';
import { DEFAULT_SCORING, type RoleName, type ScoringSettings } from '../domain/plan.js';
import type { PlanHeader, PlanSnapshot } from '../domain/plan-state.js';

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

/**
 * Loads the plan `planCode` of ente `enteCode`, with current reports only, straight from the
 * database (see plan-snapshot-cache.ts for the cached read the chat and the scheduler use).
 * With `sector`, only the objectives that count in that sector (and their values) are read:
 * the snapshot `sectorSnapshot` (reports/sector-report.ts) narrows a full one to.
 *
 * One flat query per table, each filtered by a join on the plan (not Prisma's nested `include`,
 * which sends every parent id as one bound parameter and so breaks above ≈ 5,400 objectives on
 * SQLite and ≈ 10,900 on PostgreSQL): the statement count and size do not grow with the plan.
 * The plan's objectives and everything under them come as one JSON text per table (plan-snapshot-rows.ts).
 */
export async function readPlanSnapshot(db: Db, enteCode: string, planCode: string, sector?: string): Promise<PlanSnapshot> {
  const ente = await db.ente.findUnique({ where: { code: enteCode } });
  if (!ente) throw new PlanNotFoundError(enteCode);
  const plan = await db.plan.findUnique({ where: { enteId_code: { enteId: ente.id, code: planCode } } });
  if (!plan) throw new PlanNotFoundError(enteCode, planCode);

  // Only the columns the snapshot uses: converting every cell of every row is most of a big plan's read.
  const [units, peopleRows, identities, absenceRows, roles] = await Promise.all([
    db.orgUnit.findMany({ where: { enteId: ente.id }, orderBy: { id: 'asc' }, select: { id: true, code: true, name: true, parentId: true } }),
    db.person.findMany({ where: { enteId: ente.id }, orderBy: { id: 'asc' }, select: { id: true, code: true, name: true, email: true, category: true, locale: true } }),
    db.chatIdentity.findMany({ where: { person: { enteId: ente.id } }, orderBy: { id: 'asc' }, select: { personId: true, platform: true, externalId: true } }),
    db.absence.findMany({ where: { person: { enteId: ente.id } }, orderBy: [{ fromDate: 'asc' }, { id: 'asc' }], select: { personId: true, fromDate: true, toDate: true, deputyId: true } }),
    // A role's objective by a join, not from the objectives read: a sector's read has only some of them.
    db.roleAssignment.findMany({
      where: { planId: plan.id },
      orderBy: { id: 'asc' },
      select: { personId: true, role: true, orgUnitId: true, validFrom: true, validTo: true, objective: { select: { code: true, planId: true, retired: true } } },
    }),
  ]);
  const rows = await readPlanRows(db, plan.id, sector === undefined ? undefined : unitsUnder(units, sector));
  const identitiesOf = byParent(identities, (i) => i.personId);
  const absencesOf = byParent(absenceRows, (a) => a.personId);
  const unitCode = new Map(units.map((u) => [u.id, u.code]));
  const personCode = new Map(peopleRows.map((p) => [p.id, p.code]));
  const code = (map: Map<number, string>, id: number | null) => (id === null ? undefined : map.get(id));
  const { objectives, measurements, phaseProgress, assessments } = snapshotObjectives(rows, { unitCode, personCode });

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
    people: peopleRows.map((p) => {
      const ids = identitiesOf.get(p.id) ?? [];
      return defined({
        code: p.code,
        name: p.name,
        email: opt(p.email),
        category: opt(p.category) as 'B' | 'C' | 'D' | 'DPO' | 'DIRIGENTE' | undefined,
        slack: ids.find((i) => i.platform === 'slack')?.externalId,
        telegram: ids.find((i) => i.platform === 'telegram')?.externalId,
        locale: opt(p.locale) as 'it' | 'en' | undefined,
        absences: (absencesOf.get(p.id) ?? []).map((a) => defined({ from: a.fromDate, to: a.toDate, deputy: code(personCode, a.deputyId) })),
      });
    }),
    roles: roles.map((r) =>
      defined({
        person: personCode.get(r.personId) as string,
        role: r.role as RoleName,
        orgUnit: code(unitCode, r.orgUnitId),
        // as when roles were resolved against the plan's live objectives only
        objective: r.objective && r.objective.planId === plan.id && !r.objective.retired ? r.objective.code : undefined,
        from: opt(r.validFrom),
        to: opt(r.validTo),
      }),
    ),
    objectives,
    measurements,
    phaseProgress,
    assessments,
  };
  return snapshot;
}

/** The ids of `sector` (a top-level unit code) and every unit under it: an objective counts in the sector when one of its units is among them. */
function unitsUnder(units: Array<{ id: number; code: string; parentId: number | null }>, sector: string): number[] {
  const top = units.find((u) => u.code === sector && u.parentId === null);
  if (!top) return [];
  const children = byParent(units.filter((u) => u.parentId !== null), (u) => u.parentId as number);
  const ids: number[] = [];
  for (const queue = [top.id]; queue.length > 0; ) {
    const id = queue.pop() as number;
    ids.push(id);
    for (const child of children.get(id) ?? []) queue.push(child.id);
  }
  return ids;
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

/**
 * The plan narrowed to one sector (`sectorSnapshot` of domain/sector-scope.ts: the objectives that
 * count in `sector`, their values; people, roles and units whole): from the full snapshot when it
 * is cached at the current version, else read for that sector alone (a tenth of a plan of ten
 * sectors) and cached per sector. For a sector's digest or report; an unknown sector gives a
 * snapshot without objectives.
 */
export async function loadSectorSnapshot(db: Db, enteCode: string, planCode: string, sector: string, version?: number): Promise<PlanSnapshot> {
  version ??= await planDataVersion(db);
  const full = snapshotIfCached(db, `${enteCode}\u0000${planCode}`, version);
  if (full) return sectorSnapshot(await full, sector);
  return cachedSnapshot(db, `${enteCode}\u0000${planCode}\u0000${sector}`, () => readPlanSnapshot(db, enteCode, planCode, sector), version);
}
