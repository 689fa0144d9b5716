/**
 * Writes a plan as the plan workbook (`perfbot export --format xlsx`), or the empty template
 * (`perfbot template`): "Istruzioni", "Ente e piano" and one table per sheet of the layout, with
 * header notes, drop-down lists for codes and choices, date cells and numeric cells. Reading the
 * written workbook gives the same plan (readPlanWorkbook).
 */
import ExcelJS from 'exceljs';
import type { Locale } from '../i18n/messages.js';
import type { PlanSnapshot } from '../domain/plan-state.js';
import { toPlanFile } from '../plan-file/export.js';
import { planFileSchema, type PlanFile } from '../plan-file/schema.js';
import { writeValue } from './cell-value.js';
import { CHOICE_SETS, CODE_LIST_SOURCES, PLAN_FIELDS, TABLE_SHEETS, type ChoiceSet, type ColumnSpec, type SheetSpec } from './layout.js';
import { workbookLabels, type WorkbookLabels } from './labels.js';
import { instructionsSheet } from './instructions-sheet.js';
import { planFields, planRows, type Row } from './plan-rows.js';
import { columnLetter } from './cell-address.js';

export interface PlanWorkbookOptions {
  /** Language of sheet names, headers and labels (default Italian). */
  locale?: Locale;
}

/** Rows that get drop-down lists and formats beyond the data, so an office can add rows. */
const SPARE_ROWS = 500;
const MIN_ROWS = 1000;
const bold = { bold: true } as const;
const headerFill: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFDDEBF7' } };
/** A fixed date keeps the workbook's properties the same from one run to the next. */
const FIXED_DATE = new Date(Date.UTC(2020, 0, 1));

function quoted(sheet: string): string {
  return `'${sheet.replace(/'/g, "''")}'`;
}

/** The drop-down list of a column, if it has one: a choice list on the hidden lists sheet, or the codes of another sheet. */
function listFormula(column: ColumnSpec, labels: WorkbookLabels, lastRow: number): { formula: string; strict: boolean } | undefined {
  if (column.choices) {
    const sets = Object.keys(CHOICE_SETS) as ChoiceSet[];
    const letter = columnLetter(sets.indexOf(column.choices) + 1);
    return { formula: `${quoted(labels.sheet('lists'))}!$${letter}$2:$${letter}$${CHOICE_SETS[column.choices].length + 1}`, strict: true };
  }
  if (column.list) {
    const source = TABLE_SHEETS.find((s) => s.key === CODE_LIST_SOURCES[column.list!])!;
    const letter = columnLetter(source.columns.findIndex((c) => c.key === 'code') + 1);
    return { formula: `${quoted(labels.sheet(source.key))}!$${letter}$2:$${letter}$${lastRow}`, strict: false };
  }
  return undefined;
}

function addValidation(sheet: ExcelJS.Worksheet, range: string, column: ColumnSpec, labels: WorkbookLabels, lastRow: number): void {
  const list = listFormula(column, labels, lastRow);
  if (!list) return;
  // exceljs writes a range key as one sqref; its typings omit `dataValidations`.
  (sheet as unknown as { dataValidations: { add(range: string, validation: ExcelJS.DataValidation): void } }).dataValidations.add(range, {
    type: 'list',
    allowBlank: true,
    formulae: [list.formula],
    showErrorMessage: true,
    // Codes may be typed before the sheet they come from is filled: warn, do not block.
    errorStyle: list.strict ? 'stop' : 'warning',
  });
}

function putValue(cell: ExcelJS.Cell, column: ColumnSpec, value: unknown, labels: WorkbookLabels): void {
  const written = column.type === 'month' || column.type === 'months' || column.type === 'datedPcts' ? writeGridValue(value) : writeValue(column, value, labels);
  if (!written) return;
  cell.value = written.value;
  if (written.numFmt) cell.numFmt = written.numFmt;
}

function writeGridValue(value: unknown): { value: string | number; numFmt?: string } | undefined {
  if (value === undefined || value === null) return undefined;
  return typeof value === 'number' ? { value, numFmt: Number.isInteger(value) ? '0' : '0.0###' } : { value: String(value), numFmt: '@' };
}

/** The number format a column's empty cells get, so what is typed there keeps its type. */
function columnFormat(column: ColumnSpec): string | undefined {
  if (column.type === 'date') return 'dd/mm/yyyy';
  if (column.type === 'code' || column.type === 'raw' || column.type === 'codes' || column.type === 'patronDay') return '@';
  return undefined;
}

function headerRow(sheet: ExcelJS.Worksheet, headers: Array<{ text: string; note: string }>): void {
  const row = sheet.getRow(1);
  headers.forEach((header, i) => {
    const cell = row.getCell(i + 1);
    cell.value = header.text;
    if (header.note) cell.note = header.note;
    cell.fill = headerFill;
  });
  row.font = bold;
  row.alignment = { vertical: 'top', wrapText: true };
}

function tableSheet(workbook: ExcelJS.Workbook, spec: SheetSpec, rows: Row[], labels: WorkbookLabels): void {
  const sheet = workbook.addWorksheet(labels.sheet(spec.key), { views: [{ state: 'frozen', ySplit: 1 }] });
  headerRow(
    sheet,
    spec.columns.map((c) => ({ text: labels.header(spec.key, c.key), note: labels.note(spec.key, c.key) })),
  );
  const lastRow = Math.max(MIN_ROWS, rows.length + 1 + SPARE_ROWS);
  spec.columns.forEach((column, i) => {
    const sheetColumn = sheet.getColumn(i + 1);
    sheetColumn.width = column.width;
    const format = columnFormat(column);
    if (format) sheetColumn.numFmt = format;
    const letter = columnLetter(i + 1);
    addValidation(sheet, `${letter}2:${letter}${lastRow}`, column, labels, lastRow);
  });
  rows.forEach((data, r) => {
    const row = sheet.getRow(r + 2);
    spec.columns.forEach((column, i) => putValue(row.getCell(i + 1), column, data[column.key], labels));
  });
}

function planSheet(workbook: ExcelJS.Workbook, fields: Row, labels: WorkbookLabels): void {
  const sheet = workbook.addWorksheet(labels.sheet('plan'), { views: [{ state: 'frozen', ySplit: 1 }] });
  headerRow(sheet, [
    { text: labels.t('workbook.fields.field'), note: '' },
    { text: labels.t('workbook.fields.value'), note: '' },
    { text: labels.t('workbook.fields.about'), note: '' },
  ]);
  sheet.getColumn(1).width = 30;
  sheet.getColumn(2).width = 44;
  sheet.getColumn(3).width = 80;
  PLAN_FIELDS.forEach((field, i) => {
    const row = sheet.getRow(i + 2);
    row.getCell(1).value = labels.header('plan', field.key);
    row.getCell(1).font = bold;
    const format = field.type === 'code' || field.type === 'patronDay' ? '@' : undefined;
    if (format) row.getCell(2).numFmt = format;
    putValue(row.getCell(2), field, fields[field.key], labels);
    row.getCell(3).value = labels.note('plan', field.key);
    row.getCell(3).alignment = { wrapText: true, vertical: 'top' };
    addValidation(sheet, `B${i + 2}`, field, labels, MIN_ROWS);
  });
}

/** The hidden sheet the choice drop-downs read their labels from, one column per list. */
function listsSheet(workbook: ExcelJS.Workbook, labels: WorkbookLabels): void {
  const sheet = workbook.addWorksheet(labels.sheet('lists'), { state: 'hidden' });
  (Object.keys(CHOICE_SETS) as ChoiceSet[]).forEach((set, i) => {
    sheet.getCell(1, i + 1).value = set;
    CHOICE_SETS[set].forEach((value, r) => {
      sheet.getCell(r + 2, i + 1).value = labels.choice(set, value);
    });
  });
}

/** The workbook of a plan, or the empty template when `plan` is undefined. */
export function buildPlanWorkbook(plan: PlanFile | undefined, options: PlanWorkbookOptions = {}): ExcelJS.Workbook {
  const labels = workbookLabels(options.locale ?? 'it');
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'perfbot';
  workbook.created = FIXED_DATE;
  workbook.modified = FIXED_DATE;
  instructionsSheet(workbook, labels);
  planSheet(workbook, plan ? planFields(plan) : {}, labels);
  const rows = plan ? planRows(plan) : undefined;
  for (const spec of TABLE_SHEETS) tableSheet(workbook, spec, rows ? rows[spec.key as keyof typeof rows] : [], labels);
  listsSheet(workbook, labels);
  return workbook;
}

/** The plan workbook as xlsx bytes (the empty template when `plan` is undefined). */
export async function writePlanWorkbook(plan: PlanFile | undefined, options: PlanWorkbookOptions = {}): Promise<Buffer> {
  const bytes = await buildPlanWorkbook(plan, options).xlsx.writeBuffer();
  return Buffer.from(bytes as ArrayBuffer);
}

/** The workbook of a stored plan: its plan-file export (history included) in the workbook layout. */
export async function writeStoredPlanWorkbook(snapshot: PlanSnapshot, options: PlanWorkbookOptions = {}): Promise<Buffer> {
  return writePlanWorkbook(planFileSchema.parse(toPlanFile(snapshot)), options);
}
