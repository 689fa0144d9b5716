/**
 * The production build: `npm run build` output (dist/) starts the bot with `node dist/main.js` and
 * runs the `perfbot` command, with tsx and TypeScript forbidden at run time. .ci/run builds dist/
 * before the tests; in CI a missing dist/ fails this test, elsewhere the test builds it once.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FORBID_TYPESCRIPT, repoRoot, startBot } from '../support/started-bot.js';
import { localPageClient } from '../support/local-page-client.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';

const run = promisify(execFile);

/** dist/ as .ci/run built it; outside CI a missing build is made here (a failure inside the test, never a skip). */
async function ensureBuilt(): Promise<void> {
  if (existsSync(path.join(repoRoot, 'dist', 'main.js'))) return;
  if (process.env.CI) expect.fail('dist/main.js is missing: .ci/run must run `npm run build` before the tests');
  await run('npm', ['run', 'build'], { cwd: repoRoot });
}

let t: TestDatabase;
beforeEach(async () => {
  t = await createTestDatabase();
});
afterEach(async () => {
  await t.drop();
});

describe('the production build', () => {
  it('node dist/main.js starts the bot without tsx or TypeScript, the local chat answers, and the perfbot command runs from dist', async () => {
    await ensureBuilt();
    const bot = await startBot(t.url, { PERFBOT_DEMO_PLAN: 'examples/segrate-pdo-2022.json' }, 'dist');
    try {
      const page = await fetch(bot.url);
      expect(page.status).toBe(200);
      expect(page.headers.get('content-type')).toContain('text/html');
      const people = (await (await (await localPageClient(bot.url)).get('/api/people')).json()) as Array<{ id: string }>;
      expect(people.map((p) => p.id)).toContain('segrate/bossi-c');
    } finally {
      const stopped = await bot.stop();
      expect(stopped.code, stopped.output).toBe(0);
    }

    const cli = await run(process.execPath, [...FORBID_TYPESCRIPT, path.join('bin', 'perfbot.js'), 'people', '--ente', 'segrate', '--at', '2022-07-31'], {
      cwd: repoRoot,
      env: { ...process.env, DATABASE_URL: t.url },
    });
    expect(cli.stdout).toContain('bossi-c');
  }, 600_000);
});
