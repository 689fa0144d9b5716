/**
 * Sends due reminders and digests exactly once: claims a person-day of due reminders, or one due
 * digest, atomically, sends it on the person's first reachable platform, and records the outcome. A
 * person's reminders of a day are one message listing them; digests are never merged into it: each
 * digest row (a sector's digest, the ente-wide summary) is its own message, built at send time from
 * the report of that day. Platform errors are retried with backoff; an unreachable account is
 * marked and the next platform tried.
 *
 * Crash semantics (a worker killed between the platform call and "sent"): its rows stay `sending`.
 * After the lease, `recover` asks the platform whether that message arrived (ports that can tell,
 * via a delivery key) and marks it sent or sends it again; where the platform cannot tell, the rows
 * are marked failed ("delivery not confirmed") rather than sent twice — at most once for that
 * narrow window, while the ladder's next follow-up still goes out. Each message has its own
 * delivery key (the ids of its rows).
 */
import type { Db } from '../db/database.js';
import { claimGroup, kindFamilyOf, markFailed, markSent, nextDueGroup, staleClaims, type ReminderRow } from '../db/reminder-store.js';
import { lastRemindersSent } from '../db/reminder-history.js';
import { markUnreachable } from '../db/identity-store.js';
import { loadPlanSnapshot, latestPlanCode } from '../db/plan-repository.js';
import { PlatformError, UnreachableError, type ChatAddress, type ChatPort, type OutgoingMessage, type Platform } from '../chat/port.js';
import { isLocale, translator, type Locale } from '../i18n/messages.js';
import { formatDate } from '../i18n/format.js';
import { reminderMessage } from './reminder-message.js';
import type { DigestReason } from './plan-digests.js';
import type { PlanSnapshot } from '../domain/plan-state.js';
import { WorkingCalendar } from '../domain/calendar.js';
import { addDays } from '../domain/calendar-date.js';
import { buildReport } from '../reports/report.js';
import type { Report } from '../reports/report-schema.js';
import type { SectorDigest } from '../reports/digest.js';
import { enteSummaryMessages, sectorDigestMessages } from '../reports/digest-messages.js';
import { sectorTrend } from '../reports/sector-trend.js';

export interface DispatcherOptions {
  db: Db;
  ports: ChatPort[];
  clock: () => Date;
  /** this worker's name (host/pid), recorded on claims */
  worker: string;
  maxAttempts?: number;
  /** how long a claim may stay `sending` before it is considered abandoned */
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

/** The delivery key of a group: the same for every retry of the same reminders. */
export function deliveryKeyOf(rows: ReminderRow[]): string {
  return rows.map((r) => r.id).join('-');
}

/**
 * The rows that make one message: a person's reminders of a day together, each digest alone. (A
 * claim holds one digest; their order — ente summary first — is the planner's row order.)
 */
export function messageUnits(rows: ReminderRow[]): ReminderRow[][] {
  const reminders = rows.filter((r) => kindFamilyOf(r.kind) === 'reminder');
  const digests = rows.filter((r) => kindFamilyOf(r.kind) === 'digest');
  return [...(reminders.length > 0 ? [reminders] : []), ...digests.map((row) => [row])];
}

/** What one tick reads once per ente (and per local date) rather than once per message. */
class TickCache {
  private readonly snapshots = new Map<string, Promise<PlanSnapshot>>();
  private readonly reports = new Map<string, Report>();
  private readonly lastReminders = new Map<string, Promise<Map<string, string>>>();
  private readonly charts = new Map<string, Promise<Buffer>>();

  constructor(private readonly db: Db) {}

  snapshot(ente: string): Promise<PlanSnapshot> {
    if (!this.snapshots.has(ente)) this.snapshots.set(ente, latestPlanCode(this.db, ente).then((plan) => loadPlanSnapshot(this.db, ente, plan)));
    return this.snapshots.get(ente)!;
  }

  report(snapshot: PlanSnapshot, asOf: string): Report {
    const key = `${snapshot.ente.code}@${asOf}`;
    if (!this.reports.has(key)) this.reports.set(key, buildReport(snapshot, asOf));
    return this.reports.get(key)!;
  }

  lastRemindersOf(ente: string): Promise<Map<string, string>> {
    if (!this.lastReminders.has(ente)) this.lastReminders.set(ente, lastRemindersSent(this.db, ente));
    return this.lastReminders.get(ente)!;
  }

  /** A sector's chart is drawn once per tick and language, however many coordinators get it. */
  chart(digest: SectorDigest, snapshot: PlanSnapshot, locale: Locale): Promise<Buffer> {
    const key = `${snapshot.ente.code}/${digest.sector.code}@${digest.asOf}/${locale}`;
    if (!this.charts.has(key)) {
      // Loaded only when a port can show it: the chart stack (Vega, resvg) is heavy.
      this.charts.set(key, import('../reports/digest-chart.js').then(({ renderDigestChart }) => renderDigestChart(digest, locale, sectorTrend(snapshot, digest.sector.code, digest.asOf))));
    }
    return this.charts.get(key)!;
  }
}

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

  /** Resolves claims abandoned by a dead worker (see the crash semantics above). */
  async recover(): Promise<number> {
    const { db, clock } = this.options;
    const stale = await staleClaims(db, new Date(clock().getTime() - this.leaseMs));
    const claims = new Map<string, ReminderRow[]>();
    for (const row of stale) claims.set(`${row.claimedBy}`, [...(claims.get(`${row.claimedBy}`) ?? []), row]);
    const units = [...claims.values()].flatMap(messageUnits);
    for (const rows of units) {
      const addresses = await this.addressesOf(rows[0]!);
      let delivered: string | null = null;
      let known = false;
      for (const address of addresses) {
        const port = this.port(address.platform);
        if (!port?.wasDelivered) continue;
        known = true;
        delivered = await port.wasDelivered(address, deliveryKeyOf(rows));
        if (delivered) {
          await markSent(db, rows, { platform: address.platform, messageRef: delivered, at: clock() });
          break;
        }
      }
      if (delivered) continue;
      if (known) await markFailed(db, rows, 'interrupted before delivery: sent again', clock());
      else await markFailed(db, rows, 'interrupted: delivery not confirmed by the platform, not sent again', null);
    }
    return units.length;
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
    const input = { report: cache.report(snapshot, asOf), snapshot, locale, lastReminders: await cache.lastRemindersOf(recipient.ente) };
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
    for (const address of await this.addressesOf(first)) {
      const port = this.port(address.platform)!;
      try {
        const messageRef = await port.send(address, message, { deliveryKey: deliveryKeyOf(rows) });
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
