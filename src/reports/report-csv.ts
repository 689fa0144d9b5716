/**
 * The indicators of a plan as open data (`perfbot export --report --format csv`, docs/open-data-csv.md):
 * one row per indicator and checkpoint, stable English column names, UTF-8, RFC 4180 quoting.
 * Numbers use '.' and no grouping whatever the ente's language, because the file is for programs
 * (the Italian "2.700,5" would be split or misread by them); people read the xlsx export.
 * Every value comes from the `buildReport` at that checkpoint.
 */
import type { IsoDate } from '../domain/plan.js';
import type { PlanSnapshot } from '../domain/plan-state.js';
import { measurementAt, personName, reportSeries, reporterOf } from './report-series.js';

/** The columns, in order. Renaming or reordering one breaks the published format: add new ones at the end. */
export const OPEN_DATA_COLUMNS = [
  'ente',
  'plan',
  'checkpoint',
  'sectors',
  'objective',
  'objective_title',
  'indicator',
  'indicator_name',
  'context',
  'weight',
  'reporter',
  'target',
  'value_raw',
  'value_number',
  'measured_at',
  'status',
  'achievement',
  'met',
  'deviation',
  'note',
] as const;

type Field = string | number | boolean | null;

/** A number in plain decimal notation ('.' separator, no grouping, no exponent). */
function numberText(value: number): string {
  return value.toLocaleString('en-US', { useGrouping: false, maximumFractionDigits: 20 });
}

/** RFC 4180: a field with a quote, comma or line break is quoted, its quotes doubled. */
function csvField(value: Field): string {
  if (value === null) return '';
  const text = typeof value === 'number' ? numberText(value) : String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

function csvLine(fields: Field[]): string {
  return `${fields.map(csvField).join(',')}\n`;
}

/** The number a reported value is when it is a plain number (not a fraction, date or text). */
function valueNumber(parsed: unknown): number | null {
  const value = parsed as { kind?: string; value?: unknown } | null;
  return value?.kind === 'number' && typeof value.value === 'number' ? value.value : null;
}

/** The open-data CSV of a plan at `asOf`: checkpoints up to `asOf` plus `asOf`, in date order. */
export function buildReportCsv(snapshot: PlanSnapshot, asOf: IsoDate): string {
  let out = csvLine([...OPEN_DATA_COLUMNS]);
  for (const { checkpoint, report } of reportSeries(snapshot, asOf)) {
    for (const objective of report.objectives) {
      for (const indicator of objective.indicators) {
        const row: Record<(typeof OPEN_DATA_COLUMNS)[number], Field> = {
          ente: report.ente,
          plan: report.plan,
          checkpoint,
          sectors: objective.sectors.join(' '),
          objective: objective.code,
          objective_title: objective.title,
          indicator: indicator.code,
          indicator_name: indicator.name,
          context: indicator.context,
          weight: indicator.weight,
          reporter: personName(snapshot, reporterOf(snapshot, objective.code, indicator.reporter, checkpoint)),
          target: indicator.target?.raw ?? null,
          value_raw: indicator.value?.raw ?? null,
          value_number: valueNumber(indicator.value?.parsed ?? null),
          measured_at: indicator.value?.at ?? null,
          status: indicator.status,
          achievement: indicator.achievement,
          met: indicator.met,
          deviation: indicator.deviation,
          note: measurementAt(snapshot, objective.code, indicator.code, checkpoint)?.note ?? null,
        };
        out += csvLine(OPEN_DATA_COLUMNS.map((column) => row[column]));
      }
    }
  }
  return out;
}
