/**
 * Inserting many rows of one table as multi-row INSERT statements of raw SQL. Prisma's createMany
 * and createManyAndReturn spend most of a big import compiling the query and converting every
 * argument in JavaScript (a 1,000-objective plan: ≈ 10 s of CPU, half of it garbage collection);
 * the same rows as a few raw statements take a fraction of that. Values are bound parameters, never
 * spliced into the SQL text.
 */
import { Prisma } from '../generated/sqlite/client.js';
import type { Tx } from './database.js';

/**
 * Bound parameters per statement: well within SQLite's (32,766) and PostgreSQL's (65,535) limits,
 * and large enough that a 10,000-objective plan needs only tens of statements per table.
 */
const PARAMETERS_PER_STATEMENT = 6_000;

/** One table's shape for raw inserts: its columns in order and which of them hold JSON. */
export interface BulkTable {
  name: string;
  columns: readonly string[];
  json?: ReadonlySet<string>;
}

/** SQL NULL for absent values and Prisma's DbNull/JsonNull markers (what createMany writes for them). */
function isNull(value: unknown): boolean {
  return value === null || value === undefined || value === Prisma.DbNull || value === Prisma.JsonNull;
}

/**
 * A fraction as its shortest decimal text, cast by the database: Prisma binds a raw query's
 * non-integer number with fewer significant digits than a double needs (0.47619047619047616 was
 * stored as 0.4761904761904762), so a weight computed in a spreadsheet came back different and the
 * next import of the same plan recorded a change that was none. Text to double is exact on both.
 */
function fraction(value: number, postgres: boolean): Prisma.Sql {
  return postgres ? Prisma.sql`CAST(${String(value)} AS DOUBLE PRECISION)` : Prisma.sql`CAST(${String(value)} AS REAL)`;
}

function cell(table: BulkTable, column: string, value: unknown, postgres: boolean): Prisma.Sql {
  if (typeof value === 'number' && Number.isFinite(value) && !Number.isInteger(value)) return fraction(value, postgres);
  if (!table.json?.has(column)) return isNull(value) ? Prisma.sql`${null}` : Prisma.sql`${value}`;
  // JSON is text on SQLite (as Prisma stores it) and needs a cast to jsonb on PostgreSQL.
  const text = isNull(value) ? null : JSON.stringify(value);
  return postgres ? Prisma.sql`CAST(${text} AS JSONB)` : Prisma.sql`${text}`;
}

/** The rows' VALUES tuples, one statement's worth at a time: built lazily, so only one statement's parameters are in memory. */
function* statements(table: BulkTable, rows: ReadonlyArray<Record<string, unknown>>, postgres: boolean): Generator<Prisma.Sql[]> {
  const perStatement = Math.max(1, Math.floor(PARAMETERS_PER_STATEMENT / table.columns.length));
  for (let i = 0; i < rows.length; i += perStatement) {
    yield rows.slice(i, i + perStatement).map((row) => Prisma.sql`(${Prisma.join(table.columns.map((c) => cell(table, c, row[c], postgres)))})`);
  }
}

function columnList(columns: readonly string[]): Prisma.Sql {
  return Prisma.raw(columns.map((c) => `"${c}"`).join(', '));
}

/** Inserts `rows` (objects keyed by column; missing keys are NULL) into the table, a chunk per statement. */
export async function insertRows(tx: Tx, table: BulkTable, rows: ReadonlyArray<Record<string, unknown>>, postgres: boolean): Promise<void> {
  for (const values of statements(table, rows, postgres)) {
    await tx.$executeRaw`INSERT INTO ${Prisma.raw(`"${table.name}"`)} (${columnList(table.columns)}) VALUES ${Prisma.join(values)}`;
  }
}

/**
 * Inserts `rows` and returns them with their new `id` (set on the same objects), matched by
 * `keyColumns` (unique within the rows) rather than by position: neither database promises
 * RETURNING's row order.
 */
export async function insertRowsReturningIds<R extends Record<string, unknown>>(
  tx: Tx,
  table: BulkTable,
  rows: ReadonlyArray<R>,
  keyColumns: readonly string[],
  postgres: boolean,
): Promise<Array<R & { id: number }>> {
  const keyOf = (row: Record<string, unknown>) => keyColumns.map((c) => String(row[c])).join('\u0000');
  const ids = new Map<string, number>();
  for (const values of statements(table, rows, postgres)) {
    const returned = await tx.$queryRaw<Array<Record<string, unknown>>>`INSERT INTO ${Prisma.raw(`"${table.name}"`)} (${columnList(table.columns)}) VALUES ${Prisma.join(values)} RETURNING "id", ${columnList(keyColumns)}`;
    for (const row of returned) ids.set(keyOf(row), Number(row.id));
  }
  // The rows get their id in place: copies of 100,000 rows would only add to the import's peak memory.
  return rows.map((row) => {
    const id = ids.get(keyOf(row));
    if (id === undefined) throw new Error(`bulk insert into ${table.name}: no id returned for ${keyOf(row)}`);
    return Object.assign(row, { id });
  });
}
