/**
 * `npm start`: one entry point that wires configuration and database. Until the chat channels
 * land it loads the demo plan into the embedded database (idempotently) and prints its report at
 * the first monitoring date — no token and no server needed.
 */
import { loadEnv, ConfigError } from './config/env.js';
import { openDb, providerOf } from './db/database.js';
import { applyMigrations } from './db/migrate.js';
import { importPlan } from './db/plan-import.js';
import { loadPlanSnapshot } from './db/plan-repository.js';
import { readPlanFile } from './plan-file/read.js';
import { PlanValidationError, formatPlanIssue } from './plan-file/plan-validation-error.js';
import { buildReport } from './reports/report.js';
import { renderReportText } from './reports/report-text.js';
import { translator } from './i18n/messages.js';
import { formatDate } from './i18n/format.js';

const t = translator('it');

async function main(): Promise<void> {
  const env = loadEnv();
  await applyMigrations(env.DATABASE_URL);
  const db = openDb(env.DATABASE_URL);
  try {
    const { plan } = await readPlanFile(env.PERFBOT_DEMO_PLAN);
    await importPlan(db, plan, { actor: 'start', reason: `demo plan ${env.PERFBOT_DEMO_PLAN}` });
    const snapshot = await loadPlanSnapshot(db, plan.ente.code, plan.plan.code);
    const asOf = snapshot.plan.checkpoints[0] ?? `${snapshot.plan.year}-12-31`;
    const database = providerOf(env.DATABASE_URL) === 'sqlite' ? env.DATABASE_URL.replace(/^file:/, '') : 'PostgreSQL';
    console.log(t('start.imported', { plan: snapshot.plan.title, ente: snapshot.ente.name, database }));
    console.log(`${t('start.showing', { date: formatDate(asOf, 'it') })}\n`);
    const names = { ente: snapshot.ente.name, plan: snapshot.plan.title, people: new Map(snapshot.people.map((p) => [p.code, p.name])) };
    console.log(renderReportText(buildReport(snapshot, asOf), names, snapshot.ente.locale));
    console.log(t('start.next'));
  } finally {
    await db.$disconnect();
  }
}

main().catch((error: unknown) => {
  if (error instanceof PlanValidationError) for (const issue of error.issues) console.error(formatPlanIssue(issue));
  const reason = error instanceof ConfigError ? error.problems.join('; ') : (error as Error).message;
  console.error(t('start.failed', { reason }));
  process.exitCode = 1;
});
