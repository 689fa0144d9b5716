/**
 * The pieces the workbook reader builds a plan from: the plan value of a cell, and a builder that
 * turns rows into plan objects while recording the cell behind each value (CellOrigins) and the
 * mistakes only the layout can make (a value outside a drop-down list, a row naming no objective).
 */
import { CellOrigins, type WorkbookIssue } from './cell-origins.js';
import { readBool, readCodes, readDate, readNumber, readPatronDay, readRaw, readText } from './cell-value.js';
import { CHOICE_SETS } from './layout.js';
import type { WorkbookLabels } from './labels.js';
import { cellIssue, type TableCell, type TableRow } from './sheet-table.js';

export type Obj = Record<string, unknown>;

/** The plan value of a cell, or undefined for an empty cell. */
export function cellToValue(cell: TableCell, labels: WorkbookLabels): unknown {
  const { content, column } = cell;
  const value = content.value;
  if (value === null) return undefined;
  switch (column.type) {
    case 'code':
      return readText(value, true);
    case 'raw':
      return readRaw(content);
    case 'number':
      return readNumber(content);
    case 'date':
      return readDate(value);
    case 'bool':
      return readBool(value, labels);
    case 'choice':
      return labels.choiceValue(column.choices!, String(value)) ?? readText(value, true);
    case 'codes':
      return readCodes(value);
    case 'patronDay':
      return readPatronDay(value);
    default:
      return readText(value, false);
  }
}

/** Builds plan objects from rows, recording where each value came from and the layout's own mistakes. */
export class PlanBuilder {
  readonly origins = new CellOrigins();
  readonly issues: WorkbookIssue[] = [];

  constructor(
    private readonly file: string,
    private readonly labels: WorkbookLabels,
  ) {}

  issue(cell: TableCell, message: string, value: unknown = cell.ref.display): void {
    this.issues.push(cellIssue(this.file, cell.ref, message, value));
  }

  /** A value outside a drop-down list is named with the list's labels, not the format's values. */
  checkChoice(cell: TableCell, value: unknown): void {
    const set = cell.column.choices;
    if (cell.column.type !== 'choice' || !set || typeof value !== 'string' || this.labels.choiceValue(set, value) !== undefined) return;
    this.issue(cell, `not one of the list: ${CHOICE_SETS[set].map((v) => this.labels.choice(set, v)).join(' | ')}`);
  }

  /** The row as an object of its plain columns (not the `skip`ped ones), with its cells recorded. */
  object(row: TableRow, sheet: string, skip: ReadonlySet<string> = new Set()): Obj {
    const out: Obj = {};
    this.origins.row(out, sheet, row.row);
    for (const [key, cell] of row.cells) {
      if (skip.has(key)) continue;
      this.origins.cell(out, key, cell.ref);
      const value = cellToValue(cell, this.labels);
      this.checkChoice(cell, value);
      if (Array.isArray(value)) value.forEach((item, i) => this.origins.cell(value, String(i), { ...cell.ref, display: item }));
      if (value !== undefined) out[key] = value;
    }
    return out;
  }

  /** The code in a linking column (the objective a phase belongs to …); an issue when it is empty. */
  link(row: TableRow, key: string): string | undefined {
    const cell = row.cells.get(key);
    const code = cell ? cellToValue(cell, this.labels) : undefined;
    if (typeof code === 'string' && code !== '') return code;
    if (cell) this.issue(cell, 'required: the code this row belongs to', undefined);
    return undefined;
  }

  list(sheet: string): Obj[] {
    const list: Obj[] = [];
    this.origins.sheet(list, sheet);
    return list;
  }
}
