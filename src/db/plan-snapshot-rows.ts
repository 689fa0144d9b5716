/**
 * The plan's own rows (objectives, their units, phases, indicators) and what is reported on them
 * (current progress, measurements, assessments) for the snapshot, each table read as ONE JSON text
 * built by the database: an array of rows, each row an array of cells in the order of its column
 * list. A 10,000-objective plan has 100,000 of these rows; turning each into a driver row and then
 * a Prisma object cost four times what parsing one JSON text does, and rows as arrays are a third
 * of the text (and of the parse) of rows as objects with their keys repeated.
 * Filtered by joins on the plan, never by a list of row ids (no bound-parameter limit); a sector's
 * read adds the sector's unit ids (a handful) to the filter.
 */
import { Prisma } from '../generated/sqlite/client.js';
import { isPostgresClient, type Db } from './database.js';

/** How a column comes back: as is, JSON stored as text (SQLite) or JSONB, a boolean (0/1 on SQLite), an instant as an ISO string (toISOString's format), or a double (Float). */
type Kind = 'value' | 'json' | 'bool' | 'instant' | 'real';

/** A table's columns in cell order, with the index of each cell by name. */
interface Shape<N extends string> {
  columns: ReadonlyArray<readonly [N, Kind]>;
  at: Record<N, number>;
}

function shape<N extends string>(columns: ReadonlyArray<readonly [N, Kind]>): Shape<N> {
  return { columns, at: Object.fromEntries(columns.map(([name], index) => [name, index])) as Record<N, number> };
}

/** One row as the database sent it: cells in the order of its shape's columns. */
export type Cells = unknown[];

function cellSql(name: string, kind: Kind, postgres: boolean): string {
  const column = `t."${name}"`;
  if (kind === 'json' && !postgres) return `json(${column})`;
  // toISOString's format on both databases (Prisma stores instants in UTC; SQLite as text with an offset).
  if (kind === 'instant') return postgres ? `to_char(${column}, 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')` : `strftime('%Y-%m-%dT%H:%M:%fZ', ${column})`;
  // SQLite's JSON writes a double with 15 significant digits (60.333333333333336 became 60.3333333333333):
  // as 17-digit text it reads back as the same double. PostgreSQL's JSON already writes the shortest exact form.
  if (kind === 'real' && !postgres) return `iif(${column} IS NULL, NULL, printf('%!.17g', ${column}))`;
  return column;
}

/** Reads `FROM …` as one JSON array of rows (arrays of cells), then sorts it by `order` (an aggregate keeps no promised order). */
async function readCells(db: Db, table: Shape<string>, from: Prisma.Sql, order: (a: Cells, b: Cells) => number): Promise<Cells[]> {
  const postgres = isPostgresClient(db);
  const cells = table.columns.map(([name, kind]) => cellSql(name, kind, postgres)).join(', ');
  const aggregate = postgres ? `json_agg(json_build_array(${cells}))::text` : `json_group_array(json_array(${cells}))`;
  const [result] = await db.$queryRaw<Array<{ rows: string | null }>>`SELECT ${Prisma.raw(aggregate)} AS "rows" ${from}`;
  const rows = JSON.parse(result?.rows ?? '[]') as Cells[];
  const booleans = table.columns.flatMap(([, kind], index) => (kind === 'bool' ? [index] : []));
  const reals = table.columns.flatMap(([, kind], index) => (kind === 'real' ? [index] : []));
  if (!postgres) {
    for (const row of rows) {
      for (const index of booleans) row[index] = row[index] === 1;
      for (const index of reals) if (row[index] !== null) row[index] = Number(row[index]);
    }
  }
  return rows.sort(order);
}

export const OBJECTIVE = shape([
  ['id', 'value'], ['position', 'value'], ['code', 'value'], ['title', 'value'], ['description', 'value'], ['transversal', 'bool'], ['responsibleId', 'value'],
  ['politicalReferentId', 'value'], ['assigneeText', 'value'], ['horizon', 'value'], ['purpose', 'value'], ['budgetLink', 'value'], ['weight', 'real'],
  ['priority', 'value'], ['status', 'value'], ['strategicLink', 'value'],
] as const);
export const OBJECTIVE_UNIT = shape([['objectiveId', 'value'], ['orgUnitId', 'value'], ['position', 'value']] as const);
export const PHASE = shape([
  ['id', 'value'], ['position', 'value'], ['objectiveId', 'value'], ['code', 'value'], ['title', 'value'], ['parentCode', 'value'], ['weight', 'real'],
  ['status', 'value'], ['indicatorCodes', 'json'], ['ownerId', 'value'], ['startDate', 'value'], ['endDate', 'value'], ['priorPct', 'real'], ['monthly', 'json'],
  ['marks', 'json'], ['laterPct', 'real'], ['continuesLater', 'bool'], ['printedTargets', 'json'],
] as const);
export const INDICATOR = shape([
  ['id', 'value'], ['position', 'value'], ['objectiveId', 'value'], ['code', 'value'], ['name', 'value'], ['kind', 'value'], ['unit', 'value'], ['weight', 'real'],
  ['direction', 'value'], ['targetRaw', 'value'], ['target', 'json'], ['checkpointTargets', 'json'], ['baseline', 'value'], ['context', 'bool'], ['reporterId', 'value'],
] as const);
export const PROGRESS = shape([
  ['id', 'value'], ['phaseId', 'value'], ['asOf', 'value'], ['pct', 'real'], ['note', 'value'], ['byCode', 'value'], ['onBehalfOf', 'value'], ['channel', 'value'],
  ['recordedAt', 'instant'],
] as const);
export const MEASUREMENT = shape([
  ['id', 'value'], ['indicatorId', 'value'], ['asOf', 'value'], ['raw', 'value'], ['parsed', 'json'], ['status', 'value'], ['note', 'value'], ['byCode', 'value'],
  ['onBehalfOf', 'value'], ['channel', 'value'], ['recordedAt', 'instant'],
] as const);
export const ASSESSMENT = shape([
  ['id', 'value'], ['objectiveId', 'value'], ['asOf', 'value'], ['kind', 'value'], ['pct', 'real'], ['status', 'value'], ['note', 'value'], ['oivNote', 'value'],
  ['byCode', 'value'], ['recordedAt', 'instant'],
] as const);

/** Rows ordered by two numeric cells (position then id, or objective then position). */
function byNumbers(first: number, second: number): (a: Cells, b: Cells) => number {
  return (a, b) => (a[first] as number) - (b[first] as number) || (a[second] as number) - (b[second] as number);
}

/** Reported rows in the order the snapshot lists them: by date (`YYYY-MM-DD` strings), then id. */
function byDateThenId(asOf: number, id: number): (a: Cells, b: Cells) => number {
  return (a, b) => (a[asOf] === b[asOf] ? (a[id] as number) - (b[id] as number) : (a[asOf] as string) < (b[asOf] as string) ? -1 : 1);
}

/** The plan's live objectives, or those of one sector (any of their units is one of `unitIds`). */
function liveObjectives(alias: string, planId: number, unitIds: readonly number[] | undefined): Prisma.Sql {
  const o = Prisma.raw(alias);
  const sector = unitIds
    ? Prisma.sql` AND ${o}."id" IN (SELECT l."objectiveId" FROM "ObjectiveOrgUnit" l WHERE l."orgUnitId" IN (${unitIds.length > 0 ? Prisma.join(unitIds) : Prisma.sql`NULL`}))`
    : Prisma.empty;
  return Prisma.sql`${o}."planId" = ${planId} AND ${o}."retired" = FALSE${sector}`;
}

/** Live (not retired, when the table has the column) rows of a table that has `objectiveId`, for the live objectives read. */
function ofObjectives(table: string, planId: number, unitIds: readonly number[] | undefined, retiredColumn: boolean): Prisma.Sql {
  const own = retiredColumn ? Prisma.raw(`t."retired" = FALSE AND `) : Prisma.empty;
  return Prisma.sql`FROM ${Prisma.raw(`"${table}"`)} t JOIN "Objective" o ON o."id" = t."objectiveId" WHERE ${own}${liveObjectives('o', planId, unitIds)}`;
}

/** Current (not superseded) reported rows of `table`, whose `parentColumn` points at a live row of `parentTable` (Phase or Indicator). */
function reportedOn(table: string, parentTable: string, parentColumn: string, planId: number, unitIds: readonly number[] | undefined): Prisma.Sql {
  return Prisma.sql`FROM ${Prisma.raw(`"${table}" t JOIN "${parentTable}" p ON p."id" = t."${parentColumn}" JOIN "Objective" o ON o."id" = p."objectiveId"`)} WHERE t."supersededAt" IS NULL AND p."retired" = FALSE AND ${liveObjectives('o', planId, unitIds)}`;
}

export interface PlanRows {
  objectives: Cells[];
  links: Cells[];
  phases: Cells[];
  indicators: Cells[];
  progress: Cells[];
  measurements: Cells[];
  assessments: Cells[];
}

/**
 * The plan's live objectives (all, or those with a unit among `unitIds`: one sector), their units,
 * phases, indicators and current reported values, each in the order the snapshot lists them.
 */
export async function readPlanRows(db: Db, planId: number, unitIds?: readonly number[]): Promise<PlanRows> {
  const [objectives, links, phases, indicators, progress, measurements, assessments] = await Promise.all([
    readCells(db, OBJECTIVE, Prisma.sql`FROM "Objective" t WHERE ${liveObjectives('t', planId, unitIds)}`, byNumbers(OBJECTIVE.at.position, OBJECTIVE.at.id)),
    readCells(db, OBJECTIVE_UNIT, ofObjectives('ObjectiveOrgUnit', planId, unitIds, false), byNumbers(OBJECTIVE_UNIT.at.position, OBJECTIVE_UNIT.at.objectiveId)),
    readCells(db, PHASE, ofObjectives('Phase', planId, unitIds, true), byNumbers(PHASE.at.position, PHASE.at.id)),
    readCells(db, INDICATOR, ofObjectives('Indicator', planId, unitIds, true), byNumbers(INDICATOR.at.position, INDICATOR.at.id)),
    readCells(db, PROGRESS, reportedOn('PhaseProgress', 'Phase', 'phaseId', planId, unitIds), byDateThenId(PROGRESS.at.asOf, PROGRESS.at.id)),
    readCells(db, MEASUREMENT, reportedOn('Measurement', 'Indicator', 'indicatorId', planId, unitIds), byDateThenId(MEASUREMENT.at.asOf, MEASUREMENT.at.id)),
    readCells(db, ASSESSMENT, Prisma.sql`FROM "Assessment" t JOIN "Objective" o ON o."id" = t."objectiveId" WHERE t."supersededAt" IS NULL AND ${liveObjectives('o', planId, unitIds)}`, byDateThenId(ASSESSMENT.at.asOf, ASSESSMENT.at.id)),
  ]);
  return { objectives, links, phases, indicators, progress, measurements, assessments };
}
