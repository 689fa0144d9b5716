/**
 * Which SQL dialect a Prisma client (or its transaction, or an `$extends`-ed client) speaks, for
 * the few raw statements that differ (JSON functions and casts). `isPostgresClient` in database.ts
 * tests `instanceof`, which the generated clients do not pass (their constructor returns another
 * object, and `$extends` and transactions wrap it again); the client's provider name survives all three.
 */
import { isPostgresClient, type Db, type Tx } from './database.js';

/** Whether raw SQL on this client runs on PostgreSQL (else SQLite). */
export function speaksPostgres(client: Db | Tx): boolean {
  const provider = (client as unknown as { _activeProvider?: unknown })._activeProvider;
  return typeof provider === 'string' ? provider === 'postgresql' : isPostgresClient(client as Db);
}
