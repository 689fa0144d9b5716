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
import { translator } from './i18n/messages.js';

const t = translator('it');

async function main(): Promise<void> {
  const env = loadEnv();
  await applyMigrations(env.DATABASE_URL);
  const db = openDb(env.DATABASE_URL);
  const { plan } = await readPlanFile(env.PERFBOT_DEMO_PLAN);
  await importPlan(db, plan, { actor: 'start', reason: `demo plan ${env.PERFBOT_DEMO_PLAN}` });
  const database = providerOf(env.DATABASE_URL) === 'sqlite' ? env.DATABASE_URL.replace(/^file:/, '') : 'PostgreSQL';
  console.log(t('start.imported', { plan: plan.plan.title, ente: plan.ente.name, database }));

  const engine = new CheckinEngine(db, () => new Date());
  const stops: Array<() => Promise<void>> = [];
  if (env.PERFBOT_LOCAL_CHAT === 'on') {
    const local = new LocalChannel({ db, handler: engine, port: env.PERFBOT_LOCAL_PORT });
    console.log(t('start.localChat', { url: await local.start() }));
    stops.push(() => local.stop());
  }
  console.log(t('start.next', { ente: plan.ente.code, plan: plan.plan.code, date: plan.plan.checkpoints[0] ?? `${plan.plan.year}-12-31` }));

  const shutdown = async () => {
    for (const stop of stops) await stop();
    await db.$disconnect();
    console.log(t('start.stopped'));
    process.exit(0);
  };
  process.once('SIGINT', () => void shutdown());
  process.once('SIGTERM', () => void shutdown());
}

main().catch((error: unknown) => {
  if (error instanceof PlanValidationError) for (const issue of error.issues) console.error(formatPlanIssue(issue));
  const reason = error instanceof ConfigError ? error.problems.join('; ') : (error as Error).message;
  console.error(t('start.failed', { reason }));
  process.exitCode = 1;
});
