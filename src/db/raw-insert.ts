/**
 * Multi-row INSERT statements written as raw SQL, for the writes of a chat turn: Prisma's createMany
 * spends more time compiling the statement and converting its arguments than the database spends
 * on the rows. Values go in as parameters: a Date as Prisma itself stores it, an object as its JSON
 * text (both databases take JSON text for a JSON column, verified on SQLite and PostgreSQL 15:
 * the parameters are untyped, so PostgreSQL reads them as the column's type), null as NULL.
 */
import { Prisma } from '../generated/sqlite/client.js';
import type { Tx } from './database.js';

/** Keeps a statement's parameters well within SQLite's (32,766) and PostgreSQL's (65,535) limits. */
const MAX_PARAMETERS = 10_000;

/** A JSON column's parameter: the value's JSON text, or NULL for null (Prisma's DbNull). */
export function jsonCell(value: unknown): string | null {
  return value === null || value === undefined ? null : JSON.stringify(value);
}

/** Inserts `rows` (each in the order of `columns`) into `table`, in as few statements as the parameter limits allow. */
export async function insertRows(tx: Tx, table: string, columns: readonly string[], rows: ReadonlyArray<readonly unknown[]>): Promise<void> {
  const head = Prisma.raw(`INSERT INTO "${table}" (${columns.map((c) => `"${c}"`).join(', ')}) VALUES `);
  const perStatement = Math.max(1, Math.floor(MAX_PARAMETERS / columns.length));
  for (let i = 0; i < rows.length; i += perStatement) {
    const values = rows.slice(i, i + perStatement).map((row) => Prisma.sql`(${Prisma.join(row as unknown[])})`);
    await tx.$executeRaw`${head}${Prisma.join(values)}`;
  }
}
