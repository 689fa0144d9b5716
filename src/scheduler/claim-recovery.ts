/**
 * Finishes the claims a dead worker left behind, so that a crash loses a reminder only inside the
 * platform call itself:
 * - rows still `sending` were never handed to a platform (the worker died claiming, building the
 *   message or opening the chat): they go back to `pending` and are sent again;
 * - rows `handed` are in doubt: the platform they were handed to is asked whether the message with
 *   their delivery key arrived — yes: they are completed as sent (not sent again); no: they are sent
 *   again; where the platform cannot tell (Telegram, the local chat), they are marked failed rather
 *   than risk a second message, and the coordinators' digest lists them.
 * A claim counts as abandoned once its lease has run out since the claim or the hand-off.
 */
import type { Db } from '../db/database.js';
import { markFailed, markSent, staleClaims, type ReminderRow } from '../db/reminder-store.js';
import type { ChatPort } from '../chat/port.js';
import { chatAddressesOf } from './chat-addresses.js';
import { deliveryKeyOf, messageUnits } from './message-units.js';

export interface RecoveryOptions {
  db: Db;
  ports: ChatPort[];
  clock: () => Date;
  leaseMs: number;
  /** a claim abandoned this many times before its hand-off is given up (a message that kills its worker) */
  maxAttempts: number;
  onWarning?: (message: string) => void;
}

/** How long a platform that could not be asked (an outage) is asked again before a message in doubt is written off. */
export const DOUBT_GIVE_UP_MS = 24 * 60 * 60_000;

/** The `lastError` of a message in doubt that the platform cannot confirm. */
export const NOT_CONFIRMED = 'interrupted after the hand-off: delivery not confirmed by the platform, not sent again';

/** Resolves every abandoned claim; resolves to the number of messages looked at. */
export async function recoverAbandonedClaims(options: RecoveryOptions): Promise<number> {
  const { db, clock, leaseMs } = options;
  const stale = await staleClaims(db, new Date(clock().getTime() - leaseMs));
  const claims = new Map<string, ReminderRow[]>();
  for (const row of stale) claims.set(`${row.claimedBy}`, [...(claims.get(`${row.claimedBy}`) ?? []), row]);
  const units = [...claims.values()].flatMap(messageUnits);
  for (const rows of units) await resolveClaim(rows, options);
  return units.length;
}

async function resolveClaim(rows: ReminderRow[], options: RecoveryOptions): Promise<void> {
  const { db, clock } = options;
  const first = rows[0]!;
  if (first.state !== 'handed') {
    // Never given to a platform: nothing can have arrived, so it is sent again (unless it keeps killing its worker).
    if (first.attempts >= options.maxAttempts) await markFailed(db, rows, `interrupted before the hand-off ${first.attempts} times: not sent`, null);
    else await markFailed(db, rows, 'interrupted before the hand-off: sent again', clock());
    return;
  }
  const port = options.ports.find((p) => p.platform === first.platform);
  const address = port ? (await chatAddressesOf(db, [port], first, { withUnreachable: true })).find((a) => a.platform === port.platform) : undefined;
  if (!port?.wasDelivered || !address) {
    await markFailed(db, rows, NOT_CONFIRMED, null);
    return;
  }
  try {
    const since = first.claimedAt ?? undefined;
    const messageRef = await port.wasDelivered(address, deliveryKeyOf(rows), since ? { since } : {});
    if (messageRef !== null) await markSent(db, rows, { platform: port.platform, messageRef, at: clock() });
    else await markFailed(db, rows, 'interrupted after the hand-off, not delivered: sent again', clock());
  } catch (error) {
    // The platform could not be asked now: ask again at the next recovery, for a while.
    const handedAt = first.claimedAt?.getTime() ?? 0;
    if (clock().getTime() - handedAt >= DOUBT_GIVE_UP_MS) await markFailed(db, rows, `${NOT_CONFIRMED} (${(error as Error).message})`, null);
    else options.onWarning?.(`message to ${first.recipient} in doubt, ${port.platform} could not be asked: ${(error as Error).message}`);
  }
}
