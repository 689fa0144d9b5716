/**
 * Everything main.ts needs for operations, built once from the configuration: the logger (with the
 * configured secrets masked), the metrics, the readiness state of the channels and the health
 * server. Kept apart from main.ts so the wiring there stays a few lines.
 */
import type { Env } from '../config/env.js';
import type { Db } from '../db/database.js';
import { oldestDueAt } from '../db/claim-release.js';
import { createLogger, logFormatOf, type Logger } from './logger.js';
import { Metrics } from './metrics.js';
import { ChannelStates, databaseCheck } from './readiness.js';
import { HealthServer } from './health-server.js';

export interface Operations {
  logger: Logger;
  metrics: Metrics;
  channels: ChannelStates;
  health: HealthServer;
}

/** The secrets of a configuration: masked in every log line. */
export function secretsOf(env: Env): Array<string | undefined> {
  return [env.SLACK_BOT_TOKEN, env.SLACK_SIGNING_SECRET, env.SLACK_APP_TOKEN, env.TELEGRAM_BOT_TOKEN, env.TELEGRAM_WEBHOOK_SECRET, env.DATABASE_URL.match(/:\/\/[^:/]+:([^@]+)@/)?.[1]];
}

/** The process logger for a configuration (LOG_LEVEL, LOG_FORMAT / NODE_ENV). */
export function loggerFor(env: Env, destination?: NodeJS.WritableStream): Logger {
  return createLogger({ level: env.LOG_LEVEL, format: logFormatOf(env), secrets: secretsOf(env), ...(destination ? { destination } : {}) });
}

/** Builds the operations side for the bot on `db`; the health server is started by the caller. */
export function operationsFor(env: Env, db: Db, logger: Logger, clock: () => Date): Operations {
  const metrics = new Metrics({ oldestDueAt: () => oldestDueAt(db, clock()), clock, processMetrics: true });
  const channels = new ChannelStates();
  const health = new HealthServer({ port: env.PERFBOT_HEALTH_PORT, host: env.PERFBOT_HTTP_HOST, metrics, checks: [databaseCheck(db, env.DATABASE_URL), channels.check()] });
  return { logger, metrics, channels, health };
}
