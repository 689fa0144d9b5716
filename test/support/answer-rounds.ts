/**
 * What the answer-path fault tests read and reset between rounds: the answers currently stored (in
 * the order they were written) and a fresh start with no answers and no conversation.
 */
import type { Db } from '../../src/db/database.js';

/** The current (not superseded) phase progress and indicator values, as comparable lines. */
export async function storedAnswers(db: Db): Promise<string[]> {
  const phases = await db.phaseProgress.findMany({ where: { supersededAt: null }, include: { phase: true }, orderBy: { id: 'asc' } });
  const values = await db.measurement.findMany({ where: { supersededAt: null }, include: { indicator: true }, orderBy: { id: 'asc' } });
  return [...phases.map((p) => `phase ${p.phase.code}: ${Number(p.pct)}`), ...values.map((m) => `ind ${m.indicator.code}: ${m.raw} ${m.status}`)];
}

/**
 * A fresh start for a round: no answers and no conversation, in one transaction with the
 * conversation gone first, so an event the bot is still handling (a Conferma redelivered after a
 * kill) finds no draft to save rather than saving into a half-reset database.
 */
export async function resetAnswers(db: Db): Promise<void> {
  await db.$transaction(async (tx) => {
    await tx.conversation.deleteMany();
    await tx.measurement.updateMany({ data: { supersedesId: null } });
    await tx.phaseProgress.updateMany({ data: { supersedesId: null } });
    await tx.measurement.deleteMany();
    await tx.phaseProgress.deleteMany();
    // Plan snapshots are cached by the newest audit row: a reset that deletes answers must leave one too.
    await tx.auditLog.create({ data: { actor: 'test', action: 'reset', entity: 'test', entityId: 'reset' } });
  });
}
