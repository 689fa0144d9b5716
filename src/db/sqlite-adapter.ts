/**
 * The SQLite driver adapter: libsql, whose native binary ships as an npm package per platform, so
 * `npm ci` compiles nothing (better-sqlite3 had to be built from source on these machines).
 * A client keeps one connection: libsql's own `transaction()` hands the transaction its connection
 * and opens a new one for the next query (re-reading the schema and running the PRAGMAs again, and
 * leaving the old connection to the garbage collector), which cost every chat turn a connection. The
 * Prisma adapter runs one transaction at a time per client and holds its other queries until the
 * transaction ends (its mutex), so the transaction can run on the client's connection itself.
 */
import { createClient, type Client, type Config, type InStatement, type Transaction, type TransactionMode } from '@libsql/client';
import { PrismaLibSQL } from '@prisma/adapter-libsql';

/**
 * busy_timeout: wait up to 5 s for another connection's write lock instead of failing at once (the
 * same default better-sqlite3 had); WAL: readers never block the writer and survive a crash;
 * synchronous=NORMAL: safe with WAL (a power cut may lose the last commits, never corrupt the file)
 * and far fewer fsyncs per write.
 */
export const SQLITE_PRAGMAS = ['PRAGMA busy_timeout = 5000', 'PRAGMA journal_mode = WAL', 'PRAGMA synchronous = NORMAL'];

const BEGIN: Record<TransactionMode, string> = { write: 'BEGIN IMMEDIATE', read: 'BEGIN TRANSACTION READONLY', deferred: 'BEGIN DEFERRED' };

/** The client's connection: PRAGMAs before its first statement, and a way to leave it after a failure. */
interface Connection {
  /** runs one statement; a failed statement leaves the connection (see `discard`) */
  run<T>(work: () => Promise<T>): Promise<T>;
}

/** A transaction on the client's own connection (BEGIN … COMMIT), for a caller that runs nothing else on the client meanwhile. */
async function transactionOnConnection(client: Client, connection: Connection, mode: TransactionMode): Promise<Transaction> {
  await connection.run(() => client.execute(BEGIN[mode]));
  let open = true;
  const live = () => {
    if (!open) throw new Error('The transaction is closed (rolled back after a failed statement, or ended)');
  };
  // a failed statement ends the transaction (the connection is rolled back and left): nothing after it may run outside it
  const run = async <T>(work: () => Promise<T>) => {
    live();
    try {
      return await connection.run(work);
    } catch (error) {
      open = false;
      throw error;
    }
  };
  const end = async (sql: 'COMMIT' | 'ROLLBACK') => {
    live();
    open = false;
    await connection.run(() => client.execute(sql));
  };
  return {
    execute: (stmt: InStatement) => run(() => client.execute(stmt)),
    batch: (stmts: InStatement[]) =>
      run(async () => {
        const results = [];
        for (const stmt of stmts) results.push(await client.execute(stmt));
        return results;
      }),
    executeMultiple: (sql: string) => run(() => client.executeMultiple(sql)),
    commit: () => end('COMMIT'),
    // after a failure the connection was already rolled back and left: nothing to undo
    rollback: () => (open ? end('ROLLBACK').catch(() => undefined) : Promise.resolve()),
    close: () => void (open && end('ROLLBACK').catch(() => undefined)),
    get closed() {
      return !open;
    },
  };
}

/** Wraps a libsql client: its connection runs the PRAGMAs before its first statement, and transactions stay on it. */
function withPragmas(client: Client): Client {
  let freshConnection = true;
  const prepare = async (): Promise<void> => {
    if (!freshConnection) return;
    freshConnection = false;
    for (const sql of SQLITE_PRAGMAS) await client.execute(sql);
  };
  // A statement that failed (busy, constraint) stays active on its connection until it is garbage
  // collected, and SQLite then refuses to COMMIT there ("SQL statements in progress"): after a
  // failure the connection is rolled back and handed off (libsql opens a new one for the next query).
  const discard = async (): Promise<void> => {
    await client.execute('ROLLBACK').catch(() => undefined);
    await client
      .transaction('deferred')
      .then((detached) => detached.rollback())
      .catch(() => undefined);
    freshConnection = true;
  };
  const connection: Connection = {
    async run(work) {
      await prepare();
      try {
        return await work();
      } catch (error) {
        await discard();
        throw error;
      }
    },
  };
  return new Proxy(client, {
    get(target, property) {
      if (property === 'transaction') return (mode: TransactionMode = 'write') => transactionOnConnection(target, connection, mode);
      if (property === 'execute' || property === 'batch' || property === 'executeMultiple') {
        return (...args: unknown[]) => connection.run(() => (target[property] as (...a: unknown[]) => Promise<unknown>).apply(target, args));
      }
      const value: unknown = Reflect.get(target, property, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

/** The Prisma adapter factory for a `file:` URL with absolute path, with perfbot's PRAGMAs. */
type SqlDriverAdapter = Awaited<ReturnType<PrismaLibSQL['connect']>>;

export class TunedLibSQL extends PrismaLibSQL {
  /** The adapter Prisma connected through (its client and mutex), for a turn's statements (turn-driver.ts). */
  connected: SqlDriverAdapter | undefined = undefined;

  override async connect(): Promise<SqlDriverAdapter> {
    this.connected = await super.connect();
    return this.connected;
  }

  override createClient(config: Config): Client {
    return withPragmas(createClient(config));
  }
}
