/** `perfbot export --report`: the options, their errors, and the plan-file export left as it was. */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';
import { cliOn, importExportFixtures, reportJson } from '../support/report-export-fixture.js';

let t: TestDatabase;
let cli: ReturnType<typeof cliOn>;
let dir: string;
const segrate = ['export', '--ente', 'segrate', '--plan', 'pdo-2022'];

beforeAll(async () => {
  t = await createTestDatabase();
  await importExportFixtures(t.db);
  cli = cliOn(t.url);
  dir = mkdtempSync(path.join(tmpdir(), 'perfbot-export-report-'));
});
afterAll(async () => {
  await t.drop();
  rmSync(dir, { recursive: true, force: true });
});

describe('perfbot export --report', () => {
  it('writes the workbook to --out and says where; its sector % equal perfbot report', async () => {
    const file = path.join(dir, 'relazione.xlsx');
    const result = await cli(...segrate, '--report', '--at', '2022-12-31', '--out', file);
    expect(result).toEqual({ code: 0, stdout: `exported the report of segrate/pdo-2022 at 2022-12-31 to ${file}\n`, stderr: '' });
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(file);
    const report = await reportJson(cli, 'segrate', 'pdo-2022', '2022-12-31');
    const summary = workbook.getWorksheet('Riepilogo')!;
    expect(report.sectors.map((s, i) => summary.getRow(4 + i).getCell(6).value)).toEqual(report.sectors.map((s) => s.pct));
  });

  it('prints the CSV on stdout, the same as written with --out', async () => {
    const printed = await cli(...segrate, '--report', '--format', 'csv', '--at', '2022-12-31');
    expect(printed.code).toBe(0);
    expect(printed.stdout.split('\n')[0]).toMatch(/^ente,plan,checkpoint,/);
    const file = path.join(dir, 'open-data.csv');
    const written = await cli(...segrate, '--report', '--format', 'csv', '--at', '2022-12-31', '--out', file);
    expect(written).toEqual({ code: 0, stdout: `exported segrate/pdo-2022 (csv) to ${file}\n`, stderr: '' });
    expect(readFileSync(file, 'utf8')).toBe(printed.stdout);
  });

  it.each([
    [['--report', '--at', '2022-12-31'], '--format xlsx needs --out <file.xlsx> (a workbook cannot be printed)'],
    [['--report', '--format', 'xlsx', '--at', '2022-12-31'], '--format xlsx needs --out <file.xlsx> (a workbook cannot be printed)'],
    [['--report', '--format', 'csv'], '--report needs --at <date> (YYYY-MM-DD)'],
    [['--report', '--format', 'json', '--at', '2022-12-31'], '--report exports xlsx or csv, not json (for the report as JSON use: perfbot report --format json)'],
    [['--format', 'xlsx'], '--format xlsx needs --out <file.xlsx> (a workbook cannot be printed)'],
    [['--format', 'csv'], '--format csv exports the report: add --report and --at <date>'],
    [['--at', '2022-12-31'], '--at is only used with --report (the plan file holds every date)'],
    [['--lang', 'en'], '--lang is only used with --report or --format xlsx'],
    [['--report', '--format', 'csv', '--at', '31/12/2022'], 'not a date YYYY-MM-DD: 31/12/2022'],
  ])('rejects %j with a usage error and writes nothing', async (extra, message) => {
    const result = await cli(...segrate, ...extra);
    expect(result).toEqual({ code: 2, stdout: '', stderr: `perfbot: ${message}\n` });
    expect(existsSync(path.join(process.cwd(), 'x.xlsx'))).toBe(false);
  });

  it('rejects an unknown format or language before touching the database', async () => {
    const format = await cli(...segrate, '--report', '--format', 'pdf', '--at', '2022-12-31');
    expect(format.code).toBe(2);
    expect(format.stderr).toContain("argument 'pdf' is invalid");
    const lang = await cli(...segrate, '--report', '--format', 'csv', '--lang', 'fr', '--at', '2022-12-31');
    expect(lang.code).toBe(2);
    expect(lang.stderr).toContain("argument 'fr' is invalid");
  });

  it('says clearly when the plan does not exist', async () => {
    const result = await cli('export', '--ente', 'nowhere', '--plan', 'x', '--report', '--format', 'csv', '--at', '2022-12-31');
    expect(result).toEqual({ code: 1, stdout: '', stderr: 'perfbot: ente "nowhere" not found\n' });
  });
});

describe('perfbot export (plan file), unchanged', () => {
  it('prints the plan as JSON by default and as YAML with --format yaml', async () => {
    const json = await cli(...segrate);
    expect(json.code).toBe(0);
    expect(JSON.parse(json.stdout)).toMatchObject({ format: 'perfbot/plan@1', ente: { code: 'segrate' }, plan: { code: 'pdo-2022' } });
    const yaml = await cli(...segrate, '--format', 'yaml');
    expect(yaml.code).toBe(0);
    expect(yaml.stdout).toMatch(/^format: perfbot\/plan@1\n/);
  });

  it('can write the plan file to --out instead', async () => {
    const file = path.join(dir, 'plan.yaml');
    const printed = await cli(...segrate, '--format', 'yaml');
    const written = await cli(...segrate, '--format', 'yaml', '--out', file);
    expect(written).toEqual({ code: 0, stdout: `exported segrate/pdo-2022 (yaml) to ${file}\n`, stderr: '' });
    expect(readFileSync(file, 'utf8')).toBe(printed.stdout);
  });
});
