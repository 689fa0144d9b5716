/**
 * `npm start`: the one entry point that wires configuration, database, conversation engine and
 * chat channels. With no token it runs on the embedded SQLite database with the example plans and
 * the local chat page; Slack and Telegram start when their tokens are in `.env`.
 */
import { loadEnv, ConfigError } from './config/env.js';
import { openDb, providerOf } from './db/database.js';
import { applyMigrations } from './db/migrate.js';
import { importPlan } from './db/plan-import.js';
import { readPlanFile } from './plan-file/read.js';
import { PlanValidationError, formatPlanIssue } from './plan-file/plan-validation-error.js';
import { CheckinEngine } from './conversations/checkin-engine.js';
import { LocalChannel } from './chat/local/local-channel.js';
import { createSlackChannel } from './chat/slack/adapter.js';
import { linkAccountsByEmail } from './db/identity-store.js';
import { createTelegramChannel } from './chat/telegram/adapter.js';
import { translator } from './i18n/messages.js';
import { hostname } from 'node:os';
import type { ChatPort } from './chat/port.js';
import { Dispatcher } from './scheduler/dispatch.js';
import { ReminderScheduler } from './scheduler/reminder-scheduler.js';

const t = translator('it');

/** What has been started so far (database, servers, scheduler): closed newest first on shutdown, and when the start fails. */
const stops: Array<() => Promise<void>> = [];

/** How long closing may take when the start failed, before the process exits anyway. */
const FAILED_START_CLOSE_MS = 5_000;

async function main(): Promise<void> {
  const env = loadEnv();
  await applyMigrations(env.DATABASE_URL);
  const db = openDb(env.DATABASE_URL);
  stops.push(() => db.$disconnect());
  const { plan } = await readPlanFile(env.PERFBOT_DEMO_PLAN);
  await importPlan(db, plan, { actor: 'start', reason: `demo plan ${env.PERFBOT_DEMO_PLAN}` });
  const database = providerOf(env.DATABASE_URL) === 'sqlite' ? env.DATABASE_URL.replace(/^file:/, '') : 'PostgreSQL';
  console.log(t('start.imported', { plan: plan.plan.title, ente: plan.ente.name, database }));

  const clock = () => new Date();
  let replan: (ente: string) => Promise<unknown> = async () => undefined;
  const engine = new CheckinEngine(db, clock, { settingsChanged: (ente) => replan(ente) });
  const ports: ChatPort[] = [];
  if (env.PERFBOT_LOCAL_CHAT === 'on') {
    const local = new LocalChannel({ db, handler: engine, port: env.PERFBOT_LOCAL_PORT });
    console.log(t('start.localChat', { url: await local.start() }));
    stops.push(() => local.stop());
    ports.push(local);
  }
  if (env.SLACK_BOT_TOKEN && env.SLACK_SIGNING_SECRET) {
    const slack = createSlackChannel({
      handler: engine,
      botToken: env.SLACK_BOT_TOKEN,
      signingSecret: env.SLACK_SIGNING_SECRET,
      port: env.PERFBOT_SLACK_PORT,
      host: env.PERFBOT_HTTP_HOST,
      ...(env.SLACK_API_URL ? { apiUrl: env.SLACK_API_URL } : {}),
      ...(env.SLACK_SOCKET_MODE === 'on' ? { socketMode: true, appToken: env.SLACK_APP_TOKEN } : {}),
    });
    stops.push(() => slack.stop());
    await slack.start();
    await linkAccountsByEmail(db, 'slack', (email) => slack.lookupUserByEmail(email));
    console.log(t('start.slack', { port: slack.port ?? '-' }));
    ports.unshift(slack);
  }
  if (env.TELEGRAM_BOT_TOKEN) {
    const telegram = createTelegramChannel({
      handler: engine,
      botToken: env.TELEGRAM_BOT_TOKEN,
      ...(env.TELEGRAM_API_ROOT ? { apiRoot: env.TELEGRAM_API_ROOT } : {}),
      ...(env.TELEGRAM_WEBHOOK_URL && env.TELEGRAM_WEBHOOK_SECRET
        ? { webhook: { url: env.TELEGRAM_WEBHOOK_URL, secretToken: env.TELEGRAM_WEBHOOK_SECRET, port: env.TELEGRAM_WEBHOOK_PORT, path: new URL(env.TELEGRAM_WEBHOOK_URL).pathname, host: env.PERFBOT_HTTP_HOST } }
        : {}),
    });
    stops.push(() => telegram.stop());
    await telegram.start();
    console.log(t(env.TELEGRAM_WEBHOOK_URL ? 'start.telegramWebhook' : 'start.telegramPolling'));
    ports.unshift(telegram);
  }
  const dispatcher = new Dispatcher({ db, ports, clock, worker: `${hostname()}:${process.pid}`, onWarning: (message) => console.warn(`digests: ${message}`) });
  const scheduler = new ReminderScheduler({ db, dispatcher, clock, onError: (error) => console.error(`reminders: ${(error as Error).message}`) });
  stops.push(() => scheduler.stop());
  await scheduler.start();
  replan = (ente) => scheduler.planEnte(ente);
  console.log(t('start.reminders'));
  console.log(t('start.next', { ente: plan.ente.code, plan: plan.plan.code, date: plan.plan.checkpoints[0] ?? `${plan.plan.year}-12-31` }));

  const shutdown = async () => {
    await closeStarted();
    console.log(t('start.stopped'));
    process.exit(0);
  };
  process.once('SIGINT', () => void shutdown());
  process.once('SIGTERM', () => void shutdown());
}

/** Stops what was started, newest first (the scheduler before the channels, the database last). */
async function closeStarted(): Promise<void> {
  for (const stop of stops.splice(0).reverse()) await stop();
}

main().catch(async (error: unknown) => {
  if (error instanceof PlanValidationError) for (const issue of error.issues) console.error(formatPlanIssue(issue));
  const reason = error instanceof ConfigError ? error.problems.join('; ') : (error as Error).message;
  console.error(t('start.failed', { reason }));
  // A half-started bot (servers open, no scheduler) must not look alive to a supervisor: close what
  // was started, and exit non-zero even if something will not close.
  setTimeout(() => process.exit(1), FAILED_START_CLOSE_MS).unref();
  await closeStarted().catch(() => undefined);
  process.exit(1);
});
