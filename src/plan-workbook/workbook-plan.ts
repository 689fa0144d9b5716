/**
 * Turns the rows of the plan workbook's sheets into a `perfbot/plan@1` object (reading direction),
 * recording the cell behind every value. Only what the layout itself needs is checked here (a phase
 * row names an objective of the "Obiettivi" sheet, month cells hold a % or X …); everything else is
 * left to the plan validator, exactly as for JSON and YAML.
 */
import type { CellOrigins, WorkbookIssue } from './cell-origins.js';
import { readNumber, readText } from './cell-value.js';
import { MONTH_KEYS, type SheetKey } from './layout.js';
import type { WorkbookLabels } from './labels.js';
import type { TableCell, TableRow } from './sheet-table.js';
import { monthEntries, datedPctEntries } from './cell-lists.js';
import { PlanBuilder, cellToValue, type Obj } from './plan-builder.js';

export interface WorkbookTables {
  /** The "Ente e piano" fields by layout key (`ente.code` …). */
  fields: Map<string, TableCell>;
  tables: Map<SheetKey, TableRow[]>;
  /** Sheet names as found in the workbook. */
  sheetNames: Map<SheetKey, string>;
}

function byCode(items: Obj[], code: string): Obj | undefined {
  return items.find((item) => item.code === code);
}

function planHeader(b: PlanBuilder, tables: WorkbookTables, labels: WorkbookLabels): { ente: Obj; plan: Obj; year: number | undefined } {
  const parts: Record<string, Obj> = { ente: {}, plan: {}, scoring: {} };
  for (const [key, cell] of tables.fields) {
    const [part, name] = key.split('.') as [string, string];
    b.origins.cell(parts[part]!, name, cell.ref);
    const value = cellToValue(cell, labels);
    b.checkChoice(cell, value);
    if (value !== undefined) parts[part]![name] = value;
  }
  const { ente, plan, scoring } = parts as { ente: Obj; plan: Obj; scoring: Obj };
  if (Object.keys(scoring).length > 0) plan.scoring = scoring;
  const checkpoints: string[] = [];
  b.origins.sheet(checkpoints, tables.sheetNames.get('checkpoints')!);
  for (const row of tables.tables.get('checkpoints') ?? []) {
    const cell = row.cells.get('at');
    const value = cell ? cellToValue(cell, labels) : undefined;
    if (cell && value !== undefined) {
      b.origins.cell(checkpoints, String(checkpoints.length), cell.ref);
      checkpoints.push(value as string);
    }
  }
  plan.checkpoints = checkpoints;
  return { ente, plan, year: Number.isInteger(plan.year) ? (plan.year as number) : undefined };
}

function phaseMonths(b: PlanBuilder, phase: Obj, row: TableRow, year: number | undefined): void {
  const entries: Array<{ month: string; value: number | 'X'; cell: TableCell }> = [];
  MONTH_KEYS.forEach((key, i) => {
    const cell = row.cells.get(key);
    if (!cell || cell.content.value === null) return;
    if (year === undefined) return b.issue(cell, 'the month columns need the plan year (sheet of the ente and plan)');
    const month = `${year}-${String(i + 1).padStart(2, '0')}`;
    const value = readNumber(cell.content);
    if (typeof value === 'number') entries.push({ month, value, cell });
    else if (String(value).trim().toUpperCase() === 'X') entries.push({ month, value: 'X', cell });
    else b.issue(cell, 'expected a % or X');
  });
  const other = row.cells.get('otherMonths');
  if (other && other.content.value !== null) {
    const parsed = monthEntries(readText(other.content.value, false));
    if (parsed === null) b.issue(other, 'expected entries like "2023-01: 10; 2023-02: X"');
    else for (const entry of parsed) entries.push({ ...entry, cell: other });
  }
  entries.sort((a, b) => a.month.localeCompare(b.month));
  const monthly: Record<string, number> = {};
  const marks: string[] = [];
  for (const entry of entries) {
    if (entry.value === 'X') {
      b.origins.cell(marks, String(marks.length), entry.cell.ref);
      marks.push(entry.month);
    } else if (entry.month in monthly) {
      b.issue(entry.cell, `month ${entry.month} has two %`);
    } else {
      b.origins.cell(monthly, entry.month, entry.cell.ref);
      monthly[entry.month] = entry.value;
    }
  }
  const first = (list: typeof entries, mark: boolean) => list.find((e) => (e.value === 'X') === mark)?.cell.ref;
  if (Object.keys(monthly).length > 0) {
    phase.monthly = monthly;
    b.origins.cell(phase, 'monthly', first(entries, false)!);
  }
  if (marks.length > 0) {
    phase.marks = marks;
    b.origins.cell(phase, 'marks', first(entries, true)!);
  }
  const printed = row.cells.get('printedTargets');
  if (printed && printed.content.value !== null) {
    const parsed = datedPctEntries(readText(printed.content.value, false));
    if (parsed === null) b.issue(printed, 'expected entries like "31/07/2022: 48; 31/12/2022: 100"');
    else {
      const record: Record<string, number> = {};
      for (const [iso, pct] of parsed) {
        b.origins.cell(record, iso, printed.ref);
        record[iso] = pct;
      }
      phase.printedTargets = record;
    }
  }
}

const PHASE_SKIP = new Set(['objective', 'otherMonths', 'printedTargets', ...MONTH_KEYS]);

/** Builds the plan object; layout mistakes go to `issues`, the plan validator judges the rest. */
export function buildWorkbookPlan(file: string, tables: WorkbookTables, labels: WorkbookLabels): { plan: Obj; origins: CellOrigins; issues: WorkbookIssue[] } {
  const b = new PlanBuilder(file, labels);
  const sheetName = (key: SheetKey) => tables.sheetNames.get(key)!;
  const rows = (key: SheetKey) => tables.tables.get(key) ?? [];
  const { ente, plan: header, year } = planHeader(b, tables, labels);

  const orgUnits = b.list(sheetName('orgUnits'));
  for (const row of rows('orgUnits')) orgUnits.push(b.object(row, sheetName('orgUnits')));
  const people = b.list(sheetName('people'));
  for (const row of rows('people')) {
    const person = b.object(row, sheetName('people'));
    person.absences = b.list(sheetName('absences'));
    people.push(person);
  }
  for (const row of rows('absences')) {
    const code = b.link(row, 'person');
    if (code === undefined) continue;
    const person = byCode(people, code);
    if (!person) b.issue(row.cells.get('person')!, 'unknown person');
    else (person.absences as Obj[]).push(b.object(row, sheetName('absences'), new Set(['person'])));
  }
  const roles = b.list(sheetName('roles'));
  for (const row of rows('roles')) roles.push(b.object(row, sheetName('roles')));

  const objectives = b.list(sheetName('objectives'));
  for (const row of rows('objectives')) {
    const objective = b.object(row, sheetName('objectives'));
    objective.phases = b.list(sheetName('phases'));
    objective.indicators = b.list(sheetName('indicators'));
    objectives.push(objective);
  }
  const owner = (row: TableRow): Obj | undefined => {
    const code = b.link(row, 'objective');
    if (code === undefined) return undefined;
    const objective = byCode(objectives, code);
    if (!objective) b.issue(row.cells.get('objective')!, 'unknown objective');
    return objective;
  };
  for (const row of rows('phases')) {
    const objective = owner(row);
    if (!objective) continue;
    const phase = b.object(row, sheetName('phases'), PHASE_SKIP);
    phaseMonths(b, phase, row, year);
    (objective.phases as Obj[]).push(phase);
  }
  for (const row of rows('indicators')) {
    const objective = owner(row);
    if (objective) (objective.indicators as Obj[]).push(b.object(row, sheetName('indicators'), new Set(['objective'])));
  }
  for (const row of rows('targets')) {
    const objective = owner(row);
    const code = objective ? b.link(row, 'indicator') : undefined;
    if (!objective || code === undefined) continue;
    const indicator = byCode(objective.indicators as Obj[], code);
    const at = row.cells.get('at');
    const date = at ? cellToValue(at, labels) : undefined;
    if (!indicator) b.issue(row.cells.get('indicator')!, `unknown indicator of objective ${String(objective.code)}`);
    else if (!at || typeof date !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(date)) b.issue(at ?? row.cells.get('indicator')!, 'expected a date');
    else {
      let targets = indicator.targets as Record<string, unknown> | undefined;
      if (!targets) {
        targets = {};
        indicator.targets = targets;
        b.origins.cell(indicator, 'targets', at.ref);
      }
      const target = row.cells.get('target');
      const value = target ? cellToValue(target, labels) : undefined;
      if (date in targets) b.issue(at, 'this indicator already has a target at this date');
      else if (!target || value === undefined) b.issue(target ?? at, 'required key is missing', undefined);
      else {
        b.origins.cell(targets, date, target.ref);
        targets[date] = value;
      }
    }
  }
  const reports = (key: 'measurements' | 'progress', link: 'indicator' | 'phase'): Obj[] => {
    const list = b.list(sheetName(key));
    for (const row of rows(key)) {
      const item = b.object(row, sheetName(key), new Set(['objective', link]));
      const objective = row.cells.get('objective');
      const child = row.cells.get(link);
      const codes = [objective, child].map((cell) => (cell ? cellToValue(cell, labels) : undefined));
      if (codes.every((code) => typeof code === 'string')) item[link] = codes.join('/');
      const where = child && child.content.value !== null ? child : objective;
      if (where) b.origins.cell(item, link, where.ref);
      list.push(item);
    }
    return list;
  };
  const measurements = reports('measurements', 'indicator');
  const phaseProgress = reports('progress', 'phase');
  const assessments = b.list(sheetName('assessments'));
  for (const row of rows('assessments')) assessments.push(b.object(row, sheetName('assessments')));

  const acknowledgedWarnings = b.list(sheetName('acknowledgedWarnings'));
  for (const row of rows('acknowledgedWarnings')) acknowledgedWarnings.push(b.object(row, sheetName('acknowledgedWarnings')));

  const plan: Obj = { format: 'perfbot/plan@1', ente, plan: header, orgUnits, people, roles, objectives, measurements, phaseProgress, assessments, acknowledgedWarnings };
  return { plan, origins: b.origins, issues: b.issues };
}
