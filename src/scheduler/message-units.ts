/** How claimed rows become messages, and the key each message carries across retries and crashes. */
import { kindFamilyOf, type ReminderRow } from '../db/reminder-store.js';

/** The delivery key of a group: the same for every retry of the same reminders. */
export function deliveryKeyOf(rows: Array<Pick<ReminderRow, 'id'>>): string {
  return rows.map((r) => r.id).join('-');
}

/**
 * The rows that make one message: a person's reminders of a day together, each digest alone. (A
 * claim holds one digest; their order — ente summary first — is the planner's row order.)
 */
export function messageUnits(rows: ReminderRow[]): ReminderRow[][] {
  const reminders = rows.filter((r) => kindFamilyOf(r.kind) === 'reminder');
  const digests = rows.filter((r) => kindFamilyOf(r.kind) === 'digest');
  return [...(reminders.length > 0 ? [reminders] : []), ...digests.map((row) => [row])];
}
