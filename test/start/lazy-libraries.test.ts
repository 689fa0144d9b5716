/**
 * Issue 12 (CLI < 1 s, bot idle RSS < 150 MB): the bot without tokens and the read-only `perfbot`
 * commands run with Bolt, telegraf, the chart renderers, exceljs, qrcode and date-holidays made
 * impossible to import (test/support/forbid-heavy-libraries.mjs); that Bolt and telegraf are loaded
 * when a token is set is what the chat tests prove.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/program.js';
import { repoRoot, startBot } from '../support/started-bot.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';

const run = promisify(execFile);
const FORBID_HEAVY = path.join(repoRoot, 'test', 'support', 'forbid-heavy-libraries.mjs');

let t: TestDatabase;
beforeEach(async () => {
  t = await createTestDatabase();
});
afterEach(async () => {
  await t.drop();
});

/** `perfbot …` from the TypeScript source, in its own process, heavy libraries forbidden. */
async function perfbotWithoutHeavy(...argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, ['--import', FORBID_HEAVY, '--import', 'tsx', path.join('src', 'cli', 'main.ts'), ...argv], {
      cwd: repoRoot,
      env: { ...process.env, DATABASE_URL: t.url, NO_COLOR: '1' },
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

describe('heavy libraries are loaded only when used', () => {
  it('runs --help, report, people, digest and reminders without them; a chart still needs them', async () => {
    const imported = await runCli(['import', path.join(repoRoot, 'examples', 'segrate-pdo-2022.json')], { stdout: () => {}, stderr: () => {}, env: { DATABASE_URL: t.url } });
    expect(imported).toBe(0);

    const help = await perfbotWithoutHeavy('--help');
    expect(help.code, help.stderr).toBe(0);
    for (const command of ['import', 'export', 'report', 'people', 'digest', 'reminders', 'doctor', 'person', 'console-link', 'generate']) expect(help.stdout).toMatch(new RegExp(`^  ${command}\\b.* \\w`, 'm'));

    const report = await perfbotWithoutHeavy('report', '--ente', 'segrate', '--plan', 'pdo-2022', '--at', '2022-07-31');
    expect(report.code, report.stderr).toBe(0);
    expect(report.stdout).toContain('Settore AGSC');
    const people = await perfbotWithoutHeavy('people', '--ente', 'segrate', '--at', '2022-07-31');
    expect(people.code, people.stderr).toBe(0);
    expect(people.stdout).toContain('bossi-c');
    const digest = await perfbotWithoutHeavy('digest', '--ente', 'segrate', '--sector', 'AGSC', '--at', '2022-07-31');
    expect(digest.code, digest.stderr).toBe(0);
    expect(digest.stdout).toContain('AGSC');
    const reminders = await perfbotWithoutHeavy('reminders', '--ente', 'segrate', '--from', '2022-06-01', '--to', '2022-07-30');
    expect(reminders.code, reminders.stderr).toBe(0);
    expect(reminders.stdout.trim()).not.toBe('');

    // The preload does forbid them: the chart of a digest cannot be drawn under it.
    const chart = await perfbotWithoutHeavy('digest', '--ente', 'segrate', '--sector', 'AGSC', '--at', '2022-07-31', '--png', path.join(mkdtempSync(path.join(tmpdir(), 'perfbot-chart-')), 'never.png'));
    expect(chart.code).not.toBe(0);
    expect(chart.stderr).toContain('heavy library loaded');
  }, 300_000);

  it('starts the bot with the local chat and the web console but no token, without them', async () => {
    // The weekly digest is turned off first: on a Monday morning one is due the moment the bot starts,
    // and drawing its chart (vega) is a use of the chart libraries, not start-up.
    const quiet = { stdout: () => {}, stderr: () => {}, env: { DATABASE_URL: t.url } };
    expect(await runCli(['import', path.join(repoRoot, 'examples', 'segrate-pdo-2022.json')], quiet)).toBe(0);
    expect(await runCli(['config', '--ente', 'segrate', '--as', 'admin-1', '--set', 'digest off'], quiet)).toBe(0);
    const bot = await startBot(t.url, {
      PERFBOT_DEMO_PLAN: 'examples/segrate-pdo-2022.json',
      PERFBOT_CONSOLE: 'on',
      PERFBOT_CONSOLE_PORT: '0',
      NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --import ${FORBID_HEAVY}`,
    });
    const { code, output } = await bot.stop();
    expect(output).not.toContain('heavy library loaded');
    expect(code).toBe(0);
  }, 180_000);
});
