/**
 * examples/*.xlsx are the plan workbooks of examples/*.json, kept up to date by
 * `npm run examples:xlsx`. exceljs stamps zip entries with the time, so the files are compared
 * cell by cell (values, number formats, header notes, drop-down lists), not byte by byte.
 */
import path from 'node:path';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { readPlanFile } from '../../src/plan-file/read.js';
import { readPlanWorkbook } from '../../src/plan-workbook/read-workbook.js';
import { writePlanWorkbook } from '../../src/plan-workbook/write-workbook.js';

const examples = path.resolve(import.meta.dirname, '..', '..', 'examples');

function noteText(note: ExcelJS.Cell['note']): string | undefined {
  if (note === undefined) return undefined;
  return typeof note === 'string' ? note : note.texts?.map((t) => t.text).join('');
}

/** Everything an office sees in a workbook, sheet by sheet. */
function content(workbook: ExcelJS.Workbook): unknown[] {
  return workbook.worksheets.map((sheet) => {
    const cells: unknown[] = [];
    sheet.eachRow({ includeEmpty: false }, (row, r) => {
      row.eachCell({ includeEmpty: false }, (cell, c) => {
        cells.push([r, c, cell.value instanceof Date ? cell.value.toISOString() : cell.value, cell.numFmt, noteText(cell.note)]);
      });
    });
    const validations = (sheet as unknown as { dataValidations: { model: Record<string, unknown> } }).dataValidations.model;
    return { name: sheet.name, state: sheet.state, cells, validations: Object.keys(validations).length, sample: validations['A2'] ?? validations['B2'] };
  });
}

async function load(source: string | Buffer): Promise<ExcelJS.Workbook> {
  const workbook = new ExcelJS.Workbook();
  if (typeof source === 'string') await workbook.xlsx.readFile(source);
  else await workbook.xlsx.load(source as unknown as ArrayBuffer);
  return workbook;
}

describe('examples/*.xlsx', () => {
  it.each(['segrate-pdo-2022', 'terre-argine-2020'])('%s.xlsx is the workbook of its JSON plan (else: npm run examples:xlsx)', { timeout: 120_000 }, async (name) => {
    const { plan } = await readPlanFile(path.join(examples, `${name}.json`));
    const shipped = path.join(examples, `${name}.xlsx`);
    const expected = content(await load(await writePlanWorkbook(plan)));
    expect(content(await load(shipped))).toEqual(expected);
    // And it reads back as the plan of the JSON file.
    expect((await readPlanWorkbook(shipped)).plan).toEqual(plan);
  });
});
