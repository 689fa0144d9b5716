/**
 * The two example plans with something reported on them (values, notes, phase progress,
 * assessments), for the tests of the report exports, and an in-process `perfbot` on a test DB.
 * Values are chosen to cover every kind of cell: plain numbers, decimals, percentages, euro, a
 * fraction, a yes/no, a date, "non rilevabile", a carried-forward value and notes that need CSV quoting (comma, quotes, line break).
 */
import path from 'node:path';
import { readPlanFile } from '../../src/plan-file/read.js';
import { importPlan } from '../../src/db/plan-import.js';
import type { cliOn } from './cli-on-database.js';
import { reportSchema, type Report } from '../../src/reports/report-schema.js';
import type { Db } from '../../src/db/database.js';

/** Re-exported for the export tests, which take their in-process `perfbot` from here. */
export { cliOn, type CliResult } from './cli-on-database.js';

const root = path.resolve(import.meta.dirname, '..', '..');

/** A note with a comma, quotes and a line break, to prove CSV quoting round-trips. */
export const TRICKY_NOTE = 'Dato "provvisorio", da confermare\nseconda riga';

const segrateMeasurements = [
  { indicator: 'AGSC-1/a', at: '2022-07-31', value: '8', by: 'bossi-c', note: 'sperimentazione avviata a luglio' },
  { indicator: 'AGSC-1/a', at: '2022-09-30', value: '9', by: 'bossi-c' },
  { indicator: 'AGSC-1/a', at: '2022-12-31', value: '11', by: 'bossi-c', note: 'obiettivo superato' },
  { indicator: 'AGSC-1/b', at: '2022-07-31', value: 'non rilevabile: servizio non ancora avviato', by: 'bossi-c' },
  { indicator: 'AGSC-1/c', at: '2022-07-31', value: '12,5%', by: 'bossi-c', note: TRICKY_NOTE },
  { indicator: 'AGSC-1/e', at: '2022-12-31', value: '5.200,50', by: 'bossi-c' },
  { indicator: 'AGSC-2/b', at: '2022-07-31', value: '36', by: 'bossi-c', note: 'prima riga\nseconda riga' },
  { indicator: 'AGSC-4/c', at: '2022-07-31', value: '8 su 10', by: 'calvano-a' },
  { indicator: 'SAPS-6/a', at: '2022-07-31', value: 'sì', by: 'zanchetta-d' },
  { indicator: 'STAFF-1/a', at: '2022-07-31', value: '3', by: 'caretti-a' },
  { indicator: 'STAFF-1/c', at: '2022-12-31', value: '4', by: 'cavallo-p' },
  { indicator: 'INT-1/b', at: '2022-07-31', value: '95%' },
  { indicator: 'AVV-1/b', at: '2022-12-31', value: '90%', by: 'precetti-m' },
];

const segratePhaseProgress = [
  { phase: 'AGSC-1/1', at: '2022-07-31', pct: 100, by: 'bossi-c' },
  { phase: 'AGSC-1/2', at: '2022-07-31', pct: 50, by: 'bossi-c' },
  { phase: 'AGSC-1/3', at: '2022-12-31', pct: 100, by: 'bossi-c' },
  { phase: 'TSE-5/1', at: '2022-07-31', pct: 30 },
  { phase: 'INT-1/1', at: '2022-07-31', pct: 100 },
];

const segrateAssessments = [
  { objective: 'AGSC-2', at: '2022-07-31', pct: 90, status: 'actions_started' as const, note: 'bando in ritardo' },
  { objective: 'AVV-1', at: '2022-12-31', pct: 98, status: 'on_track' as const, note: 'pratiche definite', oivNote: 'coerente con i dati attesi' },
  { objective: 'STAFF-2', at: '2022-12-31', status: 'not_assessable' as const },
];

const terreArgineMeasurements = [
  { indicator: 'RU-2/a', at: '2020-12-31', value: '96%', note: 'consuntivo' },
  { indicator: 'RU-2/b', at: '2020-12-31', value: '90%' },
  { indicator: 'RU-2/c', at: '2020-12-31', value: '15/05/2020' },
  { indicator: 'AG-1/a', at: '2020-12-31', value: '97,5%' },
  { indicator: 'PM-1/1', at: '2020-12-31', value: '18.500' },
];

/** The note of the latest measurement of an indicator on or before `at` (none when that one has no note). */
export function expectedNote(objective: string, indicator: string, at: string): string | null {
  const all = [...segrateMeasurements, ...terreArgineMeasurements].filter((m) => m.indicator === `${objective}/${indicator}` && m.at <= at);
  const latest = all.sort((a, b) => a.at.localeCompare(b.at)).at(-1);
  return latest && 'note' in latest ? (latest.note ?? null) : null;
}

/** Imports both examples with the reports above. */
export async function importExportFixtures(db: Db): Promise<void> {
  const segrate = (await readPlanFile(path.join(root, 'examples', 'segrate-pdo-2022.json'))).plan;
  segrate.measurements = segrateMeasurements;
  segrate.phaseProgress = segratePhaseProgress;
  segrate.assessments = segrateAssessments;
  const terreArgine = (await readPlanFile(path.join(root, 'examples', 'terre-argine-2020.json'))).plan;
  terreArgine.measurements = terreArgineMeasurements;
  terreArgine.phaseProgress = [{ phase: 'RU-2/1', at: '2020-12-31', pct: 100 }];
  terreArgine.assessments = [{ objective: 'RU-1', at: '2020-12-31', pct: 100, status: 'on_track', note: 'erogato a tutto il personale' }];
  await importPlan(db, segrate, { actor: 'test', reason: 'test' });
  await importPlan(db, terreArgine, { actor: 'test', reason: 'test' });
}

/** People's names by code, read from the example files (the test's own source of names). */
export async function peopleNames(): Promise<Map<string, string>> {
  const names = new Map<string, string>();
  for (const file of ['segrate-pdo-2022.json', 'terre-argine-2020.json']) {
    for (const person of (await readPlanFile(path.join(root, 'examples', file))).plan.people) names.set(person.code, person.name);
  }
  return names;
}

/** What `perfbot report --format json` prints, parsed and validated: the expected numbers of every export. */
export async function reportJson(cli: ReturnType<typeof cliOn>, ente: string, plan: string, at: string): Promise<Report> {
  const result = await cli('report', '--ente', ente, '--plan', plan, '--at', at, '--format', 'json');
  if (result.code !== 0) throw new Error(`perfbot report failed: ${result.stderr}`);
  return reportSchema.parse(JSON.parse(result.stdout));
}

/**
 * Who the exports name as an indicator's reporter, by the documented rule (plan-format.md): the
 * indicator's reporter, else the objective's responsible, else the dirigente of its first sector
 * that has one — all read from the report JSON.
 */
export function expectedReporter(report: Report, objectiveCode: string, indicatorCode: string): string | null {
  const objective = report.objectives.find((o) => o.code === objectiveCode)!;
  const indicator = objective.indicators.find((i) => i.code === indicatorCode)!;
  if (indicator.reporter) return indicator.reporter;
  if (objective.responsible) return objective.responsible;
  for (const sector of objective.sectors) {
    const dirigente = report.sectors.find((s) => s.code === sector)?.dirigente;
    if (dirigente) return dirigente;
  }
  return null;
}

/** The export cases: each plan at a date, with the checkpoints the export must show (plan checkpoints ≤ date, plus the date). */
export const EXPORT_CASES = [
  { ente: 'segrate', plan: 'pdo-2022', at: '2022-10-15', checkpoints: ['2022-07-31', '2022-10-15'] },
  { ente: 'segrate', plan: 'pdo-2022', at: '2022-12-31', checkpoints: ['2022-07-31', '2022-12-31'] },
  { ente: 'terre-argine', plan: 'pp-2020', at: '2020-12-31', checkpoints: ['2020-12-31'] },
  { ente: 'terre-argine', plan: 'pp-2020', at: '2020-11-15', checkpoints: ['2020-11-15'] },
];
