/**
 * The open-data CSV (`perfbot export --report --format csv`, docs/open-data-csv.md), parsed back
 * and checked row by row against `perfbot report --format json` at each checkpoint.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Report } from '../../src/reports/report-schema.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';
import { EXPORT_CASES, TRICKY_NOTE, cliOn, expectedNote, expectedReporter, importExportFixtures, peopleNames, reportJson } from '../support/report-export-fixture.js';

/** The published column names, in order (docs/open-data-csv.md): changing them breaks users. */
const COLUMNS = [
  'ente',
  'plan',
  'checkpoint',
  'sectors',
  'objective',
  'objective_title',
  'indicator',
  'indicator_name',
  'context',
  'weight',
  'reporter',
  'target',
  'value_raw',
  'value_number',
  'measured_at',
  'status',
  'achievement',
  'met',
  'deviation',
  'note',
];

/** A strict RFC 4180 reader (LF or CRLF line ends): the test's own, independent of the writer. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') {
        quoted = false;
        if (i + 1 < text.length && !',\r\n'.includes(text[i + 1]!)) throw new Error(`text after a closing quote at ${i}`);
      } else field += ch;
    } else if (ch === '"') {
      if (field !== '') throw new Error(`quote inside an unquoted field at ${i}`);
      quoted = true;
    } else if (ch === ',') {
      row.push(field);
      field = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += ch;
  }
  if (quoted) throw new Error('unterminated quoted field');
  if (field !== '' || row.length > 0) rows.push([...row, field]);
  return rows;
}

const numberText = /^-?\d+(\.\d+)?$/;
const asNumber = (field: string): number | null => {
  if (field === '') return null;
  expect(field, 'a number with "." and no grouping').toMatch(numberText);
  return Number(field);
};
const asBoolean = (field: string): boolean | null => (field === '' ? null : field === 'true' ? true : field === 'false' ? false : (() => { throw new Error(`not a boolean: ${field}`); })());

let t: TestDatabase;
let cli: ReturnType<typeof cliOn>;
let dir: string;
let names: Map<string, string>;

beforeAll(async () => {
  t = await createTestDatabase();
  await importExportFixtures(t.db);
  cli = cliOn(t.url);
  dir = mkdtempSync(path.join(tmpdir(), 'perfbot-csv-'));
  names = await peopleNames();
});
afterAll(async () => {
  await t.drop();
  rmSync(dir, { recursive: true, force: true });
});

describe.each(EXPORT_CASES)('open-data CSV of $ente at $at', ({ ente, plan, at, checkpoints }) => {
  let bytes: Buffer;
  let rows: Array<Record<string, string>>;
  let reports: Map<string, Report>;

  beforeAll(async () => {
    const file = path.join(dir, `${ente}-${at}.csv`);
    const result = await cli('export', '--ente', ente, '--plan', plan, '--report', '--format', 'csv', '--at', at, '--out', file);
    expect(result, result.stderr).toMatchObject({ code: 0, stderr: '' });
    bytes = readFileSync(file);
    const table = parseCsv(bytes.toString('utf8'));
    expect(table[0]).toEqual(COLUMNS);
    for (const line of table) expect(line).toHaveLength(COLUMNS.length);
    rows = table.slice(1).map((line) => Object.fromEntries(COLUMNS.map((c, i) => [c, line[i]!])));
    reports = new Map();
    for (const checkpoint of checkpoints) reports.set(checkpoint, await reportJson(cli, ente, plan, checkpoint));
  });

  it('is UTF-8 without BOM, with \\n line ends, a header and one row per indicator and checkpoint', () => {
    expect(bytes.subarray(0, 3).equals(Buffer.from([0xef, 0xbb, 0xbf]))).toBe(false);
    expect(Buffer.from(bytes.toString('utf8'), 'utf8').equals(bytes), 'valid UTF-8').toBe(true);
    expect(bytes.toString('utf8')).not.toContain('\r');
    expect(bytes.toString('utf8').endsWith('\n')).toBe(true);
    const expected = checkpoints.flatMap((checkpoint) =>
      reports.get(checkpoint)!.objectives.flatMap((o) => o.indicators.map((i) => `${checkpoint} ${o.code}/${i.code}`)),
    );
    expect(rows.map((r) => `${r.checkpoint} ${r.objective}/${r.indicator}`)).toEqual(expected);
    expect(new Set(expected).size).toBe(expected.length);
  });

  it('has on each row the numbers and values of the report at that checkpoint', () => {
    for (const row of rows) {
      const report = reports.get(row.checkpoint!)!;
      const objective = report.objectives.find((o) => o.code === row.objective)!;
      const indicator = objective.indicators.find((i) => i.code === row.indicator)!;
      const where = `${row.checkpoint} ${row.objective}/${row.indicator}`;
      expect([row.ente, row.plan, row.sectors, row.objective_title, row.indicator_name], where).toEqual([
        report.ente,
        report.plan,
        objective.sectors.join(' '),
        objective.title,
        indicator.name,
      ]);
      expect(asBoolean(row.context!), where).toBe(indicator.context);
      expect(asNumber(row.weight!), where).toBe(indicator.weight);
      const reporter = expectedReporter(report, objective.code, indicator.code);
      expect(row.reporter || null, where).toBe(reporter === null ? null : names.get(reporter));
      expect(row.target || null, where).toBe(indicator.target?.raw ?? null);
      expect(row.value_raw || null, where).toBe(indicator.value?.raw ?? null);
      const parsed = indicator.value?.parsed as { kind: string; value?: number } | null | undefined;
      expect(asNumber(row.value_number!), where).toBe(parsed?.kind === 'number' ? parsed.value : null);
      expect(row.measured_at || null, where).toBe(indicator.value?.at ?? null);
      expect(row.status, where).toBe(indicator.status);
      expect(asNumber(row.achievement!), where).toBe(indicator.achievement);
      expect(asBoolean(row.met!), where).toBe(indicator.met);
      expect(asNumber(row.deviation!), where).toBe(indicator.deviation);
      expect(row.note || null, where).toBe(expectedNote(objective.code, indicator.code, row.checkpoint!));
    }
  });
});

describe('open-data CSV content', () => {
  it('round-trips a note with a comma, quotes and a line break, and Italian letters', async () => {
    const result = await cli('export', '--ente', 'segrate', '--plan', 'pdo-2022', '--report', '--format', 'csv', '--at', '2022-07-31');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('"Dato ""provvisorio"", da confermare\nseconda riga"');
    const table = parseCsv(result.stdout);
    const note = table.find((r) => r[4] === 'AGSC-1' && r[6] === 'c')![19];
    expect(note).toBe(TRICKY_NOTE);
    expect(result.stdout).toContain('n. verifiche di identità/SPID');
  });

  it('carries a value forward to later checkpoints with the date it was measured', async () => {
    const result = await cli('export', '--ente', 'segrate', '--plan', 'pdo-2022', '--report', '--format', 'csv', '--at', '2022-10-15');
    const rows = parseCsv(result.stdout).filter((r) => r[4] === 'AGSC-1' && r[6] === 'a');
    expect(rows.map((r) => [r[2], r[12], r[13], r[14]])).toEqual([
      ['2022-07-31', '8', '8', '2022-07-31'],
      ['2022-10-15', '9', '9', '2022-09-30'],
    ]);
    const money = parseCsv((await cli('export', '--ente', 'segrate', '--plan', 'pdo-2022', '--report', '--format', 'csv', '--at', '2022-12-31')).stdout).find(
      (r) => r[2] === '2022-12-31' && r[4] === 'AGSC-1' && r[6] === 'e',
    )!;
    expect([money[12], money[13]]).toEqual(['5.200,50', '5200.5']);
  });
});
