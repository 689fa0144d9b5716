/**
 * Persistence of conversations: the check-in state of each person (so a restart resumes at the
 * same question) and the deliveries already processed (so a repeated delivery is handled once).
 *
 * One turn at a time per person: a turn loads the conversation with its revision, then, in one
 * transaction, takes the turn (`takeTurn`: the row moves to the next revision only if it is still
 * at the loaded one), writes what the turn decided and saves the new state. The conditional update
 * is the transaction's first statement, so it also holds the row (PostgreSQL) or the database's
 * write lock (SQLite) until commit: a concurrent turn of the same person, in this or another
 * process, waits and then finds the revision moved, and starts again from the new state.
 */
import type { Db, Tx } from './database.js';
import type { Platform } from '../domain/platform.js';

/**
 * Records a delivery id; false when it was already recorded (by this or another process).
 * The primary key makes the check atomic. For events not tied to a person's turn.
 */
export async function claimDelivery(db: Db, platform: Platform, deliveryId: string): Promise<boolean> {
  try {
    await db.processedDelivery.create({ data: { platform, deliveryId } });
    return true;
  } catch (error) {
    if ((error as { code?: string }).code === 'P2002') return false;
    throw error;
  }
}

/**
 * Records a delivery id inside a turn (after `takeTurn`); false when it was recorded before. Looks
 * first instead of catching the key violation, which would abort a PostgreSQL transaction; the
 * turn's lock keeps the look and the insert together for this person's deliveries.
 */
export async function claimDeliveryInTurn(tx: Tx, platform: Platform, deliveryId: string): Promise<boolean> {
  if (await tx.processedDelivery.findUnique({ where: { platform_deliveryId: { platform, deliveryId } } })) return false;
  await tx.processedDelivery.create({ data: { platform, deliveryId } });
  return true;
}

export interface StoredConversation<S> {
  platform: Platform;
  chatId: string;
  version: number;
  state: S;
}

/** A stored conversation and the revision it was loaded at. */
export interface LoadedConversation<S> extends StoredConversation<S> {
  rev: number;
}

/** The person's conversation and its revision; null when they never had one. */
export async function loadConversation<S>(db: Db, personId: number): Promise<LoadedConversation<S> | null> {
  const row = await db.conversation.findUnique({ where: { personId } });
  return row && { platform: row.platform as Platform, chatId: row.chatId, version: row.version, state: row.state as S, rev: row.rev };
}

/** Creates the person's first conversation at revision 0; does nothing when another process just did. */
export async function createConversation<S>(db: Db, personId: number, conversation: StoredConversation<S>): Promise<void> {
  try {
    await db.conversation.create({ data: { personId, platform: conversation.platform, chatId: conversation.chatId, version: conversation.version, state: conversation.state as object, rev: 0 } });
  } catch (error) {
    if ((error as { code?: string }).code !== 'P2002') throw error;
  }
}

/**
 * Takes the person's turn: moves the conversation from revision `rev` to `rev + 1`. False when
 * another turn saved since `rev` was loaded (load again and start over). Call it first in the turn's
 * transaction: it holds the person's row until commit.
 */
export async function takeTurn(tx: Tx, personId: number, rev: number): Promise<boolean> {
  const { count } = await tx.conversation.updateMany({ where: { personId, rev }, data: { rev: rev + 1 } });
  return count === 1;
}

/** Saves the state a turn left (in the turn's transaction, after `takeTurn`). */
export async function saveConversation<S>(tx: Tx, personId: number, conversation: StoredConversation<S>): Promise<void> {
  await tx.conversation.update({ where: { personId }, data: { platform: conversation.platform, chatId: conversation.chatId, version: conversation.version, state: conversation.state as object } });
}
