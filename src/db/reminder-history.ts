/** What reminders were sent, and which could not be: the digest's "last reminder" and "not delivered" lines. */
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

/** A reminder that ended `failed`: never delivered, or in doubt where the platform cannot tell. */
export interface UndeliveredReminder {
  recipient: string;
  dueDate: string;
  /** the objective the reminder was about (its reason), to place it in a sector's digest */
  objective: string | null;
}

/**
 * How far back a digest lists the reminders that could not be delivered: a week and its first day,
 * so a failure on a digest's own day is in the next one too rather than in neither.
 */
export const UNDELIVERED_LOOKBACK_DAYS = 7;

/**
 * The reminders of an ente (digests excluded) that failed for good with a due date in [from, to],
 * by due date: the coordinators are told, since nobody else will chase that person that day.
 */
export async function undeliveredReminders(db: Db, enteCode: string, from: string, to: string): Promise<UndeliveredReminder[]> {
  const rows = await db.reminder.findMany({
    where: { state: 'failed', kind: { not: 'digest' }, ente: { code: enteCode }, dueDate: { gte: from, lte: to } },
    select: { recipient: true, dueDate: true, reason: true },
    orderBy: [{ dueDate: 'asc' }, { id: 'asc' }],
  });
  return rows.map((r) => {
    const objective = (r.reason as { objective?: unknown } | null)?.objective;
    return { recipient: r.recipient, dueDate: r.dueDate, objective: typeof objective === 'string' ? objective : null };
  });
}
