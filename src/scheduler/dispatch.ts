/**
 * Sends due reminders exactly once: claims a person-day of due rows atomically, sends one message
 * listing them on the person's first reachable platform, and records the outcome. Platform errors
 * are retried with backoff; an unreachable account is marked and the next platform tried.
 *
 * Crash semantics (a worker killed between the platform call and "sent"): its rows stay `sending`.
 * After the lease, `recover` asks the platform whether that message arrived (ports that can tell,
 * via a delivery key) and marks it sent or sends it again; where the platform cannot tell, the rows
 * are marked failed ("delivery not confirmed") rather than sent twice — at most once for that
 * narrow window, while the ladder's next follow-up still goes out.
 */
import type { Db } from '../db/database.js';
import { claimGroup, markFailed, markSent, nextDueGroup, staleClaims, type ReminderRow } from '../db/reminder-store.js';
import { markUnreachable } from '../db/identity-store.js';
import { loadPlanSnapshot, latestPlanCode } from '../db/plan-repository.js';
import { PlatformError, UnreachableError, type ChatAddress, type ChatPort, type Platform } from '../chat/port.js';
import { isLocale } from '../i18n/messages.js';
import { reminderMessage } from './reminder-message.js';
import type { PlanSnapshot } from '../domain/plan-state.js';

export interface DispatcherOptions {
  db: Db;
  ports: ChatPort[];
  clock: () => Date;
  /** this worker's name (host/pid), recorded on claims */
  worker: string;
  maxAttempts?: number;
  /** how long a claim may stay `sending` before it is considered abandoned */
  leaseMs?: number;
}

/** The delivery key of a group: the same for every retry of the same reminders. */
export function deliveryKeyOf(rows: ReminderRow[]): string {
  return rows.map((r) => r.id).join('-');
}

export class Dispatcher {
  private readonly maxAttempts: number;
  private readonly leaseMs: number;

  constructor(private readonly options: DispatcherOptions) {
    this.maxAttempts = options.maxAttempts ?? 5;
    this.leaseMs = options.leaseMs ?? 5 * 60_000;
  }

  /** Sends every due person-day; resolves to the number of messages sent. */
  async tick(): Promise<number> {
    const { db, clock, worker } = this.options;
    let sent = 0;
    // One plan snapshot per ente for the whole tick, not one per message.
    const snapshots = new Map<string, Promise<PlanSnapshot>>();
    for (let guard = 0; guard < 10_000; guard++) {
      const now = clock();
      const group = await nextDueGroup(db, now);
      if (!group) break;
      const rows = await claimGroup(db, group, worker, now);
      if (rows.length === 0) continue; // another worker won this group
      if (await this.send(rows, snapshots)) sent++;
    }
    return sent;
  }

  /** Resolves claims abandoned by a dead worker (see the crash semantics above). */
  async recover(): Promise<number> {
    const { db, clock } = this.options;
    const stale = await staleClaims(db, new Date(clock().getTime() - this.leaseMs));
    const groups = new Map<string, ReminderRow[]>();
    for (const row of stale) groups.set(`${row.claimedBy}`, [...(groups.get(`${row.claimedBy}`) ?? []), row]);
    for (const rows of groups.values()) {
      const addresses = await this.addressesOf(rows[0]!);
      let delivered: string | null = null;
      let known = false;
      for (const address of addresses) {
        const port = this.port(address.platform);
        if (!port?.wasDelivered) continue;
        known = true;
        delivered = await port.wasDelivered(address, deliveryKeyOf(rows));
        if (delivered) {
          await markSent(db, rows.map((r) => r.id), { platform: address.platform, messageRef: delivered, at: clock() });
          break;
        }
      }
      if (delivered) continue;
      if (known) await markFailed(db, rows.map((r) => r.id), 'interrupted before delivery: sent again', clock());
      else await markFailed(db, rows.map((r) => r.id), 'interrupted: delivery not confirmed by the platform, not sent again', null);
    }
    return groups.size;
  }

  private port(platform: Platform): ChatPort | undefined {
    return this.options.ports.find((p) => p.platform === platform);
  }

  /** The person's reachable accounts, in the order of the configured ports. */
  private async addressesOf(row: ReminderRow): Promise<ChatAddress[]> {
    const person = await this.options.db.person.findFirst({ where: { enteId: row.enteId, code: row.recipient }, include: { identities: true, ente: true } });
    if (!person) return [];
    const addresses: ChatAddress[] = [];
    for (const port of this.options.ports) {
      if (port.platform === 'local') addresses.push({ platform: 'local', chatId: `${person.ente.code}/${person.code}` });
      const identity = person.identities.find((i) => i.platform === port.platform && !i.unreachable);
      if (identity) addresses.push({ platform: port.platform, chatId: identity.externalId });
    }
    return addresses;
  }

  private async send(rows: ReminderRow[], snapshots: Map<string, Promise<PlanSnapshot>>): Promise<boolean> {
    const { db, clock } = this.options;
    const ids = rows.map((r) => r.id);
    const first = rows[0]!;
    const person = await db.person.findFirst({ where: { enteId: first.enteId, code: first.recipient }, include: { ente: true } });
    if (!person) {
      await markFailed(db, ids, `unknown person ${first.recipient}`, null);
      return false;
    }
    const enteCode = person.ente.code;
    if (!snapshots.has(enteCode)) snapshots.set(enteCode, latestPlanCode(db, enteCode).then((plan) => loadPlanSnapshot(db, enteCode, plan)));
    const snapshot = await snapshots.get(enteCode)!;
    const locale = isLocale(person.locale) ? person.locale : snapshot.ente.locale;
    const message = reminderMessage(rows, snapshot, locale);
    let lastError = 'no reachable chat account';
    let retryAfterSeconds: number | undefined;
    for (const address of await this.addressesOf(first)) {
      const port = this.port(address.platform)!;
      try {
        const messageRef = await port.send(address, message, { deliveryKey: deliveryKeyOf(rows) });
        await markSent(db, ids, { platform: address.platform, messageRef, at: clock() });
        return true;
      } catch (error) {
        if (error instanceof UnreachableError) {
          await markUnreachable(db, address.platform, address.chatId, error.reason, clock());
          lastError = error.message;
          continue;
        }
        lastError = error instanceof PlatformError ? error.message : `unexpected: ${(error as Error).message}`;
        retryAfterSeconds = error instanceof PlatformError ? error.retryAfterSeconds : undefined;
        const attempts = first.attempts;
        const backoff = Math.max(retryAfterSeconds ?? 0, 60 * 2 ** Math.min(attempts - 1, 6));
        await markFailed(db, ids, lastError, attempts >= this.maxAttempts ? null : new Date(clock().getTime() + backoff * 1000));
        return false;
      }
    }
    await markFailed(db, ids, lastError, null);
    return false;
  }
}
