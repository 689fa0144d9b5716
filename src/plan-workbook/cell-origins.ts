/**
 * Where each value of a plan read from a workbook came from, and the translation of the plan
 * validator's paths (`objectives[RU-1].phases[3].weight`) back to the sheet, row and column an
 * office can find and fix (`Fasi!E14 (Peso)`). The validator stays the one for JSON and YAML; this
 * only relocates its findings.
 */
import type { PlanIssue } from '../plan-file/plan-validation-error.js';
import { cellAddress } from './cell-address.js';

/** One cell of the workbook: sheet, row, column, its header and the value as the cell shows it. */
export interface CellRef {
  sheet: string;
  row: number;
  column: number;
  header: string;
  display?: unknown;
}

/** A plan issue located in the workbook; `path` reads `Sheet!A1 (Header)` (or `Sheet!14:14` for a whole row). */
export interface WorkbookIssue extends PlanIssue {
  sheet?: string;
  /** A1 reference, when the issue is about one cell. */
  cell?: string;
  row?: number;
  header?: string;
}

interface RowRef {
  sheet: string;
  row: number;
}

interface Token {
  text: string;
  bracket: boolean;
}

function tokenize(path: string): Token[] {
  return [...path.matchAll(/([^.[\]]+)|\[([^\]]*)\]/g)].map((m) => (m[2] !== undefined ? { text: m[2], bracket: true } : { text: m[1]!, bracket: false }));
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object';
}

interface Walk {
  cell?: CellRef;
  row?: RowRef;
  rowNode?: object;
  sheet?: string;
  value: unknown;
  ambiguous: boolean;
}

/** Records the cell behind each value of a plan built from a workbook and locates issues with it. */
export class CellOrigins {
  private readonly keys = new WeakMap<object, Map<string, CellRef>>();
  private readonly rows = new WeakMap<object, RowRef>();
  private readonly sheets = new WeakMap<object, string>();

  /** `node[key]` was read from `ref` (also for an empty cell, so a missing value is located). */
  cell(node: object, key: string, ref: CellRef): void {
    const map = this.keys.get(node) ?? new Map<string, CellRef>();
    map.set(key, ref);
    this.keys.set(node, map);
  }

  /** `node` is the object read from one row of a sheet. */
  row(node: object, sheet: string, row: number): void {
    this.rows.set(node, { sheet, row });
  }

  /** `node` (a list) was read from the rows of a sheet. */
  sheet(node: object, sheet: string): void {
    this.sheets.set(node, sheet);
  }

  private walk(root: unknown, tokens: Token[], preferIndex: boolean): Walk {
    const out: Walk = { value: root, ambiguous: false };
    let node: unknown = root;
    for (const token of tokens) {
      if (!isObject(node)) return { ...out, value: undefined };
      let child: unknown;
      let key = token.text;
      if (token.bracket && Array.isArray(node)) {
        const byCode = node.find((item) => isObject(item) && item.code === token.text);
        const byIndex = /^\d+$/.test(token.text) ? node[Number(token.text)] : undefined;
        if (byCode !== undefined && byIndex !== undefined && byCode !== byIndex) out.ambiguous = true;
        child = preferIndex ? (byIndex ?? byCode) : (byCode ?? byIndex);
        key = String(node.indexOf(child));
      } else {
        child = node[key];
      }
      const ref = this.keys.get(node)?.get(key);
      if (ref) out.cell = ref;
      else if (!Array.isArray(node)) out.cell = undefined;
      if (isObject(child) && this.sheets.has(child)) {
        out.sheet = this.sheets.get(child);
        out.row = undefined;
        out.rowNode = undefined;
        if (!ref) out.cell = undefined;
      }
      if (isObject(child) && this.rows.has(child)) {
        out.row = this.rows.get(child);
        out.rowNode = child;
        out.cell = ref;
      }
      node = child;
    }
    return { ...out, value: node };
  }

  /** The issue with its path replaced by the cell (or row, or sheet) it is about. */
  locate(root: unknown, issue: PlanIssue): WorkbookIssue {
    const tokens = tokenize(issue.path);
    let walk = this.walk(root, tokens, false);
    if (walk.ambiguous && issue.value !== undefined) {
      // Duplicate-code checks name items by index: "phases[3]" may be the fourth phase, not phase "3".
      const byIndex = this.walk(root, tokens, true);
      const same = (w: Walk) => JSON.stringify(w.value) === JSON.stringify(issue.value);
      // Two items with the same code both match a duplicate-code issue: the index names the second.
      if (same(byIndex) && (!same(walk) || tokens.at(-1)?.text === 'code')) walk = byIndex;
    }
    let { cell } = walk;
    let value = issue.value;
    if (!cell && walk.rowNode && isObject(issue.value) && 'to' in issue.value) {
      // A date range in the wrong order: point at its end.
      cell = this.keys.get(walk.rowNode)?.get('to') ?? this.keys.get(walk.rowNode)?.get('end');
      value = cell?.display;
    } else if (cell && cell.display !== undefined && value !== undefined && JSON.stringify(walk.value) === JSON.stringify(value)) {
      // The value as the cell shows it (31/07/2022, not 2022-07-31); a computed value (a sum) stays.
      value = cell.display;
    }
    if (cell) {
      const address = cellAddress(cell.row, cell.column);
      return { ...issue, value, path: `${cell.sheet}!${address} (${cell.header})`, sheet: cell.sheet, cell: address, row: cell.row, header: cell.header };
    }
    if (walk.row) return { ...issue, path: `${walk.row.sheet}!${walk.row.row}:${walk.row.row}`, sheet: walk.row.sheet, row: walk.row.row };
    if (walk.sheet) return { ...issue, path: `${walk.sheet} (${issue.path})`, sheet: walk.sheet };
    return issue;
  }
}
