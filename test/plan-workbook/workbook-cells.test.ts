/**
 * The plan workbook as an office meets it: the template's sheets, header notes, drop-down lists
 * and date cells; worked examples that import; and the reader's tolerance for what people type
 * (dates and numbers as text, % cells, formulas, moved columns, labels or codes, empty rows).
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { parse } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/program.js';
import { planFileSchema, type PlanFile } from '../../src/plan-file/schema.js';
import { PlanValidationError, formatPlanIssue } from '../../src/plan-file/plan-validation-error.js';
import { readPlanWorkbook } from '../../src/plan-workbook/read-workbook.js';
import { writePlanWorkbook } from '../../src/plan-workbook/write-workbook.js';

const root = path.resolve(import.meta.dirname, '..', '..');
let dir: string;
beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'perfbot-xlsx-cells-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const SHEETS = ['Istruzioni', 'Ente e piano', 'Scadenze di monitoraggio', 'Settori', 'Persone', 'Assenze', 'Ruoli', 'Obiettivi', 'Fasi', 'Indicatori', 'Target intermedi', 'Valori rilevati', 'Avanzamento fasi', 'Valutazioni', 'Avvisi noti', 'Elenchi'];

async function load(bytes: Buffer): Promise<ExcelJS.Workbook> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
  return workbook;
}

async function bytesOf(workbook: ExcelJS.Workbook): Promise<Buffer> {
  return Buffer.from((await workbook.xlsx.writeBuffer()) as ArrayBuffer);
}

function validation(sheet: ExcelJS.Worksheet, address: string): ExcelJS.DataValidation | undefined {
  return (sheet as unknown as { dataValidations: { model: Record<string, ExcelJS.DataValidation> } }).dataValidations.model[address];
}

/** Sets one cell's number format (exceljs shares a loaded style between cells: setting numFmt would change them all). */
function numFmt(cell: ExcelJS.Cell, format: string): void {
  cell.style = { ...cell.style, numFmt: format };
}

function fixture(): PlanFile {
  return planFileSchema.parse(parse(readFileSync(path.join(root, 'test', 'fixtures', 'workbook-plan.yaml'), 'utf8')));
}

/** Reads a workbook that must be valid; a failure shows every issue line. */
async function readValid(bytes: Buffer, name: string): Promise<PlanFile> {
  const issues = await issuesOf(bytes, name);
  expect(issues).toEqual([]);
  return (await readPlanWorkbook(bytes, name)).plan;
}

async function issuesOf(bytes: Buffer, name = 'piano.xlsx'): Promise<string[]> {
  try {
    await readPlanWorkbook(bytes, name);
    return [];
  } catch (error) {
    if (error instanceof PlanValidationError) return error.issues.map(formatPlanIssue);
    throw error;
  }
}

describe('perfbot template', () => {
  it('writes the empty Italian workbook with notes, drop-down lists and date columns', async () => {
    const out = path.join(dir, 'piano.xlsx');
    let stdout = '';
    const code = await runCli(['template', '--out', out], { stdout: (s) => (stdout += s), stderr: () => {}, env: { DATABASE_URL: `file:${path.join(dir, 'unused.db')}` } });
    expect({ code, stdout }).toEqual({ code: 0, stdout: `wrote the plan template to ${out}\n` });
    const workbook = await load(readFileSync(out));
    expect(workbook.worksheets.map((s) => s.name)).toEqual(SHEETS);
    expect(workbook.getWorksheet('Elenchi')!.state).toBe('hidden');

    const phases = workbook.getWorksheet('Fasi')!;
    expect(phases.getRow(1).values).toEqual([
      undefined, 'Obiettivo', 'Codice', 'Titolo', 'Fase superiore', 'Peso', 'Stato', 'Indicatori', 'Responsabile fase', 'Inizio', 'Fine', '% anni precedenti',
      'Gen', 'Feb', 'Mar', 'Apr', 'Mag', 'Giu', 'Lug', 'Ago', 'Set', 'Ott', 'Nov', 'Dic', 'Altri mesi', '% anni successivi', 'Prosegue negli anni successivi', 'Avanzamento previsto stampato',
    ]);
    const note = phases.getCell('E1').note;
    const noteText = typeof note === 'string' ? note : note?.texts?.map((t) => t.text).join('');
    expect(noteText).toContain('le fasi principali sommano a 100');
    expect(phases.getRow(2).cellCount).toBe(0); // nothing to delete before filling
    expect(validation(phases, 'A2')?.formulae).toEqual(["'Obiettivi'!$A$2:$A$1000"]);
    expect(phases.getColumn('I').numFmt).toBe('dd/mm/yyyy');

    const lists = workbook.getWorksheet('Elenchi')!;
    const listOf = (sheet: string, address: string) => {
      const [, column] = /\$([A-Z]+)\$/.exec(validation(workbook.getWorksheet(sheet)!, address)!.formulae[0] as string)!;
      return lists.getColumn(column!).values.slice(2);
    };
    expect(listOf('Indicatori', 'D2')).toEqual(['quantità', 'tempo', 'costo', 'qualità', 'efficacia', 'efficienza']);
    expect(listOf('Indicatori', 'E2')).toEqual(['percentuale', 'numero', 'euro', 'giorni', 'data', 'sì/no', 'testo']);
    expect(listOf('Ruoli', 'B2')).toEqual(['amministratore', 'coordinatore', 'dirigente', 'responsabile', 'referente politico', 'referente dati', 'OIV']);
    expect(validation(workbook.getWorksheet('Ruoli')!, 'A2')?.formulae).toEqual(["'Persone'!$A$2:$A$1000"]);

    // Empty, it is not yet a plan: the import says what is missing, where.
    expect(await issuesOf(readFileSync(out))).toContain('piano.xlsx: Ente e piano!B2 (Codice ente): required key is missing');
  });

  it('has worked examples that import when copied into the sheets', async () => {
    const workbook = await load(await writePlanWorkbook(undefined));
    const instructions = workbook.getWorksheet('Istruzioni')!;
    for (let r = 1; r <= instructions.rowCount; r++) {
      const title = instructions.getCell(r, 1).value;
      const name = typeof title === 'string' ? SHEETS.find((s) => title.startsWith(`${s} — `)) : undefined;
      if (!name) continue;
      const headers = instructions.getRow(r + 1);
      const example = instructions.getRow(r + 2);
      const sheet = workbook.getWorksheet(name)!;
      headers.eachCell((header, c) => {
        const value = example.getCell(c).value;
        if (name === 'Ente e piano') {
          for (let f = 2; f <= sheet.rowCount; f++) if (sheet.getCell(f, 1).value === header.value) sheet.getCell(f, 2).value = value;
        } else {
          expect(sheet.getCell(1, c).value).toBe(header.value);
          sheet.getCell(2, c).value = value;
        }
      });
    }
    // The examples describe one objective RU-1 of sector RU, by people ferrari-m and rossi-a.
    workbook.getWorksheet('Settori')!.getCell('A3').value = 'RU';
    workbook.getWorksheet('Settori')!.getCell('B3').value = 'Settore Risorse Umane';
    workbook.getWorksheet('Persone')!.getCell('A3').value = 'rossi-a';
    workbook.getWorksheet('Persone')!.getCell('B3').value = 'Anna Rossi';
    const plan = await readValid(await bytesOf(workbook), 'esempio.xlsx');
    expect(plan.objectives[0]).toMatchObject({ code: 'RU-1', weight: 20, priority: 'alta', phases: [{ code: '1', weight: 20, monthly: { '2020-01': 30, '2020-02': 30, '2020-03': 40 } }] });
    expect(plan.objectives[0]!.indicators[0]).toMatchObject({ code: 'a', kind: 'quantita', unit: 'percent', target: '≥ 95%', targets: { '2020-07-31': '≥ 40%' } });
    expect(plan.assessments).toEqual([expect.objectContaining({ objective: 'RU-1', at: '2020-12-31', pct: 98, status: 'on_track' })]);
  });
});

describe('docs/plan-workbook.md', () => {
  it('has a table for every sheet with a row for every column', async () => {
    const doc = readFileSync(path.join(root, 'docs', 'plan-workbook.md'), 'utf8');
    const workbook = await load(await writePlanWorkbook(undefined));
    for (const sheet of workbook.worksheets.slice(2, -1)) {
      const table = doc.split(`### ${sheet.name} (`)[1]?.split('###')[0] ?? '';
      expect(table, sheet.name).not.toBe('');
      sheet.getRow(1).eachCell((cell) => {
        const header = String(cell.value);
        // The twelve month columns share one row of the table.
        if (/^(Feb|Mar|Apr|Mag|Giu|Lug|Ago|Set|Ott|Nov|Dic)$/.test(header)) return;
        expect(table, sheet.name).toContain(header === 'Gen' ? '| Gen, Feb, … Dic' : `| ${header} |`);
      });
    }
  });
});

describe('reading what people type', () => {
  it('reads text dates and numbers, % cells, formulas, codes for labels, moved columns and empty rows', async () => {
    const workbook = await load(await writePlanWorkbook(fixture()));
    const plan = workbook.getWorksheet('Ente e piano')!;
    plan.getCell('B9').value = { formula: '2000+22', result: 2022 }; // Anno
    const checkpoints = workbook.getWorksheet('Scadenze di monitoraggio')!;
    checkpoints.getCell('A2').value = '31/07/2022';
    checkpoints.getCell('A3').value = { formula: 'DATE(2022,12,31)', result: new Date(Date.UTC(2022, 11, 31)) };
    numFmt(checkpoints.getCell('A3'), 'dd/mm/yyyy');
    const phases = workbook.getWorksheet('Fasi')!;
    phases.getCell('E2').value = 0.2; // Peso 20 typed as 20% in a % cell
    numFmt(phases.getCell('E2'), '0%');
    phases.getCell('M2').value = '32,5'; // Feb, typed as text
    const indicators = workbook.getWorksheet('Indicatori')!;
    indicators.getCell('E2').value = 'percent'; // the code instead of the label
    indicators.getCell('H3').value = 30; // target typed as a number
    indicators.getCell('I3').value = 2700.5; // baseline typed as a number
    // Swap the columns "Nome" and "Email" of Persone: columns are found by their header.
    const people = workbook.getWorksheet('Persone')!;
    for (let r = 1; r <= people.rowCount; r++) {
      const [b, c] = [people.getCell(r, 2).value, people.getCell(r, 3).value];
      people.getCell(r, 2).value = c;
      people.getCell(r, 3).value = b;
    }
    for (let r = 20; r <= 30; r++) workbook.getWorksheet('Obiettivi')!.getCell(r, 2).value = ' ';

    const expected = fixture();
    const read = await readValid(await bytesOf(workbook), 'piano.xlsx');
    expected.objectives[0]!.indicators[1]!.baseline = '2700,5';
    expect(read).toEqual(expected);
  });

  it('reads an English workbook (perfbot template --lang en) the same way', async () => {
    const bytes = await writePlanWorkbook(fixture(), { locale: 'en' });
    const workbook = await load(bytes);
    expect(workbook.worksheets.map((s) => s.name)).toContain('Phases');
    expect(workbook.getWorksheet('Indicators')!.getCell('E2').value).toBe('percent');
    expect((await readPlanWorkbook(bytes, 'plan.xlsx')).plan).toEqual(fixture());
  });
});
