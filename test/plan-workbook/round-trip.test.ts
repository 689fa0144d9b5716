/**
 * The plan workbook round trip (issue 13): a plan imported from JSON/YAML, exported with
 * `perfbot export --format xlsx`, imported into a fresh database, exports the same JSON as the
 * original. The fixture workbook-plan.yaml uses every key of perfbot/plan@1, history included.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/program.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';

const root = path.resolve(import.meta.dirname, '..', '..');
let dir: string;

beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'perfbot-plan-xlsx-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function cli(url: string, ...argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(argv, { stdout: (s) => (stdout += s), stderr: (s) => (stderr += s), env: { DATABASE_URL: url } });
  return { code, stdout, stderr };
}

describe('perfbot export --format xlsx → perfbot import', () => {
  it.each([
    ['examples/segrate-pdo-2022.json', 'segrate', 'pdo-2022'],
    ['examples/terre-argine-2020.json', 'terre-argine', 'pp-2020'],
    ['test/fixtures/workbook-plan.yaml', 'borgo-xlsx', 'pp-2022'],
  ])('%s exported as a workbook imports into a fresh database with the same JSON export', { timeout: 180_000 }, async (file, ente, plan) => {
    const source: TestDatabase = await createTestDatabase();
    const fresh: TestDatabase = await createTestDatabase();
    try {
      expect((await cli(source.url, 'import', path.join(root, file))).code).toBe(0);
      const original = await cli(source.url, 'export', '--ente', ente, '--plan', plan, '--format', 'json');
      expect(original.code).toBe(0);
      const workbook = path.join(dir, `${ente}.xlsx`);
      const exported = await cli(source.url, 'export', '--ente', ente, '--plan', plan, '--format', 'xlsx', '--out', workbook);
      expect(exported).toEqual({ code: 0, stdout: `exported ${ente}/${plan} (plan workbook) to ${workbook}\n`, stderr: '' });

      const imported = await cli(fresh.url, 'import', workbook);
      expect(imported.code, imported.stderr).toBe(0);
      expect(imported.stdout).toMatch(new RegExp(`^imported ${ente}/${plan}: [1-9]\\d* created, 0 updated, 0 retired, 0 unchanged\\n$`));
      const again = await cli(fresh.url, 'export', '--ente', ente, '--plan', plan, '--format', 'json');
      expect(again.stdout).toBe(original.stdout);

      // The workbook imported over the plan it came from changes nothing.
      const over = await cli(source.url, 'import', workbook);
      expect(over.stdout).toMatch(/: 0 created, 0 updated, 0 retired, \d+ unchanged\n$/);
    } finally {
      await source.drop();
      await fresh.drop();
    }
  });
});
