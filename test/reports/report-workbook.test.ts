/**
 * The Relazione workbook, exported with `perfbot export --report --format xlsx`, read back with
 * exceljs and checked cell by cell against `perfbot report --format json` at each checkpoint.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { translator } from '../../src/i18n/messages.js';
import type { Report, ReportIndicator } from '../../src/reports/report-schema.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';
import { EXPORT_CASES, cliOn, expectedNote, expectedReporter, importExportFixtures, peopleNames, reportJson } from '../support/report-export-fixture.js';

let t: TestDatabase;
let cli: ReturnType<typeof cliOn>;
let dir: string;
let names: Map<string, string>;
const it_ = translator('it');

beforeAll(async () => {
  t = await createTestDatabase();
  await importExportFixtures(t.db);
  cli = cliOn(t.url);
  dir = mkdtempSync(path.join(tmpdir(), 'perfbot-xlsx-'));
  names = await peopleNames();
});
afterAll(async () => {
  await t.drop();
  rmSync(dir, { recursive: true, force: true });
});

async function exportWorkbook(ente: string, plan: string, at: string, ...extra: string[]): Promise<ExcelJS.Workbook> {
  const file = path.join(dir, `${ente}-${at}-${extra.join('')}.xlsx`);
  const result = await cli('export', '--ente', ente, '--plan', plan, '--report', '--format', 'xlsx', '--at', at, '--out', file, ...extra);
  expect(result, result.stderr).toMatchObject({ code: 0, stderr: '' });
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.readFile(file);
  return workbook;
}

/** The values of a row, column A first (exceljs's row.values is 1-based). */
function rowValues(sheet: ExcelJS.Worksheet, rowNumber: number, columns: number): unknown[] {
  const row = sheet.getRow(rowNumber);
  return Array.from({ length: columns }, (_, i) => row.getCell(i + 1).value);
}

/** A numeric cell: its value is a number (not text) and it has a number format; null when the cell is empty. */
function numberCell(cell: ExcelJS.Cell): number | null {
  if (cell.value === null || cell.value === undefined) return null;
  expect(typeof cell.value, `${cell.address} holds ${JSON.stringify(cell.value)}`).toBe('number');
  expect(cell.numFmt, `${cell.address} has no number format`).toMatch(/0/);
  return cell.value as number;
}

function findRow(sheet: ExcelJS.Worksheet, column: number, text: string): number {
  for (let n = 1; n <= sheet.rowCount; n++) if (sheet.getRow(n).getCell(column).value === text) return n;
  throw new Error(`no row with "${text}" in ${sheet.name}`);
}

function expectedValue(indicator: ReportIndicator): string | number | null {
  if (indicator.value === null) return null;
  const parsed = indicator.value.parsed as { kind: string; value?: number } | null;
  return parsed?.kind === 'number' ? parsed.value! : indicator.value.raw;
}

describe.each(EXPORT_CASES)('Relazione workbook of $ente at $at', ({ ente, plan, at, checkpoints }) => {
  let workbook: ExcelJS.Workbook;
  let reports: Report[];
  let report: Report;

  beforeAll(async () => {
    workbook = await exportWorkbook(ente, plan, at);
    reports = [];
    for (const checkpoint of checkpoints) reports.push(await reportJson(cli, ente, plan, checkpoint));
    report = reports.at(-1)!;
  });

  it('has a summary, one sheet per sector, the indicators and the phases, with frozen bold headers', () => {
    expect(workbook.worksheets.map((s) => s.name)).toEqual(['Riepilogo', ...report.sectors.map((s) => `Settore ${s.code}`), 'Indicatori', 'Fasi']);
    for (const sheet of workbook.worksheets) {
      const view = sheet.views[0] as { state?: string; ySplit?: number };
      expect(view.state, sheet.name).toBe('frozen');
      expect(sheet.getRow(view.ySplit!).font?.bold, sheet.name).toBe(true);
      expect(sheet.getColumn(1).width, sheet.name).toBeGreaterThan(5);
      expect(sheet.pageSetup, sheet.name).toMatchObject({ orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0 });
    }
  });

  it('gives rows with wrapped text the height to show every line, so printed rows never overlap', () => {
    let checked = 0;
    for (const sheet of workbook.worksheets) {
      sheet.eachRow((row) => {
        row.eachCell((cell, column) => {
          const width = sheet.getColumn(column).width ?? 10;
          if (typeof cell.value !== 'string' || !cell.alignment?.wrapText || cell.value.length <= width * 1.5) return;
          // A text more than one and a half column widths long needs at least two lines of 15 points.
          expect(row.height ?? 15, `${sheet.name}!${cell.address}`).toBeGreaterThanOrEqual(30);
          checked++;
        });
      });
    }
    expect(checked).toBeGreaterThan(0);
  });

  it('summary: every sector % and the ente % as the report gives them', () => {
    const sheet = workbook.getWorksheet('Riepilogo')!;
    expect(rowValues(sheet, 3, 7)).toEqual(['Settore', 'Denominazione', 'Dirigente', 'Obiettivi', 'Valutati', 'Grado di raggiungimento (%)', 'Metodo']);
    report.sectors.forEach((sector, i) => {
      const row = sheet.getRow(4 + i);
      expect(row.getCell(1).value).toBe(sector.code);
      expect(row.getCell(3).value ?? null).toBe(sector.dirigente === null ? null : names.get(sector.dirigente));
      expect(numberCell(row.getCell(4))).toBe(sector.objectives);
      expect(numberCell(row.getCell(5))).toBe(sector.assessed);
      expect(numberCell(row.getCell(6))).toBe(sector.pct);
      expect(row.getCell(7).value).toBe(it_(`method.${sector.method}`));
    });
    const total = findRow(sheet, 2, "Percentuale complessiva dell'ente");
    expect(numberCell(sheet.getRow(total).getCell(6))).toBe(report.pct);
  });

  it('sector sheets: each objective % and the "percentuale complessiva" equal the report', () => {
    for (const sector of report.sectors) {
      const sheet = workbook.getWorksheet(`Settore ${sector.code}`)!;
      expect(sheet.getCell('A2').value).toBe(`Centro di responsabilità: ${sector.code} — ${sector.name}`);
      expect(rowValues(sheet, 5, 6)).toEqual(['Obiettivo', 'Descrizione obiettivo', 'Peso', 'Grado di raggiungimento (%)', 'Stato', 'Note']);
      const own = report.objectives.filter((o) => o.sectors.includes(sector.code));
      own.forEach((objective, i) => {
        const row = sheet.getRow(6 + i);
        expect(row.getCell(1).value).toBe(objective.code);
        expect(String(row.getCell(2).value)).toContain(objective.title);
        expect(numberCell(row.getCell(3))).toBe(objective.weight);
        const pct = numberCell(row.getCell(4));
        expect(pct, `${sector.code} ${objective.code}`).toBe(objective.pct);
        if (pct !== null) expect(row.getCell(4).numFmt).toBe('0.00"%"');
        expect(row.getCell(5).value ?? null).toBe(objective.status === null ? null : it_(`status.${objective.status}`));
      });
      expect(sheet.getRow(6 + own.length).getCell(1).value ?? null, 'a blank row after the objectives').toBeNull();
      const count = findRow(sheet, 2, 'Numero obiettivi');
      expect(numberCell(sheet.getRow(count).getCell(4))).toBe(sector.objectives);
      expect(numberCell(sheet.getRow(findRow(sheet, 2, 'Obiettivi valutati')).getCell(4))).toBe(sector.assessed);
      const overall = sheet.getRow(findRow(sheet, 2, 'Percentuale di raggiungimento complessiva'));
      expect(numberCell(overall.getCell(4)), sector.code).toBe(sector.pct);
      expect(overall.getCell(5).value).toBe(it_(`method.${sector.method}`));
    }
  });

  it('indicators: target, value, deviation and met at every checkpoint, the note and the reporter', () => {
    const sheet = workbook.getWorksheet('Indicatori')!;
    const dates = checkpoints.map((c) => c.split('-').reverse().join('/'));
    const header = rowValues(sheet, 1, 6 + 4 * checkpoints.length);
    expect(header).toEqual([
      'Settore',
      'Obiettivo',
      'Indicatore',
      'Descrizione indicatore',
      ...dates.flatMap((d) => [`Valore atteso al ${d}`, `Valore raggiunto al ${d}`, `Scostamento al ${d}`, `Target raggiunto al ${d}`]),
      'Note',
      'Referente',
    ]);
    let rowNumber = 2;
    let numericValues = 0;
    for (const objective of report.objectives) {
      for (const indicator of objective.indicators) {
        const row = sheet.getRow(rowNumber++);
        const where = `${objective.code}/${indicator.code}`;
        expect([row.getCell(1).value, row.getCell(2).value, row.getCell(3).value, row.getCell(4).value], where).toEqual([
          objective.sectors.join(', '),
          objective.code,
          indicator.code,
          indicator.name,
        ]);
        reports.forEach((r, j) => {
          const entry = r.objectives.find((o) => o.code === objective.code)!.indicators.find((i) => i.code === indicator.code)!;
          const base = 5 + 4 * j;
          expect(row.getCell(base).value ?? null, where).toBe(entry.target?.raw ?? null);
          const value = expectedValue(entry);
          if (typeof value === 'number') {
            expect(numberCell(row.getCell(base + 1)), where).toBe(value);
            numericValues++;
          } else expect(row.getCell(base + 1).value ?? null, where).toBe(value);
          expect(numberCell(row.getCell(base + 2)), where).toBe(entry.deviation);
          expect(row.getCell(base + 3).value ?? null, where).toBe(entry.met === null ? null : entry.met ? 'sì' : 'no');
        });
        const tail = 5 + 4 * reports.length;
        expect(row.getCell(tail).value ?? null, where).toBe(expectedNote(objective.code, indicator.code, at));
        const reporter = expectedReporter(report, objective.code, indicator.code);
        expect(row.getCell(tail + 1).value ?? null, where).toBe(reporter === null ? null : names.get(reporter));
      }
    }
    expect(sheet.getRow(rowNumber).getCell(1).value ?? null, 'no rows beyond the indicators').toBeNull();
    if (ente === 'segrate') expect(numericValues, 'the fixture has numeric values to check').toBeGreaterThan(3);
  });

  it('phases: deadline as a date cell, planned, actual, gap and days late as numbers', () => {
    const sheet = workbook.getWorksheet('Fasi')!;
    expect(rowValues(sheet, 1, 12)).toEqual([
      'Settore',
      'Obiettivo',
      'Fase',
      'Descrizione fase',
      'Responsabile fase',
      'Stato fase',
      'Scadenza',
      'Pianificato (%)',
      'Effettivo (%)',
      'Gap (punti %)',
      'Giorni di ritardo',
      'Ultimo aggiornamento',
    ]);
    let rowNumber = 2;
    for (const objective of report.objectives) {
      for (const phase of objective.phases) {
        const row = sheet.getRow(rowNumber++);
        const where = `${objective.code}/${phase.code}`;
        expect([row.getCell(2).value, row.getCell(3).value, row.getCell(4).value], where).toEqual([objective.code, phase.code, phase.title]);
        expect(row.getCell(5).value ?? null, where).toBe(phase.owner === null ? null : names.get(phase.owner));
        expect(row.getCell(6).value ?? null, where).toBe(phase.status === 'cancelled' ? 'annullata' : null);
        const deadline = row.getCell(7);
        if (phase.deadline === null) expect(deadline.value ?? null, where).toBeNull();
        else {
          expect(deadline.value, where).toBeInstanceOf(Date);
          expect((deadline.value as Date).toISOString().slice(0, 10), where).toBe(phase.deadline);
          expect(deadline.numFmt).toBe('dd/mm/yyyy');
        }
        expect(numberCell(row.getCell(8)), where).toBe(phase.plannedPct);
        expect(numberCell(row.getCell(9)), where).toBe(phase.actualPct);
        expect(numberCell(row.getCell(10)), where).toBe(phase.gapPct);
        expect(numberCell(row.getCell(11)), where).toBe(phase.daysLate);
        const last = row.getCell(12).value as Date | null;
        expect(last === null ? null : last.toISOString().slice(0, 10), where).toBe(phase.lastReportAt);
      }
    }
    expect(rowNumber - 2).toBe(report.objectives.reduce((n, o) => n + o.phases.length, 0));
    expect(sheet.getRow(rowNumber).getCell(1).value ?? null).toBeNull();
  });
});

describe('Relazione workbook content', () => {
  it('shows the notes of the latest assessment, the OIV note included', async () => {
    const workbook = await exportWorkbook('segrate', 'pdo-2022', '2022-12-31');
    const agsc = workbook.getWorksheet('Settore AGSC')!;
    const row = agsc.getRow(findRow(agsc, 1, 'AGSC-2'));
    expect(row.getCell(4).value).toBe(90);
    expect(row.getCell(5).value).toBe('azioni correttive già avviate');
    expect(row.getCell(6).value).toBe('bando in ritardo');
    const avv = workbook.getWorksheet('Settore AVV')!;
    expect(avv.getRow(findRow(avv, 1, 'AVV-1')).getCell(6).value).toBe('pratiche definite\nNota OIV: coerente con i dati attesi');
    // A transversal objective is listed, and tagged, in every sector sheet (as seed 003 does).
    for (const sheet of workbook.worksheets.filter((s) => s.name.startsWith('Settore '))) {
      expect(sheet.getRow(findRow(sheet, 1, 'INT-1')).getCell(2).value).toMatch(/\[trasversale\]$/);
    }
  });

  it('writes English sheet names and headers with --lang en', async () => {
    const workbook = await exportWorkbook('terre-argine', 'pp-2020', '2020-12-31', '--lang', 'en');
    expect(workbook.worksheets.map((s) => s.name)).toEqual(['Summary', 'Sector AG', 'Sector ISTR', 'Sector PM', 'Sector RU', 'Sector SF', 'Sector SIA', 'Sector SS', 'Indicators', 'Phases']);
    expect(workbook.getWorksheet('Sector RU')!.getCell('D5').value).toBe('Achievement (%)');
  });
});

describe('Relazione workbook: values carried over to a later checkpoint', () => {
  it('marks a 31/07 value repeated in the 31/12 columns (italic, with a note) and explains it in a legend', async () => {
    const sheet = (await exportWorkbook('segrate', 'pdo-2022', '2022-12-31')).getWorksheet('Indicatori')!;
    const rowOf = (objective: string, indicator: string) => {
      for (let n = 2; n <= sheet.rowCount; n++) {
        const row = sheet.getRow(n);
        if (row.getCell(2).value === objective && row.getCell(3).value === indicator) return row;
      }
      throw new Error(`no row for ${objective}/${indicator}`);
    };
    // columns: 4 fixed, then target, value, deviation, met per checkpoint (31/07: E–H, 31/12: I–L)
    const july = 6;
    const december = 10;
    const carried = rowOf('AGSC-1', 'c'); // answered only at 31/07
    expect(carried.getCell(december).value).toBe(carried.getCell(july).value);
    expect(carried.getCell(december).font?.italic).toBe(true);
    expect(carried.getCell(december).note).toBe('Riportato dal 31/07/2022: nessun valore nuovo al 31/12/2022');
    expect(carried.getCell(july).font?.italic ?? false).toBe(false);
    expect(carried.getCell(july).note).toBeUndefined();
    const renewed = rowOf('AGSC-1', 'a'); // answered again at 31/12
    expect(renewed.getCell(december).value).toBe(11);
    expect(renewed.getCell(december).font?.italic ?? false).toBe(false);
    expect(renewed.getCell(december).note).toBeUndefined();
    const legend = [...Array(sheet.rowCount + 1).keys()].map((n) => sheet.getRow(n + 1).getCell(1).value).find((v) => typeof v === 'string' && v.startsWith('In corsivo'));
    expect(legend).toBe('In corsivo: valori riportati da una data precedente, perché a quella data non ne è stato comunicato uno nuovo (la nota della cella dice da quale data).');
  });
});
