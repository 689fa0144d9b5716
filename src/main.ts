/**
 * `npm start`: the one entry point that wires configuration, database, conversation engine and
 * chat channels. With no token it runs on the embedded SQLite database with the local chat page (and
 * the demo plan, seeded only into an empty database); Slack and Telegram start when their tokens are in
 * `.env`. Logs, /healthz, /readyz, /metrics and the graceful shutdown come from src/observability.
 */
import './config/v8-flags.js';
import { loadEnv, ConfigError } from './config/env.js';
import { openDatabase, providerOf } from './db/database.js';
import { applyMigrations } from './db/migrate.js';
import { demoYear, seedDemoPlan } from './db/demo-plan.js';
import { PlanValidationError, formatPlanIssue } from './plan-file/plan-validation-error.js';
import { CheckinEngine } from './conversations/checkin-engine.js';
import { LocalChannel } from './chat/local/local-channel.js';
import { linkAccountsByEmail } from './db/identity-store.js';
import { plainTranslator } from './i18n/messages.js';
import { ofEnte } from './i18n/ente-name.js';
import { hostname } from 'node:os';
import type { ChatPort } from './chat/port.js';
import { Dispatcher } from './scheduler/dispatch.js';
import { ReminderScheduler } from './scheduler/reminder-scheduler.js';
import { guardProcess } from './process-guard.js';
import { loggerFor, operationsFor } from './observability/operations.js';
import { ObservedHandler } from './observability/turn-observer.js';
import { answersStoredHook } from './observability/answer-counter.js';
import { channelLogger, observedPort } from './observability/channel-observer.js';
import { deliveryHooks } from './observability/delivery-observer.js';
import { gracefulShutdown } from './observability/shutdown.js';
import { releaseClaims } from './db/claim-release.js';
import { startConsole } from './web/start-console.js';
import { consoleLinkMaker } from './web/console-link.js';
import { consoleBaseUrl } from './web/console-url.js';

const t = plainTranslator('it');

async function main(): Promise<void> {
  // an error escaping a handler is logged; one bad request must not stop the bot for everyone
  const unguard = guardProcess();
  // A signal during start-up is kept and honoured (gracefully) once everything has started.
  let shutdown: ((signal: string) => Promise<void>) | undefined;
  let earlySignal: string | undefined;
  const onSignal = (signal: string) => (shutdown ? void shutdown(signal) : (earlySignal ??= signal));
  process.once('SIGINT', () => onSignal('SIGINT'));
  process.once('SIGTERM', () => onSignal('SIGTERM'));
  const env = loadEnv();
  const logger = loggerFor(env);
  unguard();
  guardProcess((kind, error) => logger.error({ err: error, kind }, 'an error escaped its handler; kept running'));
  await applyMigrations(env.DATABASE_URL);
  const db = await openDatabase(env.DATABASE_URL);
  const demo = await seedDemoPlan(db, env.PERFBOT_DEMO_PLAN, { year: demoYear(env.PERFBOT_DEMO_YEAR, new Date()) });
  const database = providerOf(env.DATABASE_URL) === 'sqlite' ? env.DATABASE_URL.replace(/^file:/, '') : 'PostgreSQL';
  if (demo.seeded) logger.info(t('start.imported', { plan: demo.plan.plan.title, ente: demo.plan.ente.name, ofEnte: ofEnte(demo.plan.ente.name, 'it'), database }));
  else logger.info(t(demo.reason === 'off' ? 'start.demoOff' : 'start.kept', { plans: demo.plans, database }));

  const clock = () => new Date();
  const ops = operationsFor(env, db, logger, clock);
  logger.info({ port: await ops.health.start(), host: env.PERFBOT_HTTP_HOST }, 'health server listening: /healthz /readyz /metrics');
  let replan: (ente: string) => Promise<unknown> = async () => undefined;
  const engine = new CheckinEngine(db, clock, { settingsChanged: (ente) => replan(ente), answersStored: answersStoredHook(ops.metrics), ...(env.PERFBOT_CONSOLE === 'on' ? { consoleLink: consoleLinkMaker(db, clock, consoleBaseUrl(env)) } : {}) });
  const handler = new ObservedHandler(engine, { db, logger, metrics: ops.metrics });
  const receivers: Array<() => Promise<void>> = [];
  const ports: ChatPort[] = [];
  if (env.PERFBOT_LOCAL_CHAT === 'on') {
    ops.channels.expect('local');
    const local = new LocalChannel({ db, handler, port: env.PERFBOT_LOCAL_PORT });
    logger.info({ channel: 'local' }, t('start.localChat', { url: await local.start() }));
    ops.channels.started('local');
    receivers.push(() => local.stop().then(() => ops.channels.stopped('local')));
    ports.push(local);
  }
  if (env.SLACK_BOT_TOKEN && (env.SLACK_SIGNING_SECRET || env.SLACK_SOCKET_MODE === 'on')) {
    ops.channels.expect('slack');
    // Bolt (and telegraf below) are loaded only when their token is set: tens of MB a bot without them never uses.
    const { createSlackChannel } = await import('./chat/slack/adapter.js');
    const slack = createSlackChannel({
      handler,
      botToken: env.SLACK_BOT_TOKEN,
      signingSecret: env.SLACK_SIGNING_SECRET,
      port: env.PERFBOT_SLACK_PORT,
      host: env.PERFBOT_HTTP_HOST,
      logger: channelLogger('slack', logger, ops.metrics, db),
      ...(env.SLACK_API_URL ? { apiUrl: env.SLACK_API_URL } : {}),
      ...(env.SLACK_SOCKET_MODE === 'on' ? { socketMode: true, appToken: env.SLACK_APP_TOKEN } : {}),
    });
    await slack.start();
    await linkAccountsByEmail(db, 'slack', (email) => slack.lookupUserByEmail(email));
    logger.info({ channel: 'slack', port: slack.port }, t('start.slack', { port: slack.port ?? '-' }));
    ops.channels.started('slack');
    receivers.push(() => slack.stop().then(() => ops.channels.stopped('slack')));
    ports.unshift(observedPort(slack, ops.metrics));
  }
  if (env.TELEGRAM_BOT_TOKEN) {
    ops.channels.expect('telegram');
    const { createTelegramChannel } = await import('./chat/telegram/adapter.js');
    const telegram = createTelegramChannel({
      handler,
      botToken: env.TELEGRAM_BOT_TOKEN,
      logger: channelLogger('telegram', logger, ops.metrics, db),
      onPollingStopped: (failure) => ops.channels.failed('telegram', failure.message),
      ...(env.TELEGRAM_API_ROOT ? { apiRoot: env.TELEGRAM_API_ROOT } : {}),
      ...(env.TELEGRAM_WEBHOOK_URL && env.TELEGRAM_WEBHOOK_SECRET
        ? { webhook: { url: env.TELEGRAM_WEBHOOK_URL, secretToken: env.TELEGRAM_WEBHOOK_SECRET, port: env.TELEGRAM_WEBHOOK_PORT, path: new URL(env.TELEGRAM_WEBHOOK_URL).pathname, host: env.PERFBOT_HTTP_HOST } }
        : {}),
    });
    await telegram.start();
    logger.info({ channel: 'telegram', port: telegram.port }, t(env.TELEGRAM_WEBHOOK_URL ? 'start.telegramWebhook' : 'start.telegramPolling'));
    ops.channels.started('telegram');
    receivers.push(() => telegram.stop().then(() => ops.channels.stopped('telegram')));
    ports.unshift(observedPort(telegram, ops.metrics));
  }
  let stopping = false;
  const worker = `${hostname()}:${process.pid}`;
  const dispatcher = new Dispatcher({ db, ports, clock, worker, ...deliveryHooks(logger, ops.metrics), stopping: () => stopping });
  const scheduler = new ReminderScheduler({ db, dispatcher, clock, onError: (error) => logger.error({ component: 'scheduler', err: error }, 'reminders: a tick failed') });
  await scheduler.start();
  replan = (ente) => scheduler.planEnte(ente);
  logger.info(t('start.reminders'));
  if (env.PERFBOT_CONSOLE === 'on') {
    const stopConsole = await startConsole({ db, clock, env, settingsChanged: (ente) => scheduler.planEnte(ente), log: (line) => logger.info({ channel: 'console' }, line) });
    receivers.push(stopConsole);
  }
  const plan = demo.seeded ? demo.plan : undefined;
  logger.info(plan ? t('start.next', { ente: plan.ente.code, plan: plan.plan.code, date: plan.plan.checkpoints[0] ?? `${plan.plan.year}-12-31` }) : t('start.help'));

  shutdown = gracefulShutdown(
    [
      { name: 'stop receiving events', run: async () => { ops.channels.shuttingDown(); stopping = true; await Promise.all(receivers.map((stop) => stop())); } },
      { name: 'finish the turns in flight', run: () => handler.drain() },
      { name: 'finish the send in flight', run: () => scheduler.stop() },
      { name: 'release claims', run: () => releaseClaims(db, worker) },
      { name: 'close the health server', run: () => ops.health.stop() },
      { name: 'close the database', run: () => db.$disconnect() },
    ],
    { logger, deadlineMs: 9_500 },
  );
  if (earlySignal) void shutdown(earlySignal);
}

main().catch((error: unknown) => {
  if (error instanceof PlanValidationError) for (const issue of error.issues) console.error(formatPlanIssue(issue));
  const reason = error instanceof ConfigError ? error.problems.join('; ') : (error as Error).message;
  console.error(t('start.failed', { reason }));
  // whatever had started (a channel, the health server) must not keep a failed start alive
  process.exit(1);
});
