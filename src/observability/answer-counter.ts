/**
 * Counts the answers the conversation engine stores, without touching the engine: the database
 * client handed to it is extended (a Prisma query extension) to count each phase progress, indicator
 * value and assessment created (one by one or in a multi-row insert), by channel.
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
    // a Conferma writes its answers in one multi-row insert (db/value-batch.ts)
    async createMany({ args, query }: { args: { data?: unknown }; query: (args: unknown) => Promise<unknown> }) {
      const result = await query(args);
      for (const data of [args.data ?? []].flat()) count({ data });
      return result;
    },
  };
  return db.$extends({ query: { measurement: observed, phaseProgress: observed, assessment: observed } }) as unknown as Db;
}
