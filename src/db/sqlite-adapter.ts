/**
 * The SQLite driver adapter: libsql, whose native binary ships as an npm package per platform, so
 * `npm ci` compiles nothing (better-sqlite3 had to be built from source on these machines).
 * Every connection gets the same PRAGMAs; libsql hands a transaction its current connection and opens
 * a new one for the next query, so the settings are applied per connection, not once per client.
 */
import { createClient, type Client, type Config } from '@libsql/client';
import { PrismaLibSQL } from '@prisma/adapter-libsql';

/**
 * busy_timeout: wait up to 5 s for another connection's write lock instead of failing at once (the
 * same default better-sqlite3 had); WAL: readers never block the writer and survive a crash;
 * synchronous=NORMAL: safe with WAL (a power cut may lose the last commits, never corrupt the file)
 * and far fewer fsyncs per write.
 */
export const SQLITE_PRAGMAS = ['PRAGMA busy_timeout = 5000', 'PRAGMA journal_mode = WAL', 'PRAGMA synchronous = NORMAL'];

/** Wraps a libsql client so each connection it opens runs the PRAGMAs before its first statement. */
function withPragmas(client: Client): Client {
  let freshConnection = true;
  const prepare = async (): Promise<void> => {
    if (!freshConnection) return;
    freshConnection = false;
    for (const sql of SQLITE_PRAGMAS) await client.execute(sql);
  };
  return new Proxy(client, {
    get(target, property) {
      if (property === 'transaction') {
        return async (...args: Parameters<Client['transaction']>) => {
          await prepare();
          const transaction = await target.transaction(...args);
          // The client gave its connection to the transaction; its next query opens a new one.
          freshConnection = true;
          return transaction;
        };
      }
      if (property === 'execute' || property === 'batch' || property === 'executeMultiple') {
        return async (...args: unknown[]) => {
          await prepare();
          return (target[property] as (...a: unknown[]) => Promise<unknown>).apply(target, args);
        };
      }
      const value: unknown = Reflect.get(target, property, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

/** The Prisma adapter factory for a `file:` URL with absolute path, with perfbot's PRAGMAs. */
export class TunedLibSQL extends PrismaLibSQL {
  override createClient(config: Config): Client {
    return withPragmas(createClient(config));
  }
}
