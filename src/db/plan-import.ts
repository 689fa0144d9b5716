/**
 * Writes a validated plan file into the database in one transaction: a failure writes nothing.
 * Idempotent (importing the same file twice changes no row) and in place (a changed file updates
 * rows, audits every change old → new, retires what it no longer lists, never deletes history).
 */
import { Prisma } from '../generated/sqlite/client.js';
import { isPostgresClient, type Db, type Tx } from './database.js';
import { insertRows, insertRowsReturningIds } from './bulk-insert.js';
import { AUDIT_LOG, INDICATOR, MEASUREMENT, OBJECTIVE, OBJECTIVE_ORG_UNIT, PHASE, PHASE_PROGRESS } from './plan-import-tables.js';
import { diffRows, type FieldChange } from './sync-rows.js';
import { recordMeasurement, recordProgress, type WriteOutcome } from './value-history.js';
import { retryOnCurrentValueConflict } from './unique-violation.js';
import type { PlanFile } from '../plan-file/schema.js';
import { parseTarget } from '../domain/targets.js';
import { parseAnswer } from '../domain/answers.js';
import type { TargetSpec } from '../domain/target-spec.js';
import type { IndicatorUnit } from '../domain/plan.js';

export interface ImportSummary {
  ente: string;
  plan: string;
  created: number;
  updated: number;
  retired: number;
  unchanged: number;
}

interface AuditEntry {
  enteId: number;
  actor: string;
  action: 'create' | 'update' | 'retire' | 'delete' | 'supersede';
  entity: string;
  entityId: string;
  oldValue?: unknown;
  newValue?: unknown;
  reason?: string;
}

type Row = Record<string, unknown> & { id: number };

/** Prisma refuses plain `null` for nullable JSON columns. */
function json(value: unknown): unknown {
  return value === null || value === undefined ? Prisma.DbNull : value;
}

function changesToAudit(changes: FieldChange[]): { oldValue: Record<string, unknown>; newValue: Record<string, unknown> } {
  return {
    oldValue: Object.fromEntries(changes.map((c) => [c.field, c.old])),
    newValue: Object.fromEntries(changes.map((c) => [c.field, c.new])),
  };
}

const JSON_FIELDS = new Set(['checkpoints', 'scoring', 'acknowledgedWarnings', 'monthly', 'marks', 'printedTargets', 'indicatorCodes', 'target', 'checkpointTargets', 'parsed', 'oldValue', 'newValue']);

function forWrite<T extends Record<string, unknown>>(data: T): Record<string, unknown> {
  return Object.fromEntries(Object.entries(data).map(([k, v]) => [k, JSON_FIELDS.has(k) ? json(v) : v]));
}

class ImportRun {
  readonly audit: AuditEntry[] = [];
  readonly summary = { created: 0, updated: 0, retired: 0, unchanged: 0 };

  constructor(
    readonly tx: Tx,
    readonly actor: string,
    readonly reason: string,
    /** The client's dialect, for the raw bulk inserts (JSON casts). */
    readonly postgres: boolean,
  ) {}

  /** The time stamped on rows written in bulk, as createMany's `@default(now())` did: once per statement batch. */
  get now(): Date {
    return new Date();
  }

  record(enteId: number, action: AuditEntry['action'], entity: string, entityId: string, oldValue?: unknown, newValue?: unknown): void {
    this.audit.push({ enteId, actor: this.actor, action, entity, entityId, oldValue, newValue, reason: this.reason });
  }

  /**
   * Creates, updates and retires one kind of row. `create` inserts the new rows and returns them;
   * `update` writes one row's patch; `retire` handles rows the file no longer lists.
   */
  async sync<D extends Record<string, unknown>>(opts: {
    enteId: number;
    entity: string;
    existing: Row[];
    desired: D[];
    key: (row: Record<string, unknown>) => string;
    label: (row: Record<string, unknown>) => string;
    /** Inserts the new rows as desired (a Prisma write passes them through forWrite for its JSON nulls). */
    create: (rows: D[]) => Promise<Row[]>;
    update: (id: number, patch: Record<string, unknown>) => Promise<unknown>;
    retire?: (rows: Row[]) => Promise<Row[]>;
  }): Promise<Map<string, Row>> {
    const diff = diffRows(opts.existing, opts.desired, opts.key, opts.key);
    const created = diff.created.length > 0 ? await opts.create(diff.created) : [];
    // Creations are audited as one row per kind (who, when, which rows): the new values are the rows themselves.
    if (diff.created.length > 0) this.record(opts.enteId, 'create', opts.entity, `${this.reason}`, undefined, { count: diff.created.length, rows: diff.created.map(opts.label) });
    for (const { row, data, changes } of diff.updated) {
      await opts.update(row.id, forWrite(data));
      const { oldValue, newValue } = changesToAudit(changes);
      this.record(opts.enteId, 'update', opts.entity, opts.label(row), oldValue, newValue);
    }
    const retired = opts.retire && diff.missing.length > 0 ? await opts.retire(diff.missing) : [];
    for (const row of retired) this.record(opts.enteId, 'retire', opts.entity, opts.label(row), { retired: false }, { retired: true });
    this.summary.created += diff.created.length;
    this.summary.updated += diff.updated.length;
    this.summary.retired += retired.length;
    this.summary.unchanged += diff.unchanged.length;
    const rows = new Map<string, Row>();
    for (const row of [...diff.unchanged, ...diff.updated.map((u) => ({ ...u.row, ...u.data }) as Row), ...created]) rows.set(opts.key(row), row);
    return rows;
  }
}

/** Writes audit rows in bulk, stamped with the time of writing (the column's default when created one by one). */
async function insertAudit(run: ImportRun, entries: AuditEntry[]): Promise<void> {
  const at = run.now;
  await insertRows(run.tx, AUDIT_LOG, entries.map((a) => ({ ...a, at })), run.postgres);
}

function must<T>(map: Map<string, T>, key: string | undefined, what: string): T {
  const value = key === undefined ? undefined : map.get(key);
  if (value === undefined) throw new Error(`import: ${what} ${key} not resolved (validated files never get here)`);
  return value;
}

/** The plan's id, from its objective rows (-1 for a plan without objectives: no row matches it). */
function planIdOf(objectives: Map<string, Row>, plan: PlanFile): number {
  const first = plan.objectives[0];
  return first === undefined ? -1 : (must(objectives, first.code, 'objective').planId as number);
}

function idOf(map: Map<string, Row>, key: string | undefined): number | null {
  return key === undefined ? null : (map.get(key)?.id ?? null);
}

/** Imports a validated plan file; `actor` and `reason` go into every audit row (e.g. "cli", "import segrate.json"). */
export async function importPlan(db: Db, plan: PlanFile, opts: { actor: string; reason: string }): Promise<ImportSummary> {
  // a chat answer stored at the same instant for a subject the file also sets: import again over it
  const summary = await retryOnCurrentValueConflict(() => db.$transaction(
    async (tx) => {
      const run = new ImportRun(tx, opts.actor, opts.reason, isPostgresClient(db));
      const enteId = await syncEnte(run, plan);
      const units = await syncOrgUnits(run, enteId, plan);
      const people = await syncPeople(run, enteId, plan);
      const planRow = await syncPlan(run, enteId, plan);
      const objectives = await syncObjectives(run, enteId, planRow, plan, people);
      await syncObjectiveUnits(run, enteId, plan, objectives, units);
      const phases = await syncPhases(run, enteId, plan, objectives, people);
      const indicators = await syncIndicators(run, enteId, plan, objectives, people);
      await syncRoles(run, enteId, planRow, plan, people, units, objectives);
      await syncHistory(run, enteId, plan, objectives, phases, indicators);
      if (run.audit.length > 0) {
        await insertAudit(run, run.audit);
      }
      return run.summary;
    },
    { timeout: 120_000, maxWait: 30_000 },
  ));
  return { ente: plan.ente.code, plan: plan.plan.code, ...summary };
}

async function syncEnte(run: ImportRun, plan: PlanFile): Promise<number> {
  const desired = { code: plan.ente.code, name: plan.ente.name, timezone: plan.ente.timezone, locale: plan.ente.locale, patronDay: plan.ente.patronDay ?? null };
  const existing = await run.tx.ente.findUnique({ where: { code: desired.code } });
  if (!existing) {
    const created = await run.tx.ente.create({ data: desired });
    run.record(created.id, 'create', 'Ente', desired.code, undefined, desired);
    run.summary.created++;
    return created.id;
  }
  await run.sync({
    enteId: existing.id,
    entity: 'Ente',
    existing: [existing as unknown as Row],
    desired: [desired],
    key: (r) => String(r.code),
    label: (r) => String(r.code),
    create: async () => [],
    update: (id, data) => run.tx.ente.update({ where: { id }, data }),
  });
  return existing.id;
}

async function syncOrgUnits(run: ImportRun, enteId: number, plan: PlanFile): Promise<Map<string, Row>> {
  const existing = (await run.tx.orgUnit.findMany({ where: { enteId } })) as unknown as Row[];
  const parentOf = new Map(plan.orgUnits.map((u) => [u.code, u.parent]));
  const depth = (code: string): number => {
    let d = 0;
    for (let p = parentOf.get(code); p !== undefined && d < plan.orgUnits.length; p = parentOf.get(p)) d++;
    return d;
  };
  // Level by level, parents first, so every unit is written once with its parent already known.
  const levels = [...new Set(plan.orgUnits.map((u) => depth(u.code)))].sort((a, b) => a - b);
  const units = new Map<string, Row>();
  for (const level of levels) {
    const desired = plan.orgUnits.filter((u) => depth(u.code) === level);
    const codes = new Set(desired.map((u) => u.code));
    const synced = await run.sync({
      enteId,
      entity: 'OrgUnit',
      existing: existing.filter((row) => codes.has(String(row.code))),
      desired: desired.map((u) => ({ code: u.code, name: u.name, parentId: idOf(units, u.parent) })),
      key: (r) => String(r.code),
      label: (r) => String(r.code),
      create: (rows) => run.tx.orgUnit.createManyAndReturn({ data: rows.map((r) => ({ ...(r as { code: string; name: string }), enteId })) }) as Promise<Row[]>,
      update: (id, data) => run.tx.orgUnit.update({ where: { id }, data }),
    });
    for (const [code, row] of synced) units.set(code, row);
  }
  return units;
}

async function syncPeople(run: ImportRun, enteId: number, plan: PlanFile): Promise<Map<string, Row>> {
  const existing = (await run.tx.person.findMany({ where: { enteId } })) as unknown as Row[];
  const people = await run.sync({
    enteId,
    entity: 'Person',
    existing,
    desired: plan.people.map((p) => ({ code: p.code, name: p.name, email: p.email ?? null, category: p.category ?? null, locale: p.locale ?? null })),
    key: (r) => String(r.code),
    label: (r) => String(r.code),
    create: (rows) => run.tx.person.createManyAndReturn({ data: rows.map((r) => ({ ...(r as { code: string; name: string }), enteId })) }) as Promise<Row[]>,
    update: (id, data) => run.tx.person.update({ where: { id }, data }),
  });
  // Filtered by a join on the ente, never by a list of ids: no bound-parameter limit at any plan size.
  const identities = (await run.tx.chatIdentity.findMany({ where: { person: { enteId } } })) as unknown as Row[];
  const codeById = new Map([...people.values()].map((p) => [p.id, String(p.code)]));
  const desiredIdentities = plan.people.flatMap((p) => {
    const personId = must(people, p.code, 'person').id;
    return [
      ...(p.slack ? [{ personId, platform: 'slack', externalId: p.slack }] : []),
      ...(p.telegram ? [{ personId, platform: 'telegram', externalId: p.telegram }] : []),
    ];
  });
  await run.sync({
    enteId,
    entity: 'ChatIdentity',
    existing: identities,
    desired: desiredIdentities,
    key: (r) => `${String(r.personId)}/${String(r.platform)}`,
    label: (r) => `${codeById.get(Number(r.personId))}/${String(r.platform)}`,
    create: (rows) => run.tx.chatIdentity.createManyAndReturn({ data: rows as Prisma.ChatIdentityCreateManyInput[] }) as Promise<Row[]>,
    update: (id, data) => run.tx.chatIdentity.update({ where: { id }, data }),
  });

  const absences = (await run.tx.absence.findMany({ where: { person: { enteId } } })) as unknown as Row[];
  await run.sync({
    enteId,
    entity: 'Absence',
    existing: absences,
    desired: plan.people.flatMap((p) =>
      p.absences.map((a) => ({ personId: must(people, p.code, 'person').id, fromDate: a.from, toDate: a.to, deputyId: idOf(people, a.deputy) })),
    ),
    key: (r) => `${String(r.personId)}/${String(r.fromDate)}/${String(r.toDate)}`,
    label: (r) => `${codeById.get(Number(r.personId))}/${String(r.fromDate)}..${String(r.toDate)}`,
    create: (rows) => run.tx.absence.createManyAndReturn({ data: rows as Prisma.AbsenceCreateManyInput[] }) as Promise<Row[]>,
    update: (id, data) => run.tx.absence.update({ where: { id }, data }),
    retire: async (rows) => {
      await run.tx.absence.deleteMany({ where: { id: { in: rows.map((r) => r.id) } } });
      return rows;
    },
  });
  return people;
}

async function syncPlan(run: ImportRun, enteId: number, plan: PlanFile): Promise<Row> {
  const desired = {
    code: plan.plan.code,
    title: plan.plan.title,
    year: plan.plan.year,
    checkpoints: [...plan.plan.checkpoints].sort(),
    scoring: plan.plan.scoring ?? {},
    acknowledgedWarnings: plan.acknowledgedWarnings.length > 0 ? plan.acknowledgedWarnings : null,
  };
  const existing = await run.tx.plan.findUnique({ where: { enteId_code: { enteId, code: desired.code } } });
  const rows = await run.sync({
    enteId,
    entity: 'Plan',
    existing: existing ? [existing as unknown as Row] : [],
    desired: [desired],
    key: (r) => String(r.code),
    label: (r) => `${plan.ente.code}/${String(r.code)}`,
    create: async (data) => [(await run.tx.plan.create({ data: { ...(forWrite(data[0]!) as Omit<Prisma.PlanUncheckedCreateInput, 'enteId'>), enteId } })) as unknown as Row],
    update: (id, data) => run.tx.plan.update({ where: { id }, data }),
  });
  return must(rows, desired.code, 'plan');
}

async function syncObjectives(run: ImportRun, enteId: number, planRow: Row, plan: PlanFile, people: Map<string, Row>): Promise<Map<string, Row>> {
  const planId = planRow.id;
  const existing = (await run.tx.objective.findMany({ where: { planId } })) as unknown as Row[];
  return run.sync({
    enteId,
    entity: 'Objective',
    existing,
    desired: plan.objectives.map((o, position) => ({
      code: o.code,
      position,
      title: o.title,
      description: o.description ?? null,
      transversal: o.transversal,
      responsibleId: idOf(people, o.responsible),
      politicalReferentId: idOf(people, o.politicalReferent),
      assigneeText: o.assigneeText ?? null,
      horizon: o.horizon ?? null,
      purpose: o.purpose ?? null,
      budgetLink: o.budgetLink ?? null,
      weight: o.weight ?? null,
      priority: o.priority ?? null,
      status: o.status,
      strategicLink: o.strategicLink ?? null,
      retired: false,
    })),
    key: (r) => String(r.code),
    label: (r) => `${plan.plan.code}/${String(r.code)}`,
    create: (data) => insertRowsReturningIds(run.tx, OBJECTIVE, data.map((r) => ({ ...r, planId })), ['code'], run.postgres),
    update: (id, data) => run.tx.objective.update({ where: { id }, data }),
    retire: (rows) => retireRows(rows, (ids) => run.tx.objective.updateMany({ where: { id: { in: ids } }, data: { retired: true } })),
  });
}

async function retireRows(rows: Row[], write: (ids: number[]) => Promise<unknown>): Promise<Row[]> {
  const live = rows.filter((r) => r.retired !== true);
  if (live.length > 0) await write(live.map((r) => r.id));
  return live;
}

/** Ids per statement where a list of ids is unavoidable: well within both databases' parameter limits. */
const ID_CHUNK = 500;

async function syncObjectiveUnits(run: ImportRun, enteId: number, plan: PlanFile, objectives: Map<string, Row>, units: Map<string, Row>): Promise<void> {
  const planId = planIdOf(objectives, plan);
  const existing = await run.tx.objectiveOrgUnit.findMany({ where: { objective: { planId } }, orderBy: { position: 'asc' } });
  const unitCode = new Map([...units.values()].map((u) => [u.id, String(u.code)]));
  const currentOf = new Map<number, string[]>();
  for (const link of existing) currentOf.set(link.objectiveId, [...(currentOf.get(link.objectiveId) ?? []), unitCode.get(link.orgUnitId) as string]);
  // Only the objectives whose units changed are rewritten, in bulk: one delete per chunk of ids, one insert.
  const changed: Array<{ id: number; objective: PlanFile['objectives'][number]; current: string[] }> = [];
  for (const objective of plan.objectives) {
    const id = must(objectives, objective.code, 'objective').id;
    const current = currentOf.get(id) ?? [];
    if (current.join(',') !== objective.orgUnits.join(',')) changed.push({ id, objective, current });
  }
  const replaced = changed.filter((c) => c.current.length > 0).map((c) => c.id);
  for (let i = 0; i < replaced.length; i += ID_CHUNK) await run.tx.objectiveOrgUnit.deleteMany({ where: { objectiveId: { in: replaced.slice(i, i + ID_CHUNK) } } });
  const rows = changed.flatMap(({ id, objective }) => objective.orgUnits.map((code, position) => ({ objectiveId: id, orgUnitId: must(units, code, 'orgUnit').id, position })));
  if (rows.length > 0) await insertRows(run.tx, OBJECTIVE_ORG_UNIT, rows, run.postgres);
  for (const { objective, current } of changed) {
    run.record(enteId, current.length ? 'update' : 'create', 'ObjectiveOrgUnits', `${plan.plan.code}/${objective.code}`, current.length ? current : undefined, objective.orgUnits);
  }
}

async function syncPhases(run: ImportRun, enteId: number, plan: PlanFile, objectives: Map<string, Row>, people: Map<string, Row>): Promise<Map<string, Row>> {
  const codeById = new Map([...objectives.values()].map((o) => [o.id, String(o.code)]));
  // Rows of retired objectives stay as they are (as when they were looked up by the live objectives' ids).
  const existing = ((await run.tx.phase.findMany({ where: { objective: { planId: planIdOf(objectives, plan) } } })) as unknown as Row[]).filter((r) => codeById.has(Number(r.objectiveId)));
  const key = (r: Record<string, unknown>) => `${codeById.get(Number(r.objectiveId))}/${String(r.code)}`;
  return run.sync({
    enteId,
    entity: 'Phase',
    existing,
    desired: plan.objectives.flatMap((o) =>
      o.phases.map((p, position) => ({
        objectiveId: must(objectives, o.code, 'objective').id,
        code: p.code,
        position,
        title: p.title,
        parentCode: p.parent ?? null,
        weight: p.weight ?? null,
        status: p.status,
        ownerId: idOf(people, p.owner),
        startDate: p.start ?? null,
        endDate: p.end ?? null,
        priorPct: p.priorPct ?? null,
        laterPct: p.laterPct ?? null,
        continuesLater: p.continuesLater ?? false,
        monthly: p.monthly ?? null,
        marks: p.marks ?? null,
        printedTargets: p.printedTargets ?? null,
        indicatorCodes: p.indicators ?? null,
        retired: false,
      })),
    ),
    key,
    label: (r) => `${plan.plan.code}/${key(r)}`,
    create: (data) => insertRowsReturningIds(run.tx, PHASE, data, ['objectiveId', 'code'], run.postgres),
    update: (id, data) => run.tx.phase.update({ where: { id }, data }),
    retire: (rows) => retireRows(rows, (ids) => run.tx.phase.updateMany({ where: { id: { in: ids } }, data: { retired: true } })),
  });
}

async function syncIndicators(run: ImportRun, enteId: number, plan: PlanFile, objectives: Map<string, Row>, people: Map<string, Row>): Promise<Map<string, Row>> {
  const codeById = new Map([...objectives.values()].map((o) => [o.id, String(o.code)]));
  // Rows of retired objectives stay as they are (as when they were looked up by the live objectives' ids).
  const existing = ((await run.tx.indicator.findMany({ where: { objective: { planId: planIdOf(objectives, plan) } } })) as unknown as Row[]).filter((r) => codeById.has(Number(r.objectiveId)));
  const key = (r: Record<string, unknown>) => `${codeById.get(Number(r.objectiveId))}/${String(r.code)}`;
  return run.sync({
    enteId,
    entity: 'Indicator',
    existing,
    desired: plan.objectives.flatMap((o) =>
      o.indicators.map((i, position) => {
        const parsed = i.target === undefined ? null : parseTarget(i.target, { planYear: plan.plan.year, unitHint: i.unit, kind: i.kind, direction: i.direction, indicatorName: i.name });
        return {
          objectiveId: must(objectives, o.code, 'objective').id,
          code: i.code,
          position,
          name: i.name,
          kind: i.kind ?? null,
          unit: i.unit ?? null,
          weight: i.weight ?? null,
          direction: i.direction ?? null,
          targetRaw: i.target ?? null,
          target: parsed ? { spec: parsed.spec, direction: parsed.direction, parseConfidence: parsed.parseConfidence } : null,
          checkpointTargets: i.targets ?? null,
          baseline: i.baseline ?? null,
          context: i.context,
          reporterId: idOf(people, i.reporter),
          retired: false,
        };
      }),
    ),
    key,
    label: (r) => `${plan.plan.code}/${key(r)}`,
    create: (data) => insertRowsReturningIds(run.tx, INDICATOR, data, ['objectiveId', 'code'], run.postgres),
    update: (id, data) => run.tx.indicator.update({ where: { id }, data }),
    retire: (rows) => retireRows(rows, (ids) => run.tx.indicator.updateMany({ where: { id: { in: ids } }, data: { retired: true } })),
  });
}

async function syncRoles(
  run: ImportRun,
  enteId: number,
  planRow: Row,
  plan: PlanFile,
  people: Map<string, Row>,
  units: Map<string, Row>,
  objectives: Map<string, Row>,
): Promise<void> {
  const existing = (await run.tx.roleAssignment.findMany({ where: { planId: planRow.id } })) as unknown as Row[];
  const personCode = new Map([...people.values()].map((p) => [p.id, String(p.code)]));
  const key = (r: Record<string, unknown>) =>
    [personCode.get(Number(r.personId)), r.role, r.orgUnitId ?? '', r.objectiveId ?? '', r.validFrom ?? '', r.validTo ?? ''].join('|');
  await run.sync({
    enteId,
    entity: 'RoleAssignment',
    existing,
    desired: plan.roles.map((r) => ({
      personId: must(people, r.person, 'person').id,
      role: r.role,
      orgUnitId: idOf(units, r.orgUnit),
      objectiveId: idOf(objectives, r.objective),
      validFrom: r.from ?? null,
      validTo: r.to ?? null,
    })),
    key,
    label: key,
    create: (rows) => run.tx.roleAssignment.createManyAndReturn({ data: rows.map((r) => ({ ...r, planId: planRow.id })) as Prisma.RoleAssignmentCreateManyInput[] }) as Promise<Row[]>,
    update: (id, data) => run.tx.roleAssignment.update({ where: { id }, data }),
    retire: async (rows) => {
      await run.tx.roleAssignment.deleteMany({ where: { id: { in: rows.map((r) => r.id) } } });
      return rows;
    },
  });
}

/**
 * Reported history in the file (measurements, phase progress, assessments): added when new, and a
 * different value for the same date supersedes the current one; nothing is ever deleted.
 */
async function syncHistory(run: ImportRun, enteId: number, plan: PlanFile, objectives: Map<string, Row>, phases: Map<string, Row>, indicators: Map<string, Row>): Promise<void> {
  const channel = 'import';
  const from = (label: string, by: string | undefined) => ({ enteId, by: by ?? null, channel, label: `${plan.plan.code}/${label}`, reason: run.reason });
  const count = (outcome: WriteOutcome) => {
    if (outcome === 'created') run.summary.created++;
    else if (outcome === 'superseded') run.summary.updated++;
    else run.summary.unchanged++;
  };
  // New values (the common case: a first import, a file with this month's values) are written in bulk:
  // one read of the current values, one insert, one audit insert. A value that supersedes another,
  // or a subject listed twice in the file, goes through the one-by-one path that links the two.
  const planId = planIdOf(objectives, plan);
  const currentMeasurements = new Map(
    (await run.tx.measurement.findMany({ where: { supersededAt: null, indicator: { objective: { planId } } }, select: { indicatorId: true, asOf: true, raw: true, status: true, note: true, byCode: true } })).map((m) => [`${m.indicatorId}/${m.asOf}`, m]),
  );
  const newMeasurements: Prisma.MeasurementCreateManyInput[] = [];
  const audits: AuditEntry[] = [];
  const flush = async () => {
    const recordedAt = run.now;
    if (newMeasurements.length > 0) await insertRows(run.tx, MEASUREMENT, newMeasurements.splice(0).map((m) => ({ ...m, recordedAt })), run.postgres);
    if (newProgress.length > 0) await insertRows(run.tx, PHASE_PROGRESS, newProgress.splice(0).map((p) => ({ ...p, recordedAt })), run.postgres);
    if (audits.length > 0) await insertAudit(run, audits.splice(0));
  };
  const newProgress: Prisma.PhaseProgressCreateManyInput[] = [];
  const written = new Set<string>();
  for (const m of plan.measurements) {
    const indicator = must(indicators, m.indicator, 'indicator');
    const target = indicator.target as { spec?: TargetSpec } | null;
    const parsed = parseAnswer(m.value, { unit: (indicator.unit as IndicatorUnit | null) ?? undefined, target: target?.spec, planYear: plan.plan.year });
    const value = { indicatorId: indicator.id, asOf: m.at, raw: m.value, parsed: parsed.ok ? parsed.value : { kind: 'text', text: m.value }, status: parsed.ok ? parsed.status : 'measured', note: m.note };
    const key = `m/${indicator.id}/${m.at}`;
    const current = currentMeasurements.get(`${indicator.id}/${m.at}`);
    const by = m.by ?? null;
    if (!written.has(key) && current && current.raw === value.raw && current.status === value.status && current.note === (m.note ?? null) && current.byCode === by) {
      run.summary.unchanged++;
    } else if (!written.has(key) && !current) {
      written.add(key);
      newMeasurements.push({ indicatorId: indicator.id, asOf: m.at, raw: value.raw, parsed: json(value.parsed) as Prisma.InputJsonValue, status: value.status, note: m.note ?? null, byCode: by, onBehalfOf: null, channel, messageRef: null });
      audits.push({ enteId, actor: by ?? channel, action: 'create', entity: 'Measurement', entityId: `${plan.plan.code}/${m.indicator}@${m.at}`, newValue: { raw: value.raw, status: value.status, by, onBehalfOf: null, channel }, reason: run.reason });
      run.summary.created++;
    } else {
      written.add(key);
      await flush();
      count(await recordMeasurement(run.tx, value, from(`${m.indicator}@${m.at}`, m.by)));
    }
  }
  const currentProgress = new Map(
    (await run.tx.phaseProgress.findMany({ where: { supersededAt: null, phase: { objective: { planId } } }, select: { phaseId: true, asOf: true, pct: true, note: true, byCode: true } })).map((p) => [`${p.phaseId}/${p.asOf}`, p]),
  );
  for (const p of plan.phaseProgress) {
    const phase = must(phases, p.phase, 'phase');
    const key = `p/${phase.id}/${p.at}`;
    const current = currentProgress.get(`${phase.id}/${p.at}`);
    const by = p.by ?? null;
    if (!written.has(key) && current && current.pct === p.pct && current.note === (p.note ?? null) && current.byCode === by) {
      run.summary.unchanged++;
    } else if (!written.has(key) && !current) {
      written.add(key);
      newProgress.push({ phaseId: phase.id, asOf: p.at, pct: p.pct, note: p.note ?? null, byCode: by, onBehalfOf: null, channel, messageRef: null });
      audits.push({ enteId, actor: by ?? channel, action: 'create', entity: 'PhaseProgress', entityId: `${plan.plan.code}/${p.phase}@${p.at}`, newValue: { pct: p.pct, by, onBehalfOf: null, channel }, reason: run.reason });
      run.summary.created++;
    } else {
      written.add(key);
      await flush();
      count(await recordProgress(run.tx, { phaseId: phase.id, asOf: p.at, pct: p.pct, note: p.note }, from(`${p.phase}@${p.at}`, p.by)));
    }
  }
  await flush();
  for (const a of plan.assessments) {
    const objective = must(objectives, a.objective, 'objective');
    const current = await run.tx.assessment.findFirst({ where: { objectiveId: objective.id, asOf: a.at, supersededAt: null } });
    if (current && current.pct === (a.pct ?? null) && current.status === a.status && (current.note ?? undefined) === a.note && (current.oivNote ?? undefined) === a.oivNote && (current.byCode ?? undefined) === a.by) continue;
    // superseded first: one current row per objective and date (a unique index)
    const at = new Date();
    if (current) await run.tx.assessment.update({ where: { id: current.id }, data: { supersededAt: at } });
    await run.tx.assessment.create({ data: { objectiveId: objective.id, asOf: a.at, pct: a.pct ?? null, status: a.status, note: a.note ?? null, oivNote: a.oivNote ?? null, byCode: a.by ?? null, channel, recordedAt: at, supersedesId: current?.id ?? null } });
    run.record(enteId, current ? 'supersede' : 'create', 'Assessment', `${plan.plan.code}/${a.objective}@${a.at}`, current ? { pct: current.pct, status: current.status, note: current.note, oivNote: current.oivNote, by: current.byCode } : undefined, { pct: a.pct ?? null, status: a.status, note: a.note ?? null, oivNote: a.oivNote ?? null, by: a.by ?? null });
    run.summary[current ? 'updated' : 'created']++;
  }
}
