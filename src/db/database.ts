/**
 * Opens the database named by a DATABASE_URL: `file:` → SQLite (embedded default), `postgres(ql)://`
 * → PostgreSQL. Both generated clients come from one model (prisma/models.prisma), so they share
 * one API; the SQLite client's type stands for both.
 *
 * Only types are imported at the top: `openDatabase` loads the one generated client and driver
 * adapter the URL needs, because loading both (and the other database's driver) cost a CLI command
 * most of its start-up. `openDb` (open-db.ts) is the synchronous variant for tests and scripts.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { PrismaClient as SqliteClient } from '../generated/sqlite/client.js';

export type Db = SqliteClient;
export type DbProvider = 'sqlite' | 'postgresql';
/** The client handed to a `$transaction` callback. */
export type Tx = Parameters<Parameters<Db['$transaction']>[0]>[0];

/** Which database a URL points at. */
export function providerOf(url: string): DbProvider {
  return /^postgres(ql)?:\/\//.test(url) ? 'postgresql' : 'sqlite';
}

/** Path of a `file:` SQLite URL, relative to the working directory as Prisma resolves it. */
export function sqlitePath(url: string): string {
  return url.replace(/^file:/, '');
}

/** The absolute `file:` URL a SQLite client opens, with its folder created first. */
export function preparedSqliteUrl(url: string): string {
  const file = path.resolve(sqlitePath(url));
  mkdirSync(path.dirname(file), { recursive: true });
  return `file:${file}`;
}

// The provider of every client opened here: telling them apart by class would need both generated
// clients loaded, the very cost openDatabase avoids.
const providers = new WeakMap<object, DbProvider>();

/** Records which database a client speaks (for isPostgresClient); returns the client. */
export function rememberProvider(db: Db, provider: DbProvider): Db {
  providers.set(db, provider);
  return db;
}

/** Opens a client for the URL, loading only that database's generated client and driver adapter (WAL mode for SQLite, see sqlite-adapter.ts). */
export async function openDatabase(url: string): Promise<Db> {
  if (providerOf(url) === 'postgresql') {
    const [{ PrismaClient }, { PrismaPg }] = await Promise.all([import('../generated/postgresql/client.js'), import('@prisma/adapter-pg')]);
    return rememberProvider(new PrismaClient({ adapter: new PrismaPg({ connectionString: url }) }) as unknown as Db, 'postgresql');
  }
  const [{ PrismaClient }, { TunedLibSQL }] = await Promise.all([import('../generated/sqlite/client.js'), import('./sqlite-adapter.js')]);
  return rememberProvider(new PrismaClient({ adapter: new TunedLibSQL({ url: preparedSqliteUrl(url) }) }), 'sqlite');
}

/**
 * Whether raw SQL on a client speaks PostgreSQL (else SQLite): it differs in a few places (JSON
 * functions and casts). A client opened here is remembered; any other client, an `$extends`-ed one
 * or a transaction is asked for Prisma's provider name, which survives all three (the generated
 * clients fail `instanceof`: their constructor returns another object).
 */
export function isPostgresClient(db: Db | Tx): boolean {
  const known = providers.get(db);
  if (known) return known === 'postgresql';
  return (db as unknown as { _activeProvider?: string })._activeProvider === 'postgresql';
}
