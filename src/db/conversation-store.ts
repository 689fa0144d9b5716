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
import { turnDriverOf } from './turn-driver.js';

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
 * Records a delivery id inside a turn; false when it was recorded before. One statement that
 * cannot fail on the key (INSERT … ON CONFLICT DO NOTHING: a key violation would abort a
 * PostgreSQL transaction); a concurrent turn claiming the same id waits for this one's commit.
 */
export async function claimDeliveryInTurn(tx: Tx, platform: Platform, deliveryId: string, at: Date = new Date()): Promise<boolean> {
  const inserted = await tx.$executeRaw`INSERT INTO "ProcessedDelivery" ("platform", "deliveryId", "at") VALUES (${platform}, ${deliveryId}, ${at}) ON CONFLICT DO NOTHING`;
  return inserted === 1;
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
  /** the state as stored (JSON), when the database handed it back as text: a pristine copy costs one parse */
  stateText?: string;
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
  // raw: Prisma's query compiler costs more than this statement (and it runs at every turn that writes)
  const count = await tx.$executeRaw`UPDATE "Conversation" SET "rev" = ${rev + 1}, "updatedAt" = ${new Date()} WHERE "personId" = ${personId} AND "rev" = ${rev}`;
  return count === 1;
}

/**
 * Saves the state a turn left, in the turn's transaction: after `takeTurn` (`rev` undefined) a plain
 * update; otherwise the turn's only write, which also takes the turn: it moves the revision from `rev`
 * and applies only over it. False when it matched no row (another turn saved since `rev`). One raw
 * statement, the state serialized once (both databases take JSON text for the column).
 */
export async function saveConversation<S>(tx: Tx, personId: number, conversation: StoredConversation<S>, rev?: number): Promise<boolean> {
  const { platform, chatId, version } = conversation;
  const state = JSON.stringify(conversation.state);
  const count =
    rev === undefined
      ? await tx.$executeRaw`UPDATE "Conversation" SET "platform" = ${platform}, "chatId" = ${chatId}, "version" = ${version}, "state" = ${state}, "updatedAt" = ${new Date()} WHERE "personId" = ${personId}`
      : await tx.$executeRaw`UPDATE "Conversation" SET "platform" = ${platform}, "chatId" = ${chatId}, "version" = ${version}, "state" = ${state}, "rev" = ${rev + 1}, "updatedAt" = ${new Date()} WHERE "personId" = ${personId} AND "rev" = ${rev}`;
  return count === 1;
}

/** Thrown inside a turn's transaction when another turn saved the conversation first: it rolls the turn back. */
export class LostTurnError extends Error {
  constructor(readonly personId: number) {
    super(`another turn of person ${personId} saved first`);
    this.name = 'LostTurnError';
  }
}

/**
 * A turn's hold on the person's conversation over revision `rev`. A turn that only moves the
 * conversation on (an answer, a question) never calls `take`: its save is then one conditional
 * update (state and revision together, only over `rev`), so the whole turn is that statement. A turn
 * that reads or writes calls `take` first (`takeTurn` holds the row, or SQLite's write lock, until
 * commit, so its reads and writes see no concurrent turn of the person), and its save is a plain
 * update.
 */
export class TurnLock {
  private taken: Promise<Tx> | undefined;

  constructor(
    private readonly tx: Tx,
    private readonly personId: number,
    private readonly rev: number,
  ) {}

  /** Takes the turn (once; later calls return the same) and hands out the transaction to read and write through; throws LostTurnError when another turn saved since the load. */
  take(): Promise<Tx> {
    this.taken ??= takeTurn(this.tx, this.personId, this.rev).then((won) => {
      if (!won) throw new LostTurnError(this.personId);
      return this.tx;
    });
    return this.taken;
  }

  /** Saves the state the turn left; throws LostTurnError when another turn saved since the load. */
  async save<S>(conversation: StoredConversation<S>): Promise<void> {
    if (this.taken) await this.taken;
    if (!(await saveConversation(this.tx, this.personId, conversation, this.taken ? undefined : this.rev))) throw new LostTurnError(this.personId);
  }
}

/** The plan data version and a person's conversation, read together. */
export interface VersionedConversation<S> {
  version: number;
  conversation: LoadedConversation<S> | null;
}

/**
 * The plan data version (see plan-snapshot-cache.ts) and the person's conversation in one
 * statement: a chat turn needs both, and for a person it already knows (cached at that version)
 * that is the turn's only read.
 */
export async function loadConversationAndVersion<S>(db: Db, personId: number): Promise<VersionedConversation<S>> {
  // never inside a transaction of `db`: on the driver it waits for the client's transactions to end
  const driver = turnDriverOf(db);
  if (driver) return driver.loadConversationAndVersion<S>(personId);
  const rows = await db.$queryRaw<Array<{ v: number | bigint | null; platform: string | null; chatId: string | null; version: number | bigint | null; state: unknown; rev: number | bigint | null }>>`
    SELECT (SELECT MAX("id") FROM "AuditLog") AS "v", c."platform", c."chatId", c."version", c."state", c."rev"
    FROM (SELECT 1 AS "one") AS "o" LEFT JOIN "Conversation" AS c ON c."personId" = ${personId}`;
  const row = rows[0];
  const version = Number(row?.v ?? 0);
  if (!row || row.rev === null || row.version === null) return { version, conversation: null };
  // SQLite hands JSON back as its text, PostgreSQL as the value
  const stateText = typeof row.state === 'string' ? row.state : undefined;
  const state = (stateText !== undefined ? JSON.parse(stateText) : row.state) as S;
  return { version, conversation: { platform: row.platform as Platform, chatId: row.chatId ?? '', version: Number(row.version), state, rev: Number(row.rev), ...(stateText !== undefined && { stateText }) } };
}
