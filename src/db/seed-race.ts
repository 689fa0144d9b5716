/**
 * Two bot processes starting together on an empty database (two replicas on a first deploy) both
 * see no plan and both set out to import the demo plan. Unguarded, the later import on PostgreSQL
 * waits on the earlier one's new ente row and then fails on its unique code (or times out), and
 * the process does not start. Here the seeding is serialized instead: on PostgreSQL a transaction
 * holds an advisory lock while it checks for a plan and imports; the process that waited finds
 * the plan and goes on. SQLite serializes writers itself; a process that lost the write lock waits
 * for the other's plan to appear.
 */
import { isPostgresClient, type Db } from './database.js';

/** The advisory lock key of demo-plan seeding ("perfbot" seeding, any fixed 64-bit number). */
const SEED_LOCK = 0x7065_7266_626f;
/** How long a seeding may take on a busy machine (the import's own transaction allows 120 s). */
const SEED_TIMEOUT_MS = 180_000;
/** How long a process whose SQLite import failed waits for the other process's plan. */
const SQLITE_WAIT_MS = 60_000;

/**
 * Runs `seed` (an import) only if the database still holds no plan, one process at a time.
 * Resolves to true when this process seeded, false when a plan was there (another process's):
 * also when its import created nothing, having run right after the other's.
 */
export async function seedIfStillEmpty(db: Db, seed: () => Promise<{ created: number }>): Promise<boolean> {
  if (isPostgresClient(db)) {
    return db.$transaction(
      async (tx) => {
        // held until this transaction ends, i.e. after the import (on another connection) committed
        await tx.$executeRawUnsafe(`SELECT pg_advisory_xact_lock(${SEED_LOCK})`);
        if ((await tx.plan.count()) > 0) return false;
        return (await seed()).created > 0;
      },
      { timeout: SEED_TIMEOUT_MS, maxWait: SEED_TIMEOUT_MS },
    );
  }
  try {
    return (await seed()).created > 0;
  } catch (error) {
    // the other process held the write lock longer than busy_timeout: its plan shows up when it commits
    const deadline = Date.now() + SQLITE_WAIT_MS;
    while (Date.now() < deadline) {
      if ((await db.plan.count()) > 0) return false;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    throw error;
  }
}
