/**
 * Counts the answers the conversation engine stores (values and progress of a Conferma, assessments,
 * OIV notes), by channel: the engine reports each turn's stored answers once it committed
 * (`answersStored`, an EngineHook; see `countStoredAfterCommit` in conversations/turn.ts). Counting
 * at the database client instead would miss the Conferma's raw multi-row inserts.
 */
import type { Metrics } from './metrics.js';

/** The engine hook that counts a turn's stored answers. */
export function answersStoredHook(metrics: Metrics): (platform: string, count: number) => void {
  return (platform, count) => {
    if (count > 0) metrics.answersStored.inc({ platform }, count);
  };
}
