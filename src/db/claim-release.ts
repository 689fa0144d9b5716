/**
 * What a stopping dispatcher leaves behind: rows it claimed (`sending`) and did not finish — only
 * when recording an outcome failed, since a shutdown waits for the send in flight. They are handed
 * over at once (their lease made expired) instead of after the lease, and the next dispatcher's
 * `recover` settles them as for a crash: asks the platform, completes or resends, never twice.
 */
import type { Db } from './database.js';

/** Expires the claims of this worker (`worker` as given to the Dispatcher); resolves to how many. */
export async function releaseClaims(db: Db, worker: string): Promise<number> {
  const result = await db.reminder.updateMany({ where: { state: 'sending', claimedBy: { startsWith: `${worker}:` } }, data: { claimedAt: new Date(0) } });
  return result.count;
}

/** When the oldest row that is due and not yet sent was due, or null (the dispatcher is keeping up). */
export async function oldestDueAt(db: Db, now: Date): Promise<Date | null> {
  const row = await db.reminder.findFirst({ where: { state: 'pending', sendAt: { lte: now } }, orderBy: { sendAt: 'asc' }, select: { sendAt: true } });
  return row?.sendAt ?? null;
}
