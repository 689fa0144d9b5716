/**
 * The bot's Prometheus metrics (prom-client, on its own registry so tests can make several):
 * turns handled, answers stored, reminders and digests sent / failed / retried, platform 429s,
 * conversation errors, and the dispatcher lag — the age of the oldest row that is due and not yet
 * sent, read from the database at scrape time, so every replica reports the same backlog.
 */
import { Counter, Gauge, Registry, collectDefaultMetrics } from 'prom-client';

export type DeliveryFamily = 'reminder' | 'digest';
export type DeliveryOutcome = 'sent' | 'failed' | 'retried';

export class Metrics {
  readonly registry = new Registry();
  readonly turns: Counter<'platform'>;
  readonly answersStored: Counter<'platform'>;
  readonly deliveries: Counter<'family' | 'outcome' | 'platform'>;
  readonly rateLimited: Counter<'platform'>;
  readonly conversationErrors: Counter<'platform'>;
  readonly dispatcherLag: Gauge;

  /** `oldestDueAt` tells when the oldest due, unsent row was due (null: none); read on each scrape. */
  constructor(options: { oldestDueAt?: () => Promise<Date | null>; clock?: () => Date; processMetrics?: boolean } = {}) {
    const registers = [this.registry];
    this.turns = new Counter({ name: 'perfbot_turns_total', help: 'Chat events handled by the conversation engine', labelNames: ['platform'], registers });
    this.answersStored = new Counter({ name: 'perfbot_answers_stored_total', help: 'Answers (phase progress, indicator values, assessments) stored from chat', labelNames: ['platform'], registers });
    this.deliveries = new Counter({
      name: 'perfbot_deliveries_total',
      help: 'Reminder and digest messages: sent, failed for good, or failed with a retry planned',
      labelNames: ['family', 'outcome', 'platform'],
      registers,
    });
    this.rateLimited = new Counter({ name: 'perfbot_platform_rate_limited_total', help: 'Platform answers 429 / ratelimited', labelNames: ['platform'], registers });
    this.conversationErrors = new Counter({ name: 'perfbot_conversation_errors_total', help: 'Chat events whose handling failed with an error', labelNames: ['platform'], registers });
    const clock = options.clock ?? (() => new Date());
    const oldestDueAt = options.oldestDueAt;
    this.dispatcherLag = new Gauge({
      name: 'perfbot_dispatcher_lag_seconds',
      help: 'Age of the oldest reminder or digest that is due and not sent yet (0 when none)',
      registers,
      async collect() {
        // a database that cannot be read makes the lag unknown (NaN), not the whole scrape fail
        const due = oldestDueAt ? await oldestDueAt().catch(() => undefined) : null;
        if (due === undefined) this.set(Number.NaN);
        else this.set(due ? Math.max(0, (clock().getTime() - due.getTime()) / 1000) : 0);
      },
    });
    if (options.processMetrics) collectDefaultMetrics({ register: this.registry, prefix: 'perfbot_' });
  }

  /** The Prometheus text exposition of every metric. */
  async text(): Promise<string> {
    return this.registry.metrics();
  }

  get contentType(): string {
    return this.registry.contentType;
  }
}
