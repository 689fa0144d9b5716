/**
 * Opens the database named by a DATABASE_URL: `file:` → SQLite (embedded default), `postgres(ql)://`
 * → PostgreSQL. Both generated clients come from one model (prisma/models.prisma), so they share
 * one API; the SQLite client's type stands for both.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient as SqliteClient } from '../generated/sqlite/client.js';
import { PrismaClient as PostgresClient } from '../generated/postgresql/client.js';
import { TunedLibSQL } from './sqlite-adapter.js';

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

/** Opens a client for the URL; SQLite files get their folder created first (WAL mode, see sqlite-adapter.ts). */
export function openDb(url: string): Db {
  if (providerOf(url) === 'postgresql') {
    return new PostgresClient({ adapter: new PrismaPg({ connectionString: url }) }) as unknown as Db;
  }
  const file = path.resolve(sqlitePath(url));
  mkdirSync(path.dirname(file), { recursive: true });
  return new SqliteClient({ adapter: new TunedLibSQL({ url: `file:${file}` }) });
}

/** Whether a client opened by `openDb` (or built from either generated client) speaks PostgreSQL: raw SQL differs in a few places (JSON casts). */
export function isPostgresClient(db: Db): boolean {
  return (db as unknown) instanceof PostgresClient;
}
