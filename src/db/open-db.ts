/**
 * The synchronous open, for tests, workers and scripts that build clients in plain expressions: it
 * loads both generated clients and both driver adapters up front. The bot and the CLI use
 * `openDatabase` (database.ts), which loads only the URL's.
 */
import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient as SqliteClient } from '../generated/sqlite/client.js';
import { PrismaClient as PostgresClient } from '../generated/postgresql/client.js';
import { TunedLibSQL } from './sqlite-adapter.js';
import { preparedSqliteUrl, providerOf, rememberProvider, type Db } from './database.js';

// Re-exported so a test's one import line keeps working when it names open-db.js instead of database.js.
export { providerOf, sqlitePath, type Db } from './database.js';

/** Opens a client for the URL at once; SQLite files get their folder created first. */
export function openDb(url: string): Db {
  if (providerOf(url) === 'postgresql') {
    return rememberProvider(new PostgresClient({ adapter: new PrismaPg({ connectionString: url }) }) as unknown as Db, 'postgresql');
  }
  return rememberProvider(new SqliteClient({ adapter: new TunedLibSQL({ url: preparedSqliteUrl(url) }) }), 'sqlite');
}
