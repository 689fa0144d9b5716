/**
 * Sends due reminders and digests exactly once: claims a person-day of due reminders, or one due
 * digest, atomically, sends it on the person's first reachable platform, and records the outcome. A
 * person's reminders of a day are one message listing them; digests are never merged into it: each
 * digest row (a sector's digest, the ente-wide summary) is its own message, built at send time from
 * the report of that day. Platform errors are retried with backoff; an unreachable account is
 * marked and the next platform tried.
 *
 * Crash semantics: right before the one platform call that may deliver a message, its rows are
 * marked `handed` (with that moment and the platform); whatever a platform needs first (Slack opens
 * the DM) happens before. A worker that dies before the hand-off leaves rows `sending`, sent again
 * after the lease; one that dies after it leaves them `handed`, in doubt: the platform is asked
 * whether the message with its delivery key (the ids of its rows) arrived — completed if so, sent
 * again if not — and only where it cannot tell are they marked failed rather than sent twice, and
 * listed in the coordinators' digest (see claim-recovery.ts).
 */
import type { Db } from '../db/database.js';
import { claimGroup, kindFamilyOf, markFailed, markHanded, markSent, nextDueGroup, type ReminderRow } from '../db/reminder-store.js';
import { markUnreachable } from '../db/identity-store.js';
import { PlatformError, UnreachableError, type ChatAddress, type ChatPort, type OutgoingMessage, type Platform } from '../chat/port.js';
import { isLocale, translator, type Locale } from '../i18n/messages.js';
import { formatDate } from '../i18n/format.js';
import { reminderMessage } from './reminder-message.js';
import type { DigestReason } from './plan-digests.js';
import type { PlanSnapshot } from '../domain/plan-state.js';
import { WorkingCalendar } from '../domain/calendar.js';
import { addDays } from '../domain/calendar-date.js';
import type { SectorDigest } from '../reports/digest.js';
import { enteSummaryMessages, sectorDigestMessages } from '../reports/digest-messages.js';
import { chatAddressesOf } from './chat-addresses.js';
import { recoverAbandonedClaims } from './claim-recovery.js';
import { deliveryKeyOf, messageUnits } from './message-units.js';
import { TickCache } from './tick-cache.js';

export { deliveryKeyOf, messageUnits } from './message-units.js';

export interface DispatcherOptions {
  db: Db;
  ports: ChatPort[];
  clock: () => Date;
  /** this worker's name (host/pid), recorded on claims */
  worker: string;
  maxAttempts?: number;
  /** how long a claim may stay `sending` or `handed` (since the claim or the hand-off) before it is considered abandoned */
  leaseMs?: number;
  /** told about what failed after a message was delivered (a digest's chart): nothing is retried */
  onWarning?: (message: string) => void;
  /** told each message's outcome (logs, metrics): sent, failed for good, or failed with a retry planned */
  onDelivery?: (rows: ReminderRow[], outcome: 'sent' | 'failed' | 'retried', detail: { platform?: Platform; error?: string }) => void;
  /** asked before each claim: true ends the tick early (a shutdown), leaving what is still due for later */
  stopping?: () => boolean;
}

/** A digest this many days late is not sent: by then the next week's digest says the same, newer. */
export const DIGEST_STALE_DAYS = 7;

interface Recipient {
  ente: string;
  snapshot: PlanSnapshot;
  locale: Locale;
}

export class Dispatcher {
  private readonly maxAttempts: number;
  private readonly leaseMs: number;

  constructor(private readonly options: DispatcherOptions) {
    this.maxAttempts = options.maxAttempts ?? 5;
    this.leaseMs = options.leaseMs ?? 5 * 60_000;
  }

  /** Sends every due person-day; resolves to the number of messages sent (a digest's chart not counted). */
  async tick(): Promise<number> {
    const { db, clock, worker } = this.options;
    let sent = 0;
    const cache = new TickCache(db);
    for (let guard = 0; guard < 10_000 && !this.options.stopping?.(); guard++) {
      const now = clock();
      const group = await nextDueGroup(db, now);
      if (!group) break;
      const rows = await claimGroup(db, group, worker, now);
      if (rows.length === 0) continue; // another worker won this group
      const recipient = await this.recipientOf(rows[0]!, cache);
      if (!recipient) {
        await markFailed(db, rows, `unknown person ${rows[0]!.recipient}`, null);
        continue;
      }
      for (const unit of messageUnits(rows)) {
        try {
          if (await this.sendUnit(unit, recipient, cache)) sent++;
        } catch (error) {
          // An unexpected error (building a digest, the database) fails this message alone, with a retry later;
          // the rows never stay `sending` for `recover` to write off, and the tick goes on.
          const retryAt = unit[0]!.attempts >= this.maxAttempts ? null : new Date(this.options.clock().getTime() + 60_000 * 2 ** Math.min(unit[0]!.attempts - 1, 6));
          await markFailed(db, unit, `unexpected: ${(error as Error).message}`, retryAt).catch(() => undefined);
          this.options.onDelivery?.(unit, retryAt ? 'retried' : 'failed', { error: (error as Error).message });
          this.options.onWarning?.(`message to ${unit[0]!.recipient} (${unit.map((r) => r.subject).join(', ')}) failed: ${(error as Error).message}`);
        }
      }
    }
    return sent;
  }

  /** Resolves claims abandoned by a dead worker (see the crash semantics above); resolves to the number of messages looked at. */
  async recover(): Promise<number> {
    const { db, ports, clock, onWarning } = this.options;
    return recoverAbandonedClaims({ db, ports, clock, leaseMs: this.leaseMs, maxAttempts: this.maxAttempts, ...(onWarning ? { onWarning } : {}) });
  }

  private port(platform: Platform): ChatPort | undefined {
    return this.options.ports.find((p) => p.platform === platform);
  }

  private async recipientOf(row: ReminderRow, cache: TickCache): Promise<Recipient | null> {
    const person = await this.options.db.person.findFirst({ where: { enteId: row.enteId, code: row.recipient }, include: { ente: true } });
    if (!person) return null;
    const snapshot = await cache.snapshot(person.ente.code);
    return { ente: person.ente.code, snapshot, locale: isLocale(person.locale) ? person.locale : snapshot.ente.locale };
  }

  /** One message's rows: reminders as their list, a digest built now from today's report. */
  private async sendUnit(rows: ReminderRow[], recipient: Recipient, cache: TickCache): Promise<boolean> {
    const first = rows[0]!;
    if (kindFamilyOf(first.kind) === 'reminder') return (await this.deliver(rows, reminderMessage(rows, recipient.snapshot, recipient.locale))) !== null;
    const { snapshot, locale } = recipient;
    const reason = first.reason as DigestReason;
    // The report of the ente's local date at the moment of sending, not of the planned day.
    const asOf = new WorkingCalendar({ timezone: snapshot.ente.timezone }).localDateOf(this.options.clock());
    if (asOf >= addDays(first.dueDate, DIGEST_STALE_DAYS)) {
      await markFailed(this.options.db, [first], `not sent: more than ${DIGEST_STALE_DAYS} days late, a newer digest replaces it`, null);
      return false;
    }
    const input = { report: cache.report(snapshot, asOf), snapshot, locale, lastReminders: await cache.lastRemindersOf(recipient.ente), failedReminders: await cache.undeliveredOf(recipient.ente, asOf) };
    if (reason.scope === 'ente') return (await this.deliverDigest(first, enteSummaryMessages(input))) !== null;
    if (!input.report.sectors.some((s) => s.code === reason.sector)) {
      await markFailed(this.options.db, [first], `sector ${reason.sector} has no objectives in the current plan`, null);
      return false;
    }
    const { digest, messages } = sectorDigestMessages(input, reason.sector);
    const address = await this.deliverDigest(first, messages);
    if (!address) return false;
    await this.sendChart(address, first, digest, () => cache.chart(digest, snapshot, locale), locale);
    return true;
  }

  /**
   * A digest row's messages: the first is the row's (its delivery key, its retries); once it is
   * delivered the row is sent, and any further message follows on the same platform, best effort.
   */
  private async deliverDigest(row: ReminderRow, messages: OutgoingMessage[]): Promise<ChatAddress | null> {
    const [first, ...rest] = messages;
    if (!first) {
      await markFailed(this.options.db, [row], `digest ${row.subject}: nothing to send`, null);
      return null;
    }
    const address = await this.deliver([row], first);
    if (!address) return null;
    for (const [i, message] of rest.entries()) {
      try {
        await this.port(address.platform)!.send(address, message, { deliveryKey: `${deliveryKeyOf([row])}.${i + 1}` });
      } catch (error) {
        this.options.onWarning?.(`digest ${row.subject} to ${row.recipient}: message ${i + 2} not sent: ${(error as Error).message}`);
      }
    }
    return address;
  }

  /**
   * The sector's chart after its digest text, on the same platform when it can show pictures, best
   * effort: the row is already marked sent, so a chart that fails is reported and never makes the
   * digest go out twice.
   */
  private async sendChart(address: ChatAddress, row: ReminderRow, digest: SectorDigest, chart: () => Promise<Buffer>, locale: Locale): Promise<void> {
    const port = this.port(address.platform);
    if (!port?.sendImage) return;
    try {
      const png = await chart();
      const caption = translator(locale)('digestChart.caption', { code: digest.sector.code, date: formatDate(digest.asOf, locale) });
      await port.sendImage(address, { png, filename: `digest-${digest.sector.code}-${digest.asOf}.png`, caption }, { deliveryKey: `${deliveryKeyOf([row])}.chart` });
    } catch (error) {
      this.options.onWarning?.(`digest chart of ${digest.sector.code} to ${row.recipient} not sent: ${(error as Error).message}`);
    }
  }

  /**
   * Sends one message for these rows on the first platform that takes it and records the outcome;
   * resolves to the address it went to, or null (retry planned, or failed for good).
   */
  private async deliver(rows: ReminderRow[], message: OutgoingMessage): Promise<ChatAddress | null> {
    const { db, clock } = this.options;
    const first = rows[0]!;
    let lastError = 'no reachable chat account';
    for (const address of await chatAddressesOf(db, this.options.ports, first)) {
      const port = this.port(address.platform)!;
      try {
        const target = port.prepareSend ? await port.prepareSend(address) : address;
        // The last step before the call that may deliver; a claim lost meanwhile (lease run out) sends nothing.
        if (!(await markHanded(db, rows, address.platform, clock()))) return null;
        const messageRef = await port.send(target, message, { deliveryKey: deliveryKeyOf(rows) });
        await markSent(db, rows, { platform: address.platform, messageRef, at: clock() });
        this.options.onDelivery?.(rows, 'sent', { platform: address.platform });
        return address;
      } catch (error) {
        if (error instanceof UnreachableError) {
          await markUnreachable(db, address.platform, address.chatId, error.reason, clock());
          lastError = error.message;
          continue;
        }
        lastError = error instanceof PlatformError ? error.message : `unexpected: ${(error as Error).message}`;
        const retryAfterSeconds = error instanceof PlatformError ? error.retryAfterSeconds : undefined;
        const attempts = first.attempts;
        const backoff = Math.max(retryAfterSeconds ?? 0, 60 * 2 ** Math.min(attempts - 1, 6));
        await markFailed(db, rows, lastError, attempts >= this.maxAttempts ? null : new Date(clock().getTime() + backoff * 1000));
        this.options.onDelivery?.(rows, attempts >= this.maxAttempts ? 'failed' : 'retried', { platform: address.platform, error: lastError });
        return null;
      }
    }
    await markFailed(db, rows, lastError, null);
    this.options.onDelivery?.(rows, 'failed', { error: lastError });
    return null;
  }
}
