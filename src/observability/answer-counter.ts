/**
 * Counts the answers the conversation engine stores. A Conferma's values are written as raw multi-row
 * inserts, which no Prisma extension sees: the engine reports them (`answersStored`, an EngineHook,
 * see `answersStoredHook`). Assessments and OIV notes are created one by one through the client,
 * which is extended (a Prisma query extension) to count them, by channel.
 */
import type { Db } from '../db/database.js';
import type { Metrics } from './metrics.js';

/** A client that behaves like `db` and counts answer rows created through it. */
export function countingAnswers(db: Db, metrics: Metrics): Db {
  const count = (args: { data?: unknown }) => {
    const data = args.data as { channel?: unknown } | undefined;
    metrics.answersStored.inc({ platform: typeof data?.channel === 'string' ? data.channel : 'unknown' });
  };
  const observed = {
    async create({ args, query }: { args: { data?: unknown }; query: (args: unknown) => Promise<unknown> }) {
      const result = await query(args);
      count(args);
      return result;
    },
  };
  return db.$extends({ query: { measurement: observed, phaseProgress: observed, assessment: observed } }) as unknown as Db;
}

/** The engine hook that counts a Conferma's stored answers. */
export function answersStoredHook(metrics: Metrics): (platform: string, count: number) => void {
  return (platform, count) => {
    if (count > 0) metrics.answersStored.inc({ platform }, count);
  };
}
