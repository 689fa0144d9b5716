/**
 * The delivery key of a proactive message, carried as Slack message metadata, so a dispatcher that
 * died after handing the message over can ask Slack whether it arrived (conversations.history with
 * include_all_metadata) instead of sending it again or writing it off.
 */
import { PlatformError } from '../port.js';

/** The metadata event type of perfbot's proactive messages. */
export const DELIVERY_EVENT_TYPE = 'perfbot_delivery';

/** How far before the hand-off a message is looked for: Slack's clock and ours may differ a little. */
export const CLOCK_SKEW_MS = 10 * 60_000;

/** At most this many history pages are read; a DM with the bot holds few messages since the hand-off. */
export const MAX_HISTORY_PAGES = 10;

/** The chat.postMessage `metadata` of a message sent with this delivery key. */
export function deliveryMetadata(deliveryKey: string): { event_type: string; event_payload: { key: string } } {
  return { event_type: DELIVERY_EVENT_TYPE, event_payload: { key: deliveryKey } };
}

interface HistoryMessage {
  ts?: string;
  metadata?: { event_type?: string; event_payload?: Record<string, unknown> };
}

/** One page of a DM's history, as conversations.history returns it. */
export interface HistoryPage {
  messages?: HistoryMessage[] | undefined;
  nextCursor?: string | undefined;
}

/**
 * Reads a DM's history page by page for the message carrying this delivery key: its ts, or null when
 * there is none. Throws PlatformError when the history is too long to read through (it cannot tell).
 */
export async function findDelivered(readPage: (cursor: string | undefined) => Promise<HistoryPage>, deliveryKey: string): Promise<string | null> {
  let cursor: string | undefined;
  for (let page = 0; page < MAX_HISTORY_PAGES; page++) {
    const { messages, nextCursor } = await readPage(cursor);
    const found = (messages ?? []).find((m) => m.metadata?.event_type === DELIVERY_EVENT_TYPE && m.metadata.event_payload?.key === deliveryKey);
    if (found) return found.ts ?? '';
    if (!nextCursor) return null;
    cursor = nextCursor;
  }
  throw new PlatformError('slack', 'conversations.history', 'history_too_long');
}

/** conversations.history's `oldest` for a hand-off at `since` (a Slack timestamp: seconds.micro). */
export function oldestFor(since: Date): string {
  return ((since.getTime() - CLOCK_SKEW_MS) / 1000).toFixed(6);
}
