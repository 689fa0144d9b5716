/**
 * Reads one sheet of the plan workbook as a table: columns found by their header (in any order;
 * an unknown header is a mistake, a missing optional column is fine), every non-empty row with its
 * cells. Empty rows, wherever they are, are skipped; row numbers stay the sheet's own.
 */
import type ExcelJS from 'exceljs';
import { cellAddress } from './cell-address.js';
import { displayValue, readCell, type CellContent } from './cell-value.js';
import type { CellRef, WorkbookIssue } from './cell-origins.js';
import type { ColumnSpec, SheetKey } from './layout.js';
import { normalizeLabel, type WorkbookLabels } from './labels.js';

export interface TableCell {
  column: ColumnSpec;
  ref: CellRef;
  content: CellContent;
}

export interface TableRow {
  row: number;
  cells: Map<string, TableCell>;
}

/** An issue about one cell, named `Sheet!A1 (Header)`. */
export function cellIssue(file: string, ref: CellRef, message: string, value?: unknown): WorkbookIssue {
  const address = cellAddress(ref.row, ref.column);
  return { file, path: `${ref.sheet}!${address} (${ref.header})`, value, message, sheet: ref.sheet, cell: address, row: ref.row, header: ref.header };
}

/** The rows of a table sheet; header problems and formula errors go to `issues`. */
export function readTable(file: string, sheet: ExcelJS.Worksheet, key: SheetKey, columns: ColumnSpec[], labels: WorkbookLabels, issues: WorkbookIssue[]): TableRow[] {
  const byHeader = new Map(columns.map((c) => [normalizeLabel(labels.header(key, c.key)), c]));
  const found = new Map<number, ColumnSpec>();
  const seen = new Set<string>();
  sheet.getRow(1).eachCell((cell, column) => {
    const { value } = readCell(cell);
    if (value === null) return;
    const text = String(value);
    const spec = byHeader.get(normalizeLabel(text));
    const ref: CellRef = { sheet: sheet.name, row: 1, column, header: text };
    if (!spec) issues.push(cellIssue(file, ref, 'unknown column', text));
    else if (seen.has(spec.key)) issues.push(cellIssue(file, ref, 'the same column appears twice', text));
    else {
      found.set(column, spec);
      seen.add(spec.key);
    }
  });
  for (const column of columns) {
    if (column.required && !seen.has(column.key)) {
      issues.push({ file, path: `${sheet.name}!1:1`, value: labels.header(key, column.key), message: 'missing column', sheet: sheet.name, row: 1 });
    }
  }
  const rows: TableRow[] = [];
  for (let r = 2; r <= sheet.rowCount; r++) {
    const row = sheet.getRow(r);
    const cells = new Map<string, TableCell>();
    let empty = true;
    for (const [column, spec] of found) {
      const content = readCell(row.getCell(column));
      const ref: CellRef = { sheet: sheet.name, row: r, column, header: labels.header(key, spec.key), display: displayValue(content.value) };
      if (content.value !== null || content.error !== undefined) empty = false;
      cells.set(spec.key, { column: spec, ref, content });
    }
    if (empty) continue;
    for (const cell of cells.values()) if (cell.content.error !== undefined) issues.push(cellIssue(file, cell.ref, `formula error: ${cell.content.error}`));
    rows.push({ row: r, cells });
  }
  return rows;
}
