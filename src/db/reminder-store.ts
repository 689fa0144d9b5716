/**
 * Reminder rows: planning writes them idempotently (by unique key), the dispatcher claims due
 * ones atomically — a person's due rows of one day as a group, so they get one message — and
 * records the outcome. Claiming is one UPDATE that only matches `pending` rows, so two dispatchers
 * on one PostgreSQL never claim the same row (the second UPDATE waits for the first's row locks and
 * re-checks the state); on SQLite writers are serialised.
 */
import type { Db } from './database.js';
import { randomUUID } from 'node:crypto';
import type { PlannedReminder } from '../scheduler/plan-reminders.js';

export interface ReminderRow {
  id: number;
  enteId: number;
  key: string;
  kind: string;
  subject: string;
  recipient: string;
  onBehalfOf: string | null;
  dueDate: string;
  step: string;
  sendAt: Date;
  state: string;
  attempts: number;
  claimedBy?: string | null;
  reason: unknown;
}

export interface SyncResult {
  created: number;
  cancelled: number;
  unchanged: number;
}

/**
 * Makes the pending reminders of an ente in [from, to] match the plan: creates the missing rows,
 * cancels pending rows no longer planned (answered, reassigned, paused). Sent and failed rows are
 * history and never touched. Running it twice changes nothing.
 */
export async function syncReminders(db: Db, enteId: number, planned: PlannedReminder[], window: { from: string; to: string }): Promise<SyncResult> {
  return db.$transaction(
    async (tx) => {
      const existing = await tx.reminder.findMany({ where: { enteId, dueDate: { gte: window.from, lte: window.to } }, select: { id: true, key: true, state: true } });
      const byKey = new Map(existing.map((r) => [r.key, r]));
      const wanted = new Set(planned.map((p) => p.key));
      const missing = planned.filter((p) => !byKey.has(p.key));
      if (missing.length > 0) {
        await tx.reminder.createMany({
          data: missing.map((p) => ({
            enteId,
            key: p.key,
            kind: p.kind,
            subject: p.subject,
            recipient: p.recipient,
            onBehalfOf: p.onBehalfOf ?? null,
            dueDate: p.dueDate,
            step: p.step,
            sendAt: p.sendAt,
            reason: p.reason,
          })),
        });
      }
      const obsolete = existing.filter((r) => r.state === 'pending' && !wanted.has(r.key)).map((r) => r.id);
      if (obsolete.length > 0) await tx.reminder.updateMany({ where: { id: { in: obsolete }, state: 'pending' }, data: { state: 'cancelled' } });
      return { created: missing.length, cancelled: obsolete.length, unchanged: planned.length - missing.length };
    },
    { timeout: 60_000 },
  );
}

/** The next person-day with due reminders, if any: what a dispatcher tries to claim. */
export async function nextDueGroup(db: Db, now: Date): Promise<{ enteId: number; recipient: string; dueDate: string } | null> {
  const row = await db.reminder.findFirst({ where: { state: 'pending', sendAt: { lte: now } }, orderBy: [{ sendAt: 'asc' }, { id: 'asc' }], select: { enteId: true, recipient: true, dueDate: true } });
  return row;
}

/**
 * Claims every due pending reminder of one person-day in one UPDATE (tagged with a token unique to
 * this attempt), then reads back what this worker won: empty when another worker was first.
 */
export async function claimGroup(db: Db, group: { enteId: number; recipient: string; dueDate: string }, worker: string, now: Date): Promise<ReminderRow[]> {
  const token = `${worker}:${randomUUID()}`;
  const claimed = await db.reminder.updateMany({
    where: { enteId: group.enteId, recipient: group.recipient, dueDate: group.dueDate, state: 'pending', sendAt: { lte: now } },
    data: { state: 'sending', claimedBy: token, claimedAt: now, attempts: { increment: 1 } },
  });
  if (claimed.count === 0) return [];
  return (await db.reminder.findMany({ where: { claimedBy: token, state: 'sending' }, orderBy: { id: 'asc' } })) as unknown as ReminderRow[];
}

export async function markSent(db: Db, ids: number[], outcome: { platform: string; messageRef: string; at: Date }): Promise<void> {
  await db.reminder.updateMany({ where: { id: { in: ids }, state: 'sending' }, data: { state: 'sent', sentAt: outcome.at, platform: outcome.platform, messageRef: outcome.messageRef, lastError: null } });
}

/** A failed attempt: back to pending at `retryAt`, or failed for good when `retryAt` is null. */
export async function markFailed(db: Db, ids: number[], error: string, retryAt: Date | null): Promise<void> {
  await db.reminder.updateMany({
    where: { id: { in: ids }, state: 'sending' },
    data: retryAt ? { state: 'pending', sendAt: retryAt, lastError: error } : { state: 'failed', lastError: error },
  });
}

/** Pending reminders about a subject are cancelled at once when it is answered. */
export async function cancelForSubjects(db: Db, enteId: number, subjects: string[]): Promise<number> {
  if (subjects.length === 0) return 0;
  const result = await db.reminder.updateMany({ where: { enteId, subject: { in: subjects }, state: 'pending' }, data: { state: 'cancelled' } });
  return result.count;
}

/** Claims left in `sending` by a worker that died (older than the lease). */
export async function staleClaims(db: Db, olderThan: Date): Promise<ReminderRow[]> {
  return (await db.reminder.findMany({ where: { state: 'sending', claimedAt: { lt: olderThan } }, orderBy: { id: 'asc' } })) as unknown as ReminderRow[];
}
