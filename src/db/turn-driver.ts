/**
 * A chat turn's own statements run on the driver beneath Prisma: the conversation read with the
 * plan data version, and the write of a turn that only moved the conversation on (the delivery claim
 * and the conditional save, in one transaction). Each passed through Prisma's client runtime and its
 * WebAssembly query compiler even as raw SQL, which cost about as much CPU as the rest of the turn.
 *
 * SQLite only (the libsql connection of sqlite-adapter.ts): the statements hold the Prisma adapter's
 * own mutex, as Prisma's queries do, so they never run inside (or beside) a Prisma transaction of
 * the same client, and the transaction is taken the same way (BEGIN DEFERRED; its first statement,
 * the claim, takes the write lock). Other databases, and clients not opened with TunedLibSQL (or
 * not yet connected), have no driver here: the caller uses the Prisma statements of
 * conversation-store.ts, which mean the same.
 */
import type { Client, InValue } from '@libsql/client';
import type { Db } from './database.js';
import type { Platform } from '../domain/platform.js';
import type { StoredConversation, VersionedConversation } from './conversation-store.js';

/** What a turn's write came to: committed, the delivery was handled before, or another turn saved first. */
export type TurnWrite = 'saved' | 'duplicate' | 'lost';

/** The write of a turn that read and wrote nothing but its conversation. */
export interface TurnSave {
  platform: Platform;
  deliveryId?: string;
  /** when the delivery was handled (the engine's clock) */
  at: Date;
  personId: number;
  /** the revision the turn loaded: the save applies only over it */
  rev: number;
  conversation: StoredConversation<unknown>;
}

/** A turn's statements on the driver. */
export interface TurnDriver {
  /** The plan data version and the person's conversation (as `loadConversationAndVersion`). */
  loadConversationAndVersion<S>(personId: number): Promise<VersionedConversation<S>>;
  /** Claims the delivery (when there is one) and saves the conversation over `rev`, in one transaction. */
  saveTurn(save: TurnSave): Promise<TurnWrite>;
}

interface Mutex {
  acquire(): Promise<() => void>;
}

const LOAD = `SELECT (SELECT MAX("id") FROM "AuditLog") AS "v", c."platform", c."chatId", c."version", c."state", c."rev"
    FROM (SELECT 1 AS "one") AS "o" LEFT JOIN "Conversation" AS c ON c."personId" = ?`;
const CLAIM = `INSERT INTO "ProcessedDelivery" ("platform", "deliveryId", "at") VALUES (?, ?, ?) ON CONFLICT DO NOTHING`;
const SAVE = `UPDATE "Conversation" SET "platform" = ?, "chatId" = ?, "version" = ?, "state" = ?, "rev" = ?, "updatedAt" = ? WHERE "personId" = ? AND "rev" = ?`;

/** A DateTime as the Prisma libsql adapter writes it (ISO 8601 with an explicit offset), so both read back alike. */
function sqliteDate(at: Date): string {
  return at.toISOString().replace('Z', '+00:00');
}

class SqliteTurnDriver implements TurnDriver {
  constructor(
    private readonly client: Client,
    private readonly mutex: Mutex,
  ) {}

  private async locked<T>(work: () => Promise<T>): Promise<T> {
    const release = await this.mutex.acquire();
    try {
      return await work();
    } finally {
      release();
    }
  }

  loadConversationAndVersion<S>(personId: number): Promise<VersionedConversation<S>> {
    return this.locked(async () => {
      const row = (await this.client.execute({ sql: LOAD, args: [personId] })).rows[0];
      const version = Number(row?.v ?? 0);
      if (!row || row.rev === null || row.version === null) return { version, conversation: null };
      const stateText = String(row.state);
      return {
        version,
        conversation: { platform: row.platform as Platform, chatId: String(row.chatId ?? ''), version: Number(row.version), state: JSON.parse(stateText) as S, stateText, rev: Number(row.rev) },
      };
    });
  }

  saveTurn(save: TurnSave): Promise<TurnWrite> {
    const { platform, chatId, version, state } = save.conversation;
    const at = sqliteDate(save.at);
    // updatedAt is the server's time, as the Prisma statements of conversation-store.ts write it
    const args: InValue[] = [platform, chatId, version, JSON.stringify(state), save.rev + 1, sqliteDate(new Date()), save.personId, save.rev];
    return this.locked(async () => {
      const tx = await this.client.transaction('deferred');
      try {
        if (save.deliveryId !== undefined && (await tx.execute({ sql: CLAIM, args: [save.platform, save.deliveryId, at] })).rowsAffected !== 1) {
          await tx.rollback();
          return 'duplicate';
        }
        if ((await tx.execute({ sql: SAVE, args })).rowsAffected !== 1) {
          await tx.rollback();
          return 'lost';
        }
        await tx.commit();
        return 'saved';
      } catch (error) {
        await tx.rollback();
        throw error;
      }
    });
  }
}

const drivers = new WeakMap<object, TurnDriver | null>();

/** The mutex the Prisma libsql adapter holds around each query and transaction (a private field, found by its shape). */
function adapterMutex(adapter: object): Mutex | undefined {
  for (const key of Object.getOwnPropertySymbols(adapter)) {
    const value = (adapter as Record<symbol, unknown>)[key] as Partial<Mutex> | undefined;
    if (typeof value?.acquire === 'function') return value as Mutex;
  }
  return undefined;
}

/**
 * The driver for a client's turns; undefined when its statements must go through Prisma (PostgreSQL,
 * a client built without TunedLibSQL, or one that has not connected yet).
 */
export function turnDriverOf(db: Db): TurnDriver | undefined {
  const cached = drivers.get(db);
  if (cached !== undefined) return cached ?? undefined;
  // TunedLibSQL (sqlite-adapter.ts) by its shape: importing it would load libsql into PostgreSQL processes
  const factory = (db as unknown as { _engineConfig?: { adapter?: { provider?: string; connected?: { client?: Client } } } })._engineConfig?.adapter;
  if (factory?.provider !== 'sqlite' || !('connected' in factory)) {
    drivers.set(db, null);
    return undefined;
  }
  const adapter = factory.connected;
  if (!adapter) return undefined;
  const mutex = adapterMutex(adapter);
  const driver = adapter.client && mutex ? new SqliteTurnDriver(adapter.client, mutex) : null;
  drivers.set(db, driver);
  return driver ?? undefined;
}
