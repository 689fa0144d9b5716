/**
 * A plan file laid out as the rows of the workbook's sheets (writing direction): phases,
 * indicators and their per-checkpoint targets, absences, measurements, progress and assessments
 * each get their own sheet (so do the acknowledged warnings), linked to their objective or person by code.
 */
import { italianDecimal } from './cell-value.js';
import { MONTH_KEYS, type SheetKey } from './layout.js';
import type { PlanFile } from '../plan-file/schema.js';

export type Row = Record<string, unknown>;

const pad = (n: number) => String(n).padStart(2, '0');

/** The month grid of a phase for the plan year, and what does not fit in it as "YYYY-MM: value" entries. */
function monthCells(phase: PlanFile['objectives'][number]['phases'][number], year: number): Row {
  const row: Row = {};
  const other: string[] = [];
  const monthly = phase.monthly ?? {};
  const marks = phase.marks ?? [];
  const inGrid = new Set<string>();
  MONTH_KEYS.forEach((key, i) => {
    const month = `${year}-${pad(i + 1)}`;
    if (monthly[month] !== undefined) {
      row[key] = monthly[month];
      inGrid.add(`m:${month}`);
    } else if (marks.includes(month)) {
      row[key] = 'X';
      inGrid.add(`x:${month}`);
    }
  });
  for (const [month, pct] of Object.entries(monthly)) if (!inGrid.has(`m:${month}`)) other.push(`${month}: ${italianDecimal(pct)}`);
  for (const month of marks) if (!inGrid.has(`x:${month}`)) other.push(`${month}: X`);
  if (other.length > 0) row.otherMonths = other.join('; ');
  return row;
}

function datedPcts(values: Record<string, number> | undefined): string | undefined {
  if (!values || Object.keys(values).length === 0) return undefined;
  return Object.entries(values)
    .map(([iso, pct]) => `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}: ${italianDecimal(pct)}`)
    .join('; ');
}

/** The rows of every table sheet, in the order of the plan file. */
export function planRows(plan: PlanFile): Record<Exclude<SheetKey, 'plan'>, Row[]> {
  const objectives = plan.objectives;
  return {
    checkpoints: plan.plan.checkpoints.map((at) => ({ at })),
    orgUnits: plan.orgUnits,
    people: plan.people,
    absences: plan.people.flatMap((person) => person.absences.map((absence) => ({ person: person.code, ...absence }))),
    roles: plan.roles,
    objectives,
    phases: objectives.flatMap((o) =>
      o.phases.map((phase) => ({ objective: o.code, ...phase, ...monthCells(phase, plan.plan.year), printedTargets: datedPcts(phase.printedTargets) })),
    ),
    indicators: objectives.flatMap((o) => o.indicators.map((indicator) => ({ objective: o.code, ...indicator }))),
    targets: objectives.flatMap((o) =>
      o.indicators.flatMap((indicator) => Object.entries(indicator.targets ?? {}).map(([at, target]) => ({ objective: o.code, indicator: indicator.code, at, target }))),
    ),
    measurements: plan.measurements.map(({ indicator, ...m }) => ({ objective: indicator.split('/')[0], indicator: indicator.split('/')[1], ...m })),
    progress: plan.phaseProgress.map(({ phase, ...p }) => ({ objective: phase.split('/')[0], phase: phase.split('/')[1], ...p })),
    assessments: plan.assessments,
    acknowledgedWarnings: plan.acknowledgedWarnings,
  };
}

/** The fields of "Ente e piano" by their layout key (`ente.code`, `scoring.sector` …). */
export function planFields(plan: PlanFile): Row {
  const row: Row = {};
  for (const [key, value] of Object.entries(plan.ente)) row[`ente.${key}`] = value;
  for (const [key, value] of Object.entries(plan.plan)) if (key !== 'checkpoints' && key !== 'scoring') row[`plan.${key}`] = value;
  for (const [key, value] of Object.entries(plan.plan.scoring ?? {})) row[`scoring.${key}`] = value;
  return row;
}
