/**
 * Inserting planned reminder rows in bulk: multi-row INSERT statements of a few hundred rows each,
 * written as raw SQL. Planning a big plan creates 100,000 rows at once, and Prisma's createMany
 * spends most of that time compiling and converting arguments in JavaScript (≈ 1,400 statements of
 * 71 rows, 40 s); the same rows as raw statements take a fraction of a second.
 */
import { Prisma } from '../generated/sqlite/client.js';
import type { Tx } from './database.js';
import type { ReminderRow } from './reminder-store.js';

/** A new row: the planned fields of a ReminderRow (state, attempts and the rest take their defaults). */
export type ReminderInsert = Pick<ReminderRow, 'enteId' | 'key' | 'kind' | 'subject' | 'recipient' | 'onBehalfOf' | 'dueDate' | 'step' | 'sendAt' | 'reason'>;

/** 11 parameters a row: 500 rows stay well within SQLite's (32,766) and PostgreSQL's (65,535) limits. */
const ROWS_PER_STATEMENT = 500;

/**
 * Inserts the rows as new pending reminders (state, attempts and the rest take their defaults); `now`
 * stamps them. `postgres`: the client's dialect (see isPostgresClient in database.ts).
 */
export async function insertReminders(tx: Tx, rows: ReminderInsert[], now: Date, postgres: boolean): Promise<void> {
  // PostgreSQL needs the JSON text cast to jsonb; SQLite keeps JSON as text (a CAST there would make it a number).
  const json = (value: unknown) => {
    const text = value === undefined || value === null ? null : JSON.stringify(value);
    return postgres ? Prisma.sql`CAST(${text} AS JSONB)` : Prisma.sql`${text}`;
  };
  for (let i = 0; i < rows.length; i += ROWS_PER_STATEMENT) {
    const values = rows
      .slice(i, i + ROWS_PER_STATEMENT)
      .map((r) => Prisma.sql`(${r.enteId}, ${r.key}, ${r.kind}, ${r.subject}, ${r.recipient}, ${r.onBehalfOf}, ${r.dueDate}, ${r.step}, ${r.sendAt}, ${json(r.reason)}, ${now}, ${now})`);
    await tx.$executeRaw`INSERT INTO "Reminder" ("enteId", "key", "kind", "subject", "recipient", "onBehalfOf", "dueDate", "step", "sendAt", "reason", "createdAt", "updatedAt") VALUES ${Prisma.join(values)}`;
  }
}

