/**
 * Reminder rows: planning writes them idempotently (by unique key), the dispatcher claims due
 * ones atomically — a person's due rows of one day and one family as a group, so they get one
 * reminder message (or their digests, apart from it) — and records the outcome. Claiming is one
 * UPDATE that only matches `pending` rows, so two dispatchers on one PostgreSQL never claim the
 * same row (the second UPDATE waits for the first's row locks and re-checks the state); on SQLite
 * writers are serialised.
 *
 * States: `pending` → `sending` (claimed) → `handed` (given to a platform, `claimedAt` restamped to
 * that moment, `platform` recorded) → `sent`, or back to `pending` (a retry) or `failed`. A row
 * that dies `sending` was never given to a platform and is sent again; one that dies `handed` is in
 * doubt (see the dispatcher's recovery).
 */
import { isPostgresClient, type Db } from './database.js';
import { randomUUID } from 'node:crypto';
import { cancelPending, insertReminders, rescheduleReminders, rowsInWindow, rowsWithKeys, type Reschedule } from './reminder-bulk-write.js';

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
  /** when claimed, and again when handed to the platform */
  claimedAt?: Date | null;
  /** the platform a `handed` or `sent` row was given to */
  platform?: string | null;
  reason: unknown;
}

/** A planned row (a reminder or a digest), as the planners produce it. */
export interface PlannedRow {
  key: string;
  kind: string;
  subject: string;
  recipient: string;
  onBehalfOf?: string;
  dueDate: string;
  step: string;
  sendAt: Date;
  reason: unknown;
}

export interface SyncResult {
  created: number;
  cancelled: number;
  unchanged: number;
  /** pending rows re-scheduled (the send time or the digest day changed); present when some were */
  moved?: number;
  /** nothing was compared or written: the scheduler had planned these very inputs already (see planEnte) */
  skipped?: boolean;
}

/**
 * What is sent together: a person's reminders of a day are one message; digests are never merged
 * into it (each is its own message, see the dispatcher).
 */
export type KindFamily = 'reminder' | 'digest';

export function kindFamilyOf(kind: string): KindFamily {
  return kind === 'digest' ? 'digest' : 'reminder';
}

function familyFilter(family: KindFamily): { kind: string | { not: string } } {
  return family === 'digest' ? { kind: 'digest' } : { kind: { not: 'digest' } };
}

/**
 * Makes the pending reminders of an ente in [from, to] match the plan: creates the missing rows,
 * re-schedules pending rows whose planned day or time changed (never a row being retried),
 * cancels pending rows no longer planned (answered, reassigned, paused). Sent and failed rows are
 * history and never touched. Running it twice changes nothing.
 *
 * A key may also exist outside the window (a digest's key names its week, not its day: the row of
 * a week already sent on Monday is found when the digest moves to Tuesday, and is not sent again).
 * A digest row cancelled (digest off) and planned again (digest on) is pending again.
 */
export async function syncReminders(db: Db, enteId: number, planned: PlannedRow[], window: { from: string; to: string }): Promise<SyncResult> {
  // Two bot processes planning at once (both started, both at the nightly run) race to create the same
  // rows: the loser's insert hits the unique key (PostgreSQL) or finds the database busy (SQLite). Its
  // transaction rolled back; run it again a moment later, when the rows exist and it only compares.
  for (let attempt = 1; ; attempt++) {
    try {
      return await syncOnce(db, enteId, planned, window);
    } catch (error) {
      if (attempt >= 5 || !lostPlanningRace(error)) throw error;
      await new Promise((resolve) => setTimeout(resolve, 50 + Math.random() * 200 * attempt));
    }
  }
}

/** Unique key taken (P2002), SQLite busy (P1008), write conflict (P2034): another planner got there first. */
const RACE_CODES = new Set(['P2002', 'P1008', 'P2034']);
/**
 * The same races seen through a raw statement (P2010, the bulk insert): the driver's error kind, or
 * the database's own code (PostgreSQL 23505 unique, 40001/40P01 serialization and deadlock; SQLite
 * 5 / 517 busy and busy snapshot, 2067 / 1555 unique).
 */
const RAW_RACE_KINDS = new Set(['UniqueConstraintViolation', 'TransactionWriteConflict', 'SocketTimeout']);
const RAW_RACE_CODES = new Set(['23505', '40001', '40P01', '5', '517', '2067', '1555']);

function lostPlanningRace(error: unknown): boolean {
  const e = error as { code?: string; meta?: { code?: string; driverAdapterError?: { cause?: { kind?: string; originalCode?: string; code?: string } } } };
  if (RACE_CODES.has(e.code ?? '')) return true;
  if (e.code !== 'P2010') return false;
  const cause = e.meta?.driverAdapterError?.cause;
  return RAW_RACE_KINDS.has(cause?.kind ?? '') || RAW_RACE_CODES.has(cause?.originalCode ?? cause?.code ?? e.meta?.code ?? '');
}

async function syncOnce(db: Db, enteId: number, planned: PlannedRow[], window: { from: string; to: string }): Promise<SyncResult> {
  const postgres = isPostgresClient(db);
  return db.$transaction(
    async (tx) => {
      const now = new Date();
      // Read and written in bulk (reminder-bulk-write.ts): a big plan plans 100,000 rows at once.
      const existing = await rowsInWindow(tx, enteId, window, postgres);
      const byKey = new Map(existing.map((r) => [r.key, r]));
      // A reminder's key names its day (and the ente), so its row, if any, is in the window; only a
      // digest's key (its week) can belong to a row of another day, moved since.
      const elsewhere = planned.filter((p) => kindFamilyOf(p.kind) === 'digest' && !byKey.has(p.key)).map((p) => p.key);
      if (elsewhere.length > 0) for (const row of await rowsWithKeys(tx, elsewhere, postgres)) byKey.set(row.key, row);
      const missing = planned.filter((p) => !byKey.has(p.key));
      const created = missing.length > 0 ? await insertReminders(tx, enteId, missing.map((p) => ({ ...p, onBehalfOf: p.onBehalfOf ?? null })), now, postgres) : 0;
      const moves: Reschedule[] = [];
      for (const p of planned) {
        const row = byKey.get(p.key);
        if (!row) continue;
        const revived = row.state === 'cancelled' && row.kind === 'digest';
        // Never a row being retried (attempts > 0): its send time is the retry's.
        const rescheduled = row.state === 'pending' && row.attempts === 0 && (row.dueDate !== p.dueDate || row.sendAt !== p.sendAt.getTime());
        if (revived || rescheduled) moves.push({ id: row.id, state: row.state, attempts: row.attempts, dueDate: p.dueDate, sendAt: p.sendAt });
      }
      const moved = moves.length > 0 ? await rescheduleReminders(tx, moves, now, postgres) : 0;
      const wanted = new Set(planned.map((p) => p.key));
      const obsolete = existing.filter((r) => r.state === 'pending' && !wanted.has(r.key)).map((r) => r.id);
      const cancelled = obsolete.length > 0 ? await cancelPending(tx, obsolete, now, postgres) : 0;
      return { created, cancelled, unchanged: planned.length - created - moved, ...(moved > 0 ? { moved } : {}) };
    },
    // Minutes, not seconds: a first planning of a very big plan (280,000 rows at 6,000 objectives)
    // took over 60 s on PostgreSQL on a loaded 2-core machine, and a sync cut off by the timeout
    // writes nothing at all, at every try.
    { timeout: 600_000 },
  );
}

export interface DueGroup {
  enteId: number;
  recipient: string;
  dueDate: string;
  family: KindFamily;
  /** digests are claimed one row at a time: each is its own message, so a crash leaves at most one in doubt */
  id?: number;
}

/** The next person-day-family with due rows, if any: what a dispatcher tries to claim. */
export async function nextDueGroup(db: Db, now: Date): Promise<DueGroup | null> {
  const row = await db.reminder.findFirst({ where: { state: 'pending', sendAt: { lte: now } }, orderBy: [{ sendAt: 'asc' }, { id: 'asc' }], select: { id: true, enteId: true, recipient: true, dueDate: true, kind: true } });
  if (!row) return null;
  const family = kindFamilyOf(row.kind);
  return { enteId: row.enteId, recipient: row.recipient, dueDate: row.dueDate, family, ...(family === 'digest' ? { id: row.id } : {}) };
}

/**
 * Claims every due pending row of one person-day and family in one UPDATE (tagged with a token
 * unique to this attempt), then reads back what this worker won: empty when another worker was first.
 */
export async function claimGroup(db: Db, group: DueGroup, worker: string, now: Date): Promise<ReminderRow[]> {
  const token = `${worker}:${randomUUID()}`;
  const claimed = await db.reminder.updateMany({
    where: { enteId: group.enteId, recipient: group.recipient, dueDate: group.dueDate, state: 'pending', sendAt: { lte: now }, ...familyFilter(group.family), ...(group.id !== undefined ? { id: group.id } : {}) },
    data: { state: 'sending', claimedBy: token, claimedAt: now, attempts: { increment: 1 } },
  });
  if (claimed.count === 0) return [];
  return (await db.reminder.findMany({ where: { claimedBy: token, state: 'sending' }, orderBy: { id: 'asc' } })) as unknown as ReminderRow[];
}

/** The states of a claimed row: taken by a worker, and given by it to a platform. */
const CLAIMED_STATES = ['sending', 'handed'];

/**
 * The rows of one claim, as the outcome is recorded: only while they are still that claim's, so a
 * worker that lost a claim (recovered by another after the lease) cannot overwrite the newer outcome.
 */
function ofClaim(rows: Array<Pick<ReminderRow, 'id' | 'claimedBy'>>) {
  const claim = rows[0]?.claimedBy;
  return { id: { in: rows.map((r) => r.id) }, state: { in: CLAIMED_STATES }, ...(claim ? { claimedBy: claim } : {}) };
}

/**
 * Records that this claim's message is about to be given to `platform`: the last step before the
 * one call that may deliver it. False when the claim was lost meanwhile (recovered after the lease
 * by another worker): the caller must then not send.
 */
export async function markHanded(db: Db, rows: Array<Pick<ReminderRow, 'id' | 'claimedBy'>>, platform: string, at: Date): Promise<boolean> {
  const result = await db.reminder.updateMany({ where: ofClaim(rows), data: { state: 'handed', platform, claimedAt: at } });
  return result.count === rows.length;
}

/** Marks a claim's rows sent, with where and as what message they arrived. */
export async function markSent(db: Db, rows: Array<Pick<ReminderRow, 'id' | 'claimedBy'>>, outcome: { platform: string; messageRef: string; at: Date }): Promise<void> {
  await db.reminder.updateMany({ where: ofClaim(rows), data: { state: 'sent', sentAt: outcome.at, platform: outcome.platform, messageRef: outcome.messageRef, lastError: null } });
}

/** A failed attempt: back to pending at `retryAt`, or failed for good when `retryAt` is null. */
export async function markFailed(db: Db, rows: Array<Pick<ReminderRow, 'id' | 'claimedBy'>>, error: string, retryAt: Date | null): Promise<void> {
  await db.reminder.updateMany({
    where: ofClaim(rows),
    data: retryAt ? { state: 'pending', sendAt: retryAt, lastError: error } : { state: 'failed', lastError: error },
  });
}

/** Pending reminders about a subject are cancelled at once when it is answered. */
export async function cancelForSubjects(db: Db, enteId: number, subjects: string[]): Promise<number> {
  if (subjects.length === 0) return 0;
  const result = await db.reminder.updateMany({ where: { enteId, subject: { in: subjects }, state: 'pending' }, data: { state: 'cancelled' } });
  return result.count;
}

/**
 * Claims left by a worker that died: `sending` (never handed) or `handed` (in doubt) since before
 * `olderThan` — the claim's moment, or the hand-off's.
 */
export async function staleClaims(db: Db, olderThan: Date): Promise<ReminderRow[]> {
  return (await db.reminder.findMany({ where: { state: { in: CLAIMED_STATES }, claimedAt: { lt: olderThan } }, orderBy: { id: 'asc' } })) as unknown as ReminderRow[];
}
