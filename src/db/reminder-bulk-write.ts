/**
 * Reading and writing planned reminder rows in bulk, as raw SQL whose rows travel as one JSON
 * parameter per statement: the database unpacks them (SQLite `json_each`, PostgreSQL
 * `jsonb_array_elements`). Planning a big plan reads, creates or re-schedules 100,000 rows at once;
 * through Prisma's query builder that is seconds of query compilation and per-value argument
 * conversion (and row-per-parameter statements hit the parameter limits), while one JSON text per
 * few thousand rows costs a `JSON.stringify` here and a parse in the database.
 */
import { Prisma } from '../generated/sqlite/client.js';
import type { Db, Tx } from './database.js';
import type { ReminderRow } from './reminder-store.js';

/** A new row: the planned fields of a ReminderRow (state, attempts and the rest take their defaults). */
export type ReminderInsert = Pick<ReminderRow, 'key' | 'kind' | 'subject' | 'recipient' | 'onBehalfOf' | 'dueDate' | 'step' | 'sendAt' | 'reason'>;

/** What planning compares of a stored row. `sendAt` in epoch milliseconds. */
export interface StoredPlanRow {
  id: number;
  key: string;
  kind: string;
  state: string;
  attempts: number;
  dueDate: string;
  sendAt: number;
}

/** A stored row put back to pending with a new day and time, if it is still in the state it was read in. */
export interface Reschedule {
  id: number;
  state: string;
  attempts: number;
  dueDate: string;
  sendAt: Date;
}

/**
 * Rows per statement: no parameter limit applies (one JSON parameter), so this only bounds the size
 * of one statement's text (≈ 250 bytes a row).
 */
const ROWS_PER_STATEMENT = 5_000;

/** How SQLite stores a DateTime (Prisma's driver adapter writes ISO 8601 with an explicit +00:00). */
function sqliteInstant(at: Date): string {
  return at.toISOString().replace('Z', '+00:00');
}

/** A stored send time as epoch ms: SQLite hands back its text, PostgreSQL the number the query computed. */
function epochMs(value: string | number): number {
  return typeof value === 'number' ? value : Date.parse(value);
}

function chunks<T>(rows: T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < rows.length; i += ROWS_PER_STATEMENT) out.push(rows.slice(i, i + ROWS_PER_STATEMENT));
  return out;
}

/** Parses a query's one JSON text column into rows; a database returns NULL for an empty aggregate. */
function storedRows(result: Array<{ rows: string | null }>): StoredPlanRow[] {
  const text = result[0]?.rows;
  if (!text) return [];
  return (JSON.parse(text) as Array<[number, string, string, string, number, string, string | number]>).map(([id, key, kind, state, attempts, dueDate, sendAt]) => ({
    id: Number(id),
    key,
    kind,
    state,
    attempts: Number(attempts),
    dueDate,
    sendAt: epochMs(sendAt),
  }));
}

/** The aggregate that packs the compared columns of the selected rows into one JSON text. */
function packedColumns(postgres: boolean): Prisma.Sql {
  return postgres
    ? Prisma.sql`CAST(json_agg(json_build_array("id", "key", "kind", "state", "attempts", "dueDate", CAST(EXTRACT(EPOCH FROM "sendAt") * 1000 AS BIGINT))) AS TEXT) AS "rows"`
    : Prisma.sql`json_group_array(json_array("id", "key", "kind", "state", "attempts", "dueDate", "sendAt")) AS "rows"`;
}

/** The ente's rows due in [from, to] (local dates), every state: what planning that window compares against. */
export async function rowsInWindow(tx: Tx, enteId: number, window: { from: string; to: string }, postgres: boolean): Promise<StoredPlanRow[]> {
  return storedRows(await tx.$queryRaw<Array<{ rows: string | null }>>`SELECT ${packedColumns(postgres)} FROM "Reminder" WHERE "enteId" = ${enteId} AND "dueDate" >= ${window.from} AND "dueDate" <= ${window.to}`);
}

/** The rows with these keys (any ente, any date): keys are unique across the table. */
export async function rowsWithKeys(tx: Tx, keys: string[], postgres: boolean): Promise<StoredPlanRow[]> {
  const found: StoredPlanRow[] = [];
  for (const chunk of chunks(keys)) {
    const list = JSON.stringify(chunk);
    const inList = postgres ? Prisma.sql`SELECT jsonb_array_elements_text(CAST(${list} AS JSONB))` : Prisma.sql`SELECT "value" FROM json_each(${list})`;
    found.push(...storedRows(await tx.$queryRaw<Array<{ rows: string | null }>>`SELECT ${packedColumns(postgres)} FROM "Reminder" WHERE "key" IN (${inList})`));
  }
  return found;
}

/**
 * Inserts the rows as new pending reminders of the ente, in the given order (ids follow it, and the
 * dispatcher claims by send time, then id); `now` stamps them. Returns how many were inserted.
 */
export async function insertReminders(tx: Tx, enteId: number, rows: ReminderInsert[], now: Date, postgres: boolean): Promise<number> {
  let inserted = 0;
  for (const chunk of chunks(rows)) {
    // One array per row: [key, kind, subject, recipient, onBehalfOf, dueDate, step, sendAt, reason as JSON text].
    const packed = JSON.stringify(
      chunk.map((r) => [r.key, r.kind, r.subject, r.recipient, r.onBehalfOf, r.dueDate, r.step, postgres ? r.sendAt.toISOString() : sqliteInstant(r.sendAt), r.reason === undefined || r.reason === null ? null : JSON.stringify(r.reason)]),
    );
    inserted += postgres
      ? await tx.$executeRaw`INSERT INTO "Reminder" ("enteId", "key", "kind", "subject", "recipient", "onBehalfOf", "dueDate", "step", "sendAt", "reason", "createdAt", "updatedAt")
          SELECT ${enteId}, r->>0, r->>1, r->>2, r->>3, r->>4, r->>5, r->>6, CAST(r->>7 AS TIMESTAMPTZ) AT TIME ZONE 'UTC', CAST(r->>8 AS JSONB), ${now}, ${now}
          FROM jsonb_array_elements(CAST(${packed} AS JSONB)) WITH ORDINALITY AS e(r, n) ORDER BY n`
      : await tx.$executeRaw`INSERT INTO "Reminder" ("enteId", "key", "kind", "subject", "recipient", "onBehalfOf", "dueDate", "step", "sendAt", "reason", "createdAt", "updatedAt")
          SELECT ${enteId}, "value"->>0, "value"->>1, "value"->>2, "value"->>3, "value"->>4, "value"->>5, "value"->>6, "value"->>7, "value"->>8, ${now}, ${now}
          FROM json_each(${packed}) AS e ORDER BY e."key"`; // json_each's key: the array index
  }
  return inserted;
}

/**
 * Puts rows back to pending at a new day and time, each only while it is still in the state and
 * attempt it was read in (a dispatcher may have claimed it meanwhile). Returns how many changed.
 */
export async function rescheduleReminders(tx: Tx, rows: Reschedule[], now: Date, postgres: boolean): Promise<number> {
  let changed = 0;
  for (const chunk of chunks(rows)) {
    const packed = JSON.stringify(chunk.map((r) => [r.id, r.state, r.attempts, r.dueDate, postgres ? r.sendAt.toISOString() : sqliteInstant(r.sendAt)]));
    changed += postgres
      ? await tx.$executeRaw`UPDATE "Reminder" AS t SET "state" = 'pending', "dueDate" = v.r->>3, "sendAt" = CAST(v.r->>4 AS TIMESTAMPTZ) AT TIME ZONE 'UTC', "attempts" = 0, "lastError" = NULL, "updatedAt" = ${now}
          FROM (SELECT jsonb_array_elements(CAST(${packed} AS JSONB)) AS r) AS v
          WHERE t."id" = CAST(v.r->>0 AS INTEGER) AND t."state" = v.r->>1 AND t."attempts" = CAST(v.r->>2 AS INTEGER)`
      : await tx.$executeRaw`UPDATE "Reminder" SET "state" = 'pending', "dueDate" = v."dueDate", "sendAt" = v."sendAt", "attempts" = 0, "lastError" = NULL, "updatedAt" = ${now}
          FROM (SELECT "value"->>0 AS "id", "value"->>1 AS "state", "value"->>2 AS "attempts", "value"->>3 AS "dueDate", "value"->>4 AS "sendAt" FROM json_each(${packed})) AS v
          WHERE "Reminder"."id" = v."id" AND "Reminder"."state" = v."state" AND "Reminder"."attempts" = v."attempts"`;
  }
  return changed;
}

/** Cancels the rows with these ids that are still pending. Returns how many were. */
export async function cancelPending(tx: Tx, ids: number[], now: Date, postgres: boolean): Promise<number> {
  let cancelled = 0;
  for (const chunk of chunks(ids)) {
    const list = JSON.stringify(chunk);
    const inList = postgres ? Prisma.sql`SELECT CAST(jsonb_array_elements_text(CAST(${list} AS JSONB)) AS INTEGER)` : Prisma.sql`SELECT "value" FROM json_each(${list})`;
    cancelled += await tx.$executeRaw`UPDATE "Reminder" SET "state" = 'cancelled', "updatedAt" = ${now} WHERE "state" = 'pending' AND "id" IN (${inList})`;
  }
  return cancelled;
}
