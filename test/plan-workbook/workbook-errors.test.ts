/**
 * `perfbot import piano.xlsx` with mistakes: one line per mistake naming sheet, cell, column header
 * and value, exit code 1, nothing written. The workbook is the export of a valid plan, edited the
 * way an office would get it wrong.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { parse } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/program.js';
import { planFileSchema } from '../../src/plan-file/schema.js';
import { writePlanWorkbook } from '../../src/plan-workbook/write-workbook.js';
import { countRows, createTestDatabase, type TestDatabase } from '../support/test-database.js';

const root = path.resolve(import.meta.dirname, '..', '..');
let t: TestDatabase;
let dir: string;

beforeAll(async () => {
  t = await createTestDatabase();
  dir = mkdtempSync(path.join(tmpdir(), 'perfbot-xlsx-errors-'));
});
afterAll(async () => {
  await t.drop();
  rmSync(dir, { recursive: true, force: true });
});

async function cli(...argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(argv, { stdout: (s) => (stdout += s), stderr: (s) => (stderr += s), env: { DATABASE_URL: t.url } });
  return { code, stdout, stderr };
}

/** The fixture plan as a workbook, opened for editing. */
async function fixtureWorkbook(): Promise<ExcelJS.Workbook> {
  const plan = planFileSchema.parse(parse(readFileSync(path.join(root, 'test', 'fixtures', 'workbook-plan.yaml'), 'utf8')));
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load((await writePlanWorkbook(plan)) as unknown as ArrayBuffer);
  return workbook;
}

describe('perfbot import of a workbook with mistakes', () => {
  it('prints one line per mistake with sheet, cell, header and value, and writes nothing', async () => {
    await cli('import', path.join(root, 'test', 'fixtures', 'small-plan.yaml'));
    const before = await countRows(t.db);
    const workbook = await fixtureWorkbook();
    const sheet = (name: string) => workbook.getWorksheet(name)!;
    sheet('Ente e piano').getCell('B10').value = 'mediana'; // Calcolo del settore
    sheet('Fasi').getCell('E2').value = 120; // Peso of phase RU-1/1
    sheet('Fasi').getCell('E3').value = { formula: '10*2', result: 20 }; // a formula: read by its value, fine
    sheet('Fasi').getCell('M4').value = 'metà'; // Feb of phase RU-1/3.a
    sheet('Ruoli').getCell('A3').value = 'nessuno';
    sheet('Obiettivi').getCell('B3').value = null; // Titolo of SF-2
    sheet('Indicatori').getCell('E3').value = 'litri';
    sheet('Indicatori').getCell('B6').value = '1'; // SF-2's second indicator gets the code of its first
    sheet('Fasi').getCell('A7').value = 'ZZ-9';
    sheet('Fasi').getCell('C7').value = 'Fase di un obiettivo che non esiste';
    sheet('Valori rilevati').getCell('D3').value = null;
    sheet('Valutazioni').getCell('G1').value = 'Nota del Nucleo';
    sheet('Persone').getCell('C3').value = { formula: 'A1/0', result: { error: '#DIV/0!' } };
    sheet('Settori').getRow(40).getCell(2).value = '   '; // blank trailing rows are ignored
    const file = path.join(dir, 'piano.xlsx');
    await workbook.xlsx.writeFile(file);

    const { code, stdout, stderr } = await cli('import', file);
    expect(stdout).toBe('');
    expect(stderr.split('\n')).toEqual([
      `${file}: Ente e piano!B10 (Calcolo del settore): not one of the list: media ponderata | media semplice (value: "mediana")`,
      `${file}: Persone!C3 (Email): formula error: #DIV/0!`,
      `${file}: Ruoli!A3 (Persona): unknown person (value: "nessuno")`,
      `${file}: Obiettivi!B3 (Titolo): required key is missing`,
      `${file}: Fasi!E2 (Peso): weight cannot exceed 100 (value: 120)`,
      `${file}: Fasi!M4 (Feb): expected a % or X (value: "metà")`,
      `${file}: Fasi!A7 (Obiettivo): unknown objective (value: "ZZ-9")`,
      `${file}: Indicatori!E3 (Unità): not one of the list: percentuale | numero | euro | giorni | data | sì/no | testo (value: "litri")`,
      `${file}: Indicatori!B6 (Codice): duplicate code in objectives[SF-2].indicators (value: "1")`,
      `${file}: Valori rilevati!D3 (Valore): required key is missing`,
      `${file}: Valutazioni!G1 (Nota del Nucleo): unknown column (value: "Nota del Nucleo")`,
      'perfbot: nothing was written (11 error(s))',
      '',
    ]);
    expect(code).toBe(1);
    expect(await countRows(t.db)).toEqual(before);
  });

  it('says so when the file is not a plan workbook', async () => {
    const other = new ExcelJS.Workbook();
    other.addWorksheet('Foglio1').getCell('A1').value = 'ciao';
    const file = path.join(dir, 'altro.xlsx');
    await other.xlsx.writeFile(file);
    expect((await cli('import', file)).stderr).toBe(`${file}: not a perfbot plan workbook: no sheet "Ente e piano"\nperfbot: nothing was written (1 error(s))\n`);
    const broken = path.join(dir, 'rotto.xlsx');
    writeFileSync(broken, 'not a zip');
    expect((await cli('import', broken)).stderr).toBe(`${broken}: not an Excel workbook (.xlsx)\nperfbot: nothing was written (1 error(s))\n`);
  });
});
