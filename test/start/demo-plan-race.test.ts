/**
 * Two bot processes (`npm start`'s entry point) starting together on one empty database, as two
 * replicas do on a first deploy: both see no plan and set out to seed the demo plan. One imports
 * it; the other must see the plan and go on starting, not fail on the ente's unique code. Run on
 * PostgreSQL (TEST_DATABASE_URL) this is the two-replica case; on SQLite the writes serialize.
 */
import { describe, expect, it } from 'vitest';
import { DEMO_PLAN, keptPlansLine, seededPlan as seeded, startBot } from '../support/started-bot.js';
import { freshDatabaseEachTest } from '../support/test-database.js';

const t = freshDatabaseEachTest();

describe('two bot processes seeding the demo plan together', () => {
  it('both start on an empty database: one seeds the plan, the other sees it and goes on', async () => {
    const started = await Promise.allSettled([startBot(t.url, { PERFBOT_DEMO_PLAN: DEMO_PLAN }), startBot(t.url, { PERFBOT_DEMO_PLAN: DEMO_PLAN })]);
    const bots = started.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []));
    const runs = await Promise.all(bots.map((bot) => bot.stop()));
    expect(started.filter((s) => s.status === 'rejected').map((s) => String((s as PromiseRejectedResult).reason))).toEqual([]);
    for (const run of runs) expect(run.code, run.output).toBe(0);
    expect(runs.filter((run) => seeded(run.output))).toHaveLength(1);
    const other = runs.find((run) => !seeded(run.output))!;
    expect(other.output).toContain(keptPlansLine(t.url));
    expect(await t.db.ente.findMany({ select: { code: true } })).toEqual([{ code: 'segrate' }]);
    expect(await t.db.plan.count()).toBe(1);
  }, 300_000);
});
