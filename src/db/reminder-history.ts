/** What reminders were sent: the digest's "last reminder" per person. */
import type { Db, Tx } from './database.js';

/** The local date of the last reminder sent to each person of an ente (digests excluded). */
export async function lastRemindersSent(db: Db | Tx, enteCode: string): Promise<Map<string, string>> {
  const rows = await db.reminder.groupBy({
    by: ['recipient'],
    where: { state: 'sent', kind: { not: 'digest' }, ente: { code: enteCode } },
    _max: { dueDate: true },
  });
  return new Map(rows.filter((r) => r._max.dueDate).map((r) => [r.recipient, r._max.dueDate as string]));
}
