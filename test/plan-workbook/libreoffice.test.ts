/**
 * An office edits the plan workbook in LibreOffice as often as in Excel: a workbook exported by
 * perfbot, saved again by LibreOffice (headless `soffice --convert-to xlsx`, which rewrites every
 * part of the file: styles, shared strings, dates, validations, comments), imports into a fresh
 * database with the same JSON export. `.ci/run` installs LibreOffice when `soffice` is missing.
 */
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/program.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';

const root = path.resolve(import.meta.dirname, '..', '..');
let dir: string;
let source: TestDatabase;
let fresh: TestDatabase;

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'perfbot-libreoffice-'));
  source = await createTestDatabase();
  fresh = await createTestDatabase();
});
afterAll(async () => {
  await source.drop();
  await fresh.drop();
  rmSync(dir, { recursive: true, force: true });
});

async function cli(url: string, ...argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(argv, { stdout: (s) => (stdout += s), stderr: (s) => (stderr += s), env: { DATABASE_URL: url } });
  return { code, stdout, stderr };
}

/** Opens `file` in LibreOffice and saves it as xlsx in `outDir` (a private profile, so parallel runs do not collide). */
async function saveWithLibreOffice(file: string, outDir: string): Promise<string> {
  mkdirSync(outDir, { recursive: true });
  const profile = `file://${path.join(dir, 'lo-profile')}`;
  await promisify(execFile)('soffice', [`-env:UserInstallation=${profile}`, '--headless', '--convert-to', 'xlsx', '--outdir', outDir, file], { timeout: 120_000 });
  return path.join(outDir, path.basename(file));
}

describe('a plan workbook saved by LibreOffice', () => {
  it('imports into a fresh database with the same JSON export as the original', { timeout: 240_000 }, async () => {
    expect((await cli(source.url, 'import', path.join(root, 'test', 'fixtures', 'workbook-plan.yaml'))).code).toBe(0);
    const original = await cli(source.url, 'export', '--ente', 'borgo-xlsx', '--plan', 'pp-2022', '--format', 'json');
    const exported = path.join(dir, 'piano.xlsx');
    expect((await cli(source.url, 'export', '--ente', 'borgo-xlsx', '--plan', 'pp-2022', '--format', 'xlsx', '--out', exported)).code).toBe(0);

    const saved = await saveWithLibreOffice(exported, path.join(dir, 'saved'));
    const imported = await cli(fresh.url, 'import', saved);
    expect(imported.code, imported.stderr).toBe(0);
    // The fixture's weights do not add up on purpose: warnings only.
    expect(imported.stderr.trim().split('\n').every((line) => line.startsWith('warning: '))).toBe(true);
    const again = await cli(fresh.url, 'export', '--ente', 'borgo-xlsx', '--plan', 'pp-2022', '--format', 'json');
    expect(again.stdout).toBe(original.stdout);
  });
});
