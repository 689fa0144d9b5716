/**
 * Reads a plan workbook (`perfbot import piano.xlsx`) through the same validation as a JSON or YAML
 * plan file. Every mistake is one issue naming the sheet, cell, column header and value as the
 * office sees them (`piano.xlsx: Fasi!E14 (Peso): weight cannot exceed 100 (value: 120)`); nothing
 * is returned when there is one.
 */
import { readFile } from 'node:fs/promises';
import ExcelJS from 'exceljs';
import { LOCALES } from '../i18n/messages.js';
import { parsePlanText, type ReadPlan } from '../plan-file/read.js';
import { PlanValidationError, type PlanIssue } from '../plan-file/plan-validation-error.js';
import { displayValue, readCell } from './cell-value.js';
import type { WorkbookIssue } from './cell-origins.js';
import { PLAN_FIELDS, TABLE_SHEETS, type SheetKey } from './layout.js';
import { normalizeLabel, workbookLabels, type WorkbookLabels } from './labels.js';
import { cellIssue, readTable, type TableCell } from './sheet-table.js';
import { buildWorkbookPlan, type WorkbookTables } from './workbook-plan.js';

function findSheet(workbook: ExcelJS.Workbook, name: string): ExcelJS.Worksheet | undefined {
  return workbook.worksheets.find((sheet) => normalizeLabel(sheet.name) === normalizeLabel(name));
}

/** The fields of "Ente e piano": label in column A, value in column B. */
function readFields(file: string, sheet: ExcelJS.Worksheet, labels: WorkbookLabels, issues: WorkbookIssue[]): Map<string, TableCell> {
  const byLabel = new Map(PLAN_FIELDS.map((field) => [normalizeLabel(labels.header('plan', field.key)), field]));
  const fields = new Map<string, TableCell>();
  for (let r = 2; r <= sheet.rowCount; r++) {
    const label = readCell(sheet.getCell(r, 1)).value;
    const content = readCell(sheet.getCell(r, 2));
    if (label === null) {
      if (content.value !== null) issues.push(cellIssue(file, { sheet: sheet.name, row: r, column: 2, header: '' }, 'a value without the name of its field', displayValue(content.value)));
      continue;
    }
    const field = byLabel.get(normalizeLabel(String(label)));
    const ref = { sheet: sheet.name, row: r, column: 2, header: String(label), display: displayValue(content.value) };
    if (!field) issues.push(cellIssue(file, { ...ref, column: 1 }, 'unknown field', String(label)));
    else if (fields.has(field.key)) issues.push(cellIssue(file, { ...ref, column: 1 }, 'the same field appears twice', String(label)));
    else {
      fields.set(field.key, { column: field, ref, content });
      if (content.error !== undefined) issues.push(cellIssue(file, ref, `formula error: ${content.error}`));
    }
  }
  for (const field of PLAN_FIELDS) {
    if (field.required && !fields.has(field.key)) issues.push({ file, path: sheet.name, value: labels.header('plan', field.key), message: 'missing field', sheet: sheet.name });
  }
  return fields;
}

async function loadWorkbook(file: string, input: Buffer | Uint8Array | string): Promise<ExcelJS.Workbook> {
  let bytes: Buffer | Uint8Array;
  try {
    bytes = typeof input === 'string' ? await readFile(input) : input;
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'file not found' : (error as Error).message;
    throw new PlanValidationError(file, [{ file, path: '', message: reason }]);
  }
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
  } catch {
    throw new PlanValidationError(file, [{ file, path: '', message: 'not an Excel workbook (.xlsx)' }]);
  }
  return workbook;
}

/** Order issues as the office reads the workbook: sheet by sheet, row by row, left to right. */
function sortIssues(workbook: ExcelJS.Workbook, issues: WorkbookIssue[]): WorkbookIssue[] {
  const sheetIndex = (name?: string) => {
    const i = workbook.worksheets.findIndex((s) => s.name === name);
    return i < 0 ? Number.MAX_SAFE_INTEGER : i;
  };
  const column = (cell?: string) => (cell ? (/^[A-Z]+/.exec(cell)?.[0] ?? '') : '');
  return [...issues].sort(
    (a, b) =>
      sheetIndex(a.sheet) - sheetIndex(b.sheet) ||
      (a.row ?? 0) - (b.row ?? 0) ||
      column(a.cell).length - column(b.cell).length ||
      column(a.cell).localeCompare(column(b.cell)),
  );
}

/**
 * Reads and validates a plan workbook (a path, or the bytes of an upload named `name`). Returns the
 * plan with its warnings located in the workbook, or throws one PlanValidationError whose issues
 * (WorkbookIssue) name sheet, cell, header and value.
 */
export async function readPlanWorkbook(input: Buffer | Uint8Array | string, name?: string): Promise<ReadPlan> {
  const file = name ?? (typeof input === 'string' ? input : 'workbook.xlsx');
  const workbook = await loadWorkbook(file, input);
  const labels = LOCALES.map(workbookLabels).find((l) => findSheet(workbook, l.sheet('plan')));
  if (!labels) {
    throw new PlanValidationError(file, [{ file, path: '', message: `not a perfbot plan workbook: no sheet "${workbookLabels('it').sheet('plan')}"` }]);
  }
  const issues: WorkbookIssue[] = [];
  const fields = readFields(file, findSheet(workbook, labels.sheet('plan'))!, labels, issues);
  const tables: WorkbookTables = { fields, tables: new Map(), sheetNames: new Map() };
  for (const spec of TABLE_SHEETS) {
    const sheet = findSheet(workbook, labels.sheet(spec.key));
    tables.sheetNames.set(spec.key, sheet?.name ?? labels.sheet(spec.key));
    if (sheet) tables.tables.set(spec.key as SheetKey, readTable(file, sheet, spec.key, spec.columns, labels, issues));
  }
  const built = buildWorkbookPlan(file, tables, labels);
  issues.push(...built.issues);

  let result: ReadPlan | undefined;
  let found: PlanIssue[] = [];
  // The validation of JSON plan files, fed the plan as JSON (a .xlsx name is read as JSON).
  try {
    result = parsePlanText(/\.ya?ml$/i.test(file) ? `${file}.json` : file, JSON.stringify(built.plan));
  } catch (error) {
    if (!(error instanceof PlanValidationError)) throw error;
    found = error.issues;
  }
  const taken = new Set(issues.filter((i) => i.cell).map((i) => `${i.sheet}!${i.cell}`));
  for (const issue of found) {
    const located = built.origins.locate(built.plan, { ...issue, file });
    // A cell the layout already flagged (a label not in its list …) is not reported twice.
    if (located.cell && taken.has(`${located.sheet}!${located.cell}`)) continue;
    issues.push(located);
  }
  if (issues.length > 0 || !result) throw new PlanValidationError(file, sortIssues(workbook, issues));
  const locate = (issues: PlanIssue[]) => sortIssues(workbook, issues.map((w) => built.origins.locate(built.plan, { ...w, file })));
  return { plan: result.plan, warnings: locate(result.warnings), acknowledged: locate(result.acknowledged) };
}
