/**
 * The "Istruzioni" sheet: how to fill the workbook, then for every sheet its purpose, its headers
 * and one worked example row, typed the way the sheet expects (dates as dates, numbers as numbers).
 */
import type ExcelJS from 'exceljs';
import { parseItalianNumber } from '../domain/italian-number.js';
import { dateCell, numberFormat, readDate } from './cell-value.js';
import { PLAN_FIELDS, TABLE_SHEETS, type ColumnSpec, type SheetKey } from './layout.js';
import type { WorkbookLabels } from './labels.js';

const INTRO_LINES = ['fill', 'order', 'codes', 'dates', 'numbers', 'lists', 'history', 'import'] as const;
const headerFill: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFDDEBF7' } };

function exampleCell(cell: ExcelJS.Cell, column: ColumnSpec, text: string): void {
  if (text === '') return;
  if (column.type === 'date') {
    const iso = readDate(text);
    if (typeof iso === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(iso)) {
      cell.value = dateCell(iso);
      cell.numFmt = 'dd/mm/yyyy';
      return;
    }
  }
  if (column.type === 'number' || column.type === 'month') {
    const parsed = parseItalianNumber(text);
    if (parsed) {
      cell.value = parsed.value;
      cell.numFmt = numberFormat(parsed.value);
      return;
    }
  }
  cell.value = text;
}

function exampleBlock(sheet: ExcelJS.Worksheet, start: number, key: SheetKey, columns: ColumnSpec[], labels: WorkbookLabels): number {
  const title = sheet.getCell(start, 1);
  title.value = `${labels.sheet(key)} — ${labels.t(`workbook.sheets.${key}.about`)}`;
  title.font = { bold: true };
  const header = sheet.getRow(start + 1);
  const example = sheet.getRow(start + 2);
  columns.forEach((column, i) => {
    const cell = header.getCell(i + 1);
    cell.value = labels.header(key, column.key);
    cell.font = { bold: true };
    cell.fill = headerFill;
    exampleCell(example.getCell(i + 1), column, labels.example(key, column.key));
  });
  return start + 4;
}

/** Adds the instructions sheet, first in the workbook. */
export function instructionsSheet(workbook: ExcelJS.Workbook, labels: WorkbookLabels): void {
  const sheet = workbook.addWorksheet(labels.sheet('instructions'));
  for (let c = 1; c <= 25; c++) sheet.getColumn(c).width = 16;
  sheet.getCell('A1').value = labels.t('workbook.instructions.title');
  sheet.getCell('A1').font = { bold: true, size: 14 };
  INTRO_LINES.forEach((line, i) => {
    sheet.getCell(i + 3, 1).value = labels.t(`workbook.instructions.${line}`);
  });
  let row = INTRO_LINES.length + 4;
  row = exampleBlock(sheet, row, 'plan', PLAN_FIELDS, labels);
  for (const spec of TABLE_SHEETS) row = exampleBlock(sheet, row, spec.key, spec.columns, labels);
}
