/**
 * `npm start` and the demo plan, with the real entry point in a child process: the demo plan is
 * seeded only into a database with no plan, a restart never re-imports it (so a change made after
 * the first start survives), a database holding an ente's own plan is left alone, and
 * PERFBOT_DEMO_PLAN=off seeds nothing. Runs on PostgreSQL too when TEST_DATABASE_URL names one.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { importPlan } from '../../src/db/plan-import.js';
import { loadPlanSnapshot } from '../../src/db/plan-repository.js';
import { toPlanFile } from '../../src/plan-file/export.js';
import { readPlanFile } from '../../src/plan-file/read.js';
import { DEMO_PLAN as SEGRATE, keptPlansLine, repoRoot, seededPlan as seeded, startBot } from '../support/started-bot.js';
import { localPageClient } from '../support/local-page-client.js';
import { countRows, freshDatabaseEachTest } from '../support/test-database.js';

const t = freshDatabaseEachTest();

/** The title of a phase in the stored plan, read back through the exporter. */
async function exportedPhaseTitle(objective: string, phase: string): Promise<string | undefined> {
  const file = toPlanFile(await loadPlanSnapshot(t.db, 'segrate', 'pdo-2022')) as {
    objectives: Array<{ code: string; phases: Array<{ code: string; title: string }> }>;
  };
  return file.objectives.find((o) => o.code === objective)?.phases.find((p) => p.code === phase)?.title;
}

describe('npm start and the demo plan', () => {
  it('seeds the demo plan into an empty database once; a phase retitled afterwards keeps its title across a restart', async () => {
    const first = await startBot(t.url, { PERFBOT_DEMO_PLAN: SEGRATE, PERFBOT_DEMO_YEAR: 'original' });
    const firstRun = await first.stop();
    expect(firstRun.code, firstRun.output).toBe(0);
    expect(seeded(firstRun.output)).toBe(true);
    expect(await t.db.ente.findMany({ select: { code: true } })).toEqual([{ code: 'segrate' }]);

    // The ente's office imports a changed copy of the plan as written (hence the original year): one phase retitled.
    const { plan } = await readPlanFile(path.join(repoRoot, SEGRATE));
    const objective = plan.objectives[0]!;
    const phase = objective.phases[0]!;
    phase.title = `${phase.title} (rivisto)`;
    const summary = await importPlan(t.db, plan, { actor: 'ufficio', reason: 'retitle' });
    expect(summary.updated).toBe(1);
    const auditBefore = await t.db.auditLog.count();

    const second = await startBot(t.url, { PERFBOT_DEMO_PLAN: SEGRATE, PERFBOT_DEMO_YEAR: 'original' });
    const secondRun = await second.stop();
    expect(secondRun.code, secondRun.output).toBe(0);
    expect(seeded(secondRun.output)).toBe(false);
    expect(secondRun.output).toContain(keptPlansLine(t.url));
    expect(await exportedPhaseTitle(objective.code, phase.code)).toBe(phase.title);
    expect(await t.db.auditLog.count()).toBe(auditBefore);
    const latestByStart = await t.db.auditLog.findFirst({ where: { actor: 'start' }, orderBy: { id: 'desc' } });
    const retitle = await t.db.auditLog.findFirst({ where: { actor: 'ufficio' }, orderBy: { id: 'desc' } });
    expect(latestByStart!.id).toBeLessThan(retitle!.id);
  }, 240_000);

  it("leaves a database holding only Terre d'Argine alone: no Segrate ente, no reminders or digests planned for it", async () => {
    const { plan } = await readPlanFile(path.join(repoRoot, 'examples', 'terre-argine-2020.json'));
    await importPlan(t.db, plan, { actor: 'ufficio', reason: 'own plan' });
    const before = await countRows(t.db);

    const bot = await startBot(t.url, { PERFBOT_DEMO_PLAN: SEGRATE });
    const run = await bot.stop();
    expect(run.code, run.output).toBe(0);
    expect(seeded(run.output)).toBe(false);
    expect(await t.db.ente.findMany({ select: { code: true } })).toEqual([{ code: 'terre-argine' }]);
    expect(await countRows(t.db)).toEqual(before);
    expect(await t.db.reminder.count({ where: { ente: { code: { not: 'terre-argine' } } } })).toBe(0);
    expect(await t.db.auditLog.count({ where: { actor: 'start' } })).toBe(0);
  }, 240_000);

  it('with PERFBOT_DEMO_PLAN=off seeds nothing into an empty database, and the local chat still answers', async () => {
    const bot = await startBot(t.url, { PERFBOT_DEMO_PLAN: 'off' });
    try {
      const page = await fetch(bot.url);
      expect(page.status).toBe(200);
      expect(await (await (await localPageClient(bot.url)).get('/api/people')).json()).toEqual([]);
    } finally {
      const run = await bot.stop();
      expect(run.code, run.output).toBe(0);
      expect(seeded(run.output)).toBe(false);
      expect(run.output).toContain('PERFBOT_DEMO_PLAN=off');
    }
    expect(await countRows(t.db)).toEqual(await countRows(t.db).then((rows) => Object.fromEntries(Object.keys(rows).map((k) => [k, 0]))));
  }, 240_000);
});
