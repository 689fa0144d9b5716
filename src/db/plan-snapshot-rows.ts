/**
 * The plan's own rows (objectives, their units, phases, indicators) for the snapshot, each table
 * read as ONE JSON array built by the database: a 10,000-objective plan has 100,000 of these rows,
 * and turning each into a driver row and then a Prisma object cost four times what parsing one JSON
 * text does. Filtered by a join on the plan, never by a list of ids (no bound-parameter limit).
 * Reported values (with their timestamps) are still read through Prisma in plan-repository.ts.
 */
import { Prisma } from '../generated/sqlite/client.js';
import { isPostgresClient, type Db } from './database.js';

type Kind = 'value' | 'json' | 'bool';

/** Columns by name and how each comes back: as is, JSON stored as text (SQLite) or JSONB, or a boolean (0/1 on SQLite). */
type Columns = Record<string, Kind>;

function jsonObject(columns: Columns, postgres: boolean): string {
  const pairs = Object.entries(columns).map(([name, kind]) => `'${name}', ${kind === 'json' && !postgres ? `json(t."${name}")` : `t."${name}"`}`);
  return `${postgres ? 'json_build_object' : 'json_object'}(${pairs.join(', ')})`;
}

/** Reads `FROM …` as a JSON array of the columns, then sorts it by `order` (an aggregate keeps no promised order). */
async function readJsonRows<T>(db: Db, columns: Columns, from: Prisma.Sql, order: (a: T, b: T) => number): Promise<T[]> {
  const postgres = isPostgresClient(db);
  const aggregate = postgres ? `json_agg(${jsonObject(columns, true)})::text` : `json_group_array(${jsonObject(columns, false)})`;
  const [result] = await db.$queryRaw<Array<{ rows: string | null }>>`SELECT ${Prisma.raw(aggregate)} AS "rows" ${from}`;
  const rows = JSON.parse(result?.rows ?? '[]') as Array<Record<string, unknown>>;
  const booleans = Object.entries(columns).filter(([, kind]) => kind === 'bool').map(([name]) => name);
  for (const row of rows) for (const name of booleans) row[name] = row[name] === true || row[name] === 1;
  return (rows as T[]).sort(order);
}

const byPositionThenId = (a: { position: number; id: number }, b: { position: number; id: number }) => a.position - b.position || a.id - b.id;

export interface ObjectiveRow {
  id: number; position: number; code: string; title: string; description: string | null; transversal: boolean; responsibleId: number | null;
  politicalReferentId: number | null; assigneeText: string | null; horizon: string | null; purpose: string | null; budgetLink: string | null;
  weight: number | null; priority: string | null; status: string; strategicLink: string | null;
}

export interface ObjectiveUnitRow {
  objectiveId: number; orgUnitId: number; position: number;
}

export interface PhaseRow {
  id: number; position: number; objectiveId: number; code: string; title: string; parentCode: string | null; weight: number | null; status: string;
  indicatorCodes: unknown; ownerId: number | null; startDate: string | null; endDate: string | null; priorPct: number | null; monthly: unknown;
  marks: unknown; laterPct: number | null; continuesLater: boolean; printedTargets: unknown;
}

export interface IndicatorRow {
  id: number; position: number; objectiveId: number; code: string; name: string; kind: string | null; unit: string | null; weight: number | null;
  direction: string | null; targetRaw: string | null; target: unknown; checkpointTargets: unknown; baseline: string | null; context: boolean; reporterId: number | null;
}

const OBJECTIVE: Columns = {
  id: 'value', position: 'value', code: 'value', title: 'value', description: 'value', transversal: 'bool', responsibleId: 'value', politicalReferentId: 'value',
  assigneeText: 'value', horizon: 'value', purpose: 'value', budgetLink: 'value', weight: 'value', priority: 'value', status: 'value', strategicLink: 'value',
};
const OBJECTIVE_UNIT: Columns = { objectiveId: 'value', orgUnitId: 'value', position: 'value' };
const PHASE: Columns = {
  id: 'value', position: 'value', objectiveId: 'value', code: 'value', title: 'value', parentCode: 'value', weight: 'value', status: 'value', indicatorCodes: 'json',
  ownerId: 'value', startDate: 'value', endDate: 'value', priorPct: 'value', monthly: 'json', marks: 'json', laterPct: 'value', continuesLater: 'bool', printedTargets: 'json',
};
const INDICATOR: Columns = {
  id: 'value', position: 'value', objectiveId: 'value', code: 'value', name: 'value', kind: 'value', unit: 'value', weight: 'value', direction: 'value',
  targetRaw: 'value', target: 'json', checkpointTargets: 'json', baseline: 'value', context: 'bool', reporterId: 'value',
};

/** Live (not retired) rows of a table that has `objectiveId`, for the plan's live objectives. */
function ofLiveObjectives(table: string, planId: number, retiredColumn: boolean): Prisma.Sql {
  const own = retiredColumn ? Prisma.raw(`t."retired" = FALSE AND `) : Prisma.empty;
  return Prisma.sql`FROM ${Prisma.raw(`"${table}"`)} t JOIN "Objective" o ON o."id" = t."objectiveId" WHERE ${own}o."planId" = ${planId} AND o."retired" = FALSE`;
}

/** The plan's live objectives, their units, phases and indicators, each in the order the snapshot lists them (position, then id). */
export async function readPlanRows(db: Db, planId: number): Promise<{ objectives: ObjectiveRow[]; links: ObjectiveUnitRow[]; phases: PhaseRow[]; indicators: IndicatorRow[] }> {
  const objectives = await readJsonRows<ObjectiveRow>(db, OBJECTIVE, Prisma.sql`FROM "Objective" t WHERE t."planId" = ${planId} AND t."retired" = FALSE`, byPositionThenId);
  const links = await readJsonRows<ObjectiveUnitRow>(db, OBJECTIVE_UNIT, ofLiveObjectives('ObjectiveOrgUnit', planId, false), (a, b) => a.position - b.position || a.objectiveId - b.objectiveId);
  const phases = await readJsonRows<PhaseRow>(db, PHASE, ofLiveObjectives('Phase', planId, true), byPositionThenId);
  const indicators = await readJsonRows<IndicatorRow>(db, INDICATOR, ofLiveObjectives('Indicator', planId, true), byPositionThenId);
  return { objectives, links, phases, indicators };
}
