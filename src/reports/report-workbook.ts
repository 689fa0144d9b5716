/**
 * The Relazione as an Excel workbook (`perfbot export --report --format xlsx`): a summary, one sheet
 * per sector laid out like the seed-003 sector sheets (objective, grado di raggiungimento, note,
 * count, "percentuale di raggiungimento complessiva"), the indicators at every checkpoint and the
 * phases. Every number is a numeric cell taken from `buildReport` (one report per checkpoint), with
 * a number format: Excel shows it with the reader's decimal comma, and it stays computable.
 */
import ExcelJS from 'exceljs';
import type { IsoDate } from '../domain/plan.js';
import type { PlanSnapshot } from '../domain/plan-state.js';
import { plainTranslator, type Locale, type Translate } from '../i18n/messages.js';
import { formatDate } from '../i18n/format.js';
import type { Report, ReportIndicator, ReportObjective } from './report-schema.js';
import { assessmentAt, measurementAt, personName, reportSeries, reporterOf, type ReportAt } from './report-series.js';

/** Number formats (format codes use '.', Excel displays the locale's separator). */
const NUMBER_FORMATS = {
  pct: '0.00"%"',
  integer: '0',
  decimal: '#,##0.00',
  date: 'dd/mm/yyyy',
} as const;

type CellValue = string | number | Date | null;

interface Column {
  header: string;
  width: number;
}

const bold = { bold: true } as const;

/** A calendar date as the Excel date it is (UTC midnight, so no time zone shifts the day). */
function dateCell(iso: IsoDate | null): Date | null {
  if (iso === null) return null;
  const [y, m, d] = iso.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d));
}

/** The format of a measured number: whole numbers without decimals, a "%" or "€" when the target says so. */
function valueFormat(value: number, indicator: ReportIndicator): string {
  const base = Number.isInteger(value) ? '#,##0' : NUMBER_FORMATS.decimal;
  const unit = indicator.target?.spec.unit;
  if (unit === 'percent') return `${base}"%"`;
  if (unit === 'eur') return `${base} "€"`;
  return base;
}

function deviationFormat(value: number): string {
  return Number.isInteger(value) ? '#,##0' : NUMBER_FORMATS.decimal;
}

/** A reported value as a number when it is one, else its text as written. */
function valueCell(indicator: ReportIndicator): CellValue {
  if (indicator.value === null) return null;
  const parsed = indicator.value.parsed as { kind?: string; value?: unknown } | null;
  return parsed?.kind === 'number' && typeof parsed.value === 'number' ? parsed.value : indicator.value.raw;
}

/** Excel sheet names: at most 31 characters, none of \ / ? * [ ] :. */
function sheetName(name: string): string {
  return name.replace(/[\\/?*[\]:]/g, '-').slice(0, 31);
}

function addTable(sheet: ExcelJS.Worksheet, columns: Column[], headerRow: number): void {
  const row = sheet.getRow(headerRow);
  columns.forEach((column, i) => {
    row.getCell(i + 1).value = column.header;
    sheet.getColumn(i + 1).width = column.width;
  });
  row.font = bold;
  row.alignment = { vertical: 'top', wrapText: true };
  sheet.views = [{ state: 'frozen', ySplit: headerRow, xSplit: 0 }];
  fitRowHeight(sheet, row);
  // The Relazione is printed: A4 landscape, one page wide, headers on every page.
  sheet.pageSetup = { ...sheet.pageSetup, paperSize: 9, orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0, printTitlesRow: `${headerRow}:${headerRow}` };
}

const LINE_HEIGHT = 15;

/**
 * Sets a row's height to show its wrapped text: spreadsheet programs do not grow rows on opening a
 * file, so wrapped descriptions would otherwise overlap the next row. A line holds about as many
 * characters as the column's width.
 */
function fitRowHeight(sheet: ExcelJS.Worksheet, row: ExcelJS.Row): void {
  let lines = 1;
  row.eachCell((cell, column) => {
    if (typeof cell.value !== 'string') return;
    // Words wrap whole, so a line holds somewhat fewer characters than the width.
    const width = Math.max(1, Math.floor((sheet.getColumn(column).width ?? 10) * 0.85));
    const cellLines = cell.value.split('\n').reduce((sum, part) => sum + Math.max(1, Math.ceil(part.length / width)), 0);
    lines = Math.max(lines, cellLines);
  });
  if (lines > 1) row.height = lines * LINE_HEIGHT;
}

/** Writes `values` in `rowNumber`, with a number format for each numeric or date cell. */
function putRow(sheet: ExcelJS.Worksheet, rowNumber: number, values: CellValue[], formats: Array<string | undefined>): ExcelJS.Row {
  const row = sheet.getRow(rowNumber);
  values.forEach((value, i) => {
    if (value === null) return;
    const cell = row.getCell(i + 1);
    cell.value = value;
    const format = formats[i];
    if (format !== undefined && (typeof value === 'number' || value instanceof Date)) cell.numFmt = format;
  });
  row.alignment = { vertical: 'top', wrapText: true };
  fitRowHeight(sheet, row);
  return row;
}

interface Context {
  snapshot: PlanSnapshot;
  asOf: IsoDate;
  locale: Locale;
  t: Translate;
  series: ReportAt[];
  report: Report;
}

function summarySheet(workbook: ExcelJS.Workbook, ctx: Context): void {
  const { t, report, snapshot } = ctx;
  const sheet = workbook.addWorksheet(sheetName(t('export.sheets.summary')));
  sheet.getCell('A1').value = t('export.title', { ente: snapshot.ente.name, plan: snapshot.plan.title, date: formatDate(ctx.asOf, ctx.locale) });
  sheet.getCell('A1').font = bold;
  const c = (key: string) => t(`export.columns.${key}`);
  addTable(
    sheet,
    [
      { header: c('sector'), width: 10 },
      { header: c('sectorName'), width: 50 },
      { header: c('dirigente'), width: 24 },
      { header: c('objectives'), width: 11 },
      { header: c('assessed'), width: 11 },
      { header: c('pct'), width: 16 },
      { header: c('method'), width: 18 },
    ],
    3,
  );
  let rowNumber = 4;
  for (const sector of report.sectors) {
    putRow(
      sheet,
      rowNumber++,
      [sector.code, sector.name, personName(snapshot, sector.dirigente), sector.objectives, sector.assessed, sector.pct, t(`method.${sector.method}`)],
      [undefined, undefined, undefined, NUMBER_FORMATS.integer, NUMBER_FORMATS.integer, NUMBER_FORMATS.pct],
    );
  }
  putRow(sheet, rowNumber + 1, [null, t('export.enteOverall'), null, null, null, report.pct], [undefined, undefined, undefined, undefined, undefined, NUMBER_FORMATS.pct]).font = bold;
}

function objectiveNote(ctx: Context, objective: ReportObjective): string | null {
  const assessment = assessmentAt(ctx.snapshot, objective.code, ctx.asOf);
  const notes = [assessment?.note, assessment?.oivNote ? ctx.t('export.oivNote', { note: assessment.oivNote }) : undefined].filter((n) => n);
  return notes.length === 0 ? null : notes.join('\n');
}

/** One sector sheet, seed-003 style: the objectives counted in the sector, the count and the overall %. */
function sectorSheet(workbook: ExcelJS.Workbook, ctx: Context, sectorCode: string): void {
  const { t, report, snapshot } = ctx;
  const sector = report.sectors.find((s) => s.code === sectorCode)!;
  const sheet = workbook.addWorksheet(sheetName(t('export.sheets.sector', { code: sector.code })));
  sheet.getCell('A1').value = t('export.title', { ente: snapshot.ente.name, plan: snapshot.plan.title, date: formatDate(ctx.asOf, ctx.locale) });
  sheet.getCell('A2').value = t('export.sectorTitle', { code: sector.code, name: sector.name });
  sheet.getCell('A3').value = t('export.responsible', { name: personName(snapshot, sector.dirigente) ?? t('report.none') });
  for (const address of ['A1', 'A2', 'A3']) sheet.getCell(address).font = bold;
  const c = (key: string) => t(`export.columns.${key}`);
  const header = 5;
  addTable(
    sheet,
    [
      { header: c('objective'), width: 12 },
      { header: c('objectiveTitle'), width: 60 },
      { header: c('weight'), width: 8 },
      { header: c('pct'), width: 16 },
      { header: c('status'), width: 30 },
      { header: c('note'), width: 50 },
    ],
    header,
  );
  let rowNumber = header + 1;
  for (const objective of report.objectives.filter((o) => o.sectors.includes(sector.code))) {
    const title = objective.transversal ? t('export.transversal', { title: objective.title }) : objective.title;
    putRow(
      sheet,
      rowNumber++,
      [
        objective.code,
        title,
        objective.weight,
        objective.pct,
        objective.status ? t(`status.${objective.status}`) : null,
        objectiveNote(ctx, objective),
      ],
      [undefined, undefined, objective.weight !== null && Number.isInteger(objective.weight) ? NUMBER_FORMATS.integer : NUMBER_FORMATS.decimal, NUMBER_FORMATS.pct],
    );
  }
  rowNumber++;
  const formats = [undefined, undefined, undefined, NUMBER_FORMATS.integer];
  putRow(sheet, rowNumber++, [null, t('export.count'), null, sector.objectives], formats).font = bold;
  putRow(sheet, rowNumber++, [null, t('export.assessed'), null, sector.assessed], formats).font = bold;
  putRow(sheet, rowNumber, [null, t('export.overall'), null, sector.pct, t(`method.${sector.method}`)], [undefined, undefined, undefined, NUMBER_FORMATS.pct]).font = bold;
}

/**
 * Indicators: target, value, deviation and "met" at each checkpoint, then the latest note and the
 * reporter. A value carried over from an earlier date is in italics with a note, and a legend says so.
 */
function indicatorsSheet(workbook: ExcelJS.Workbook, ctx: Context): void {
  const { t, report, snapshot, series } = ctx;
  const sheet = workbook.addWorksheet(sheetName(t('export.sheets.indicators')));
  const c = (key: string, date?: IsoDate) => t(`export.columns.${key}`, date ? { date: formatDate(date, ctx.locale) } : {});
  const perCheckpoint = series.flatMap(({ checkpoint }) => [
    { header: c('target', checkpoint), width: 18 },
    { header: c('value', checkpoint), width: 16 },
    { header: c('deviation', checkpoint), width: 14 },
    { header: c('met', checkpoint), width: 12 },
  ]);
  addTable(
    sheet,
    [
      { header: c('sector'), width: 16 },
      { header: c('objective'), width: 10 },
      { header: c('indicator'), width: 10 },
      { header: c('indicatorName'), width: 50 },
      ...perCheckpoint,
      { header: c('note'), width: 40 },
      { header: c('reporter'), width: 24 },
    ],
    1,
  );
  const entries = series.map(({ report: r }) => new Map(r.objectives.flatMap((o) => o.indicators.map((i) => [`${o.code}/${i.code}`, i] as const))));
  const yesNo = (met: boolean | null) => (met === null ? null : met ? t('export.yes') : t('export.no'));
  let rowNumber = 2;
  let carriedOver = 0;
  for (const objective of report.objectives) {
    for (const indicator of objective.indicators) {
      const values: CellValue[] = [objective.sectors.join(', '), objective.code, indicator.code, indicator.name];
      const formats: Array<string | undefined> = [undefined, undefined, undefined, undefined];
      // A checkpoint with no new value shows the last one before it: such cells are marked, not passed off as new.
      const carried: Array<{ column: number; from: IsoDate; checkpoint: IsoDate }> = [];
      entries.forEach((byKey, j) => {
        const at = byKey.get(`${objective.code}/${indicator.code}`) ?? null;
        const value = at === null ? null : valueCell(at);
        values.push(at?.target?.raw ?? null, value, at?.deviation ?? null, yesNo(at?.met ?? null));
        formats.push(
          undefined,
          typeof value === 'number' ? valueFormat(value, at!) : undefined,
          at?.deviation === null || at?.deviation === undefined ? undefined : deviationFormat(at.deviation),
          undefined,
        );
        const checkpoint = series[j]!.checkpoint;
        if (at?.value && at.value.at < checkpoint) carried.push({ column: 6 + 4 * j, from: at.value.at, checkpoint });
      });
      const note = measurementAt(snapshot, objective.code, indicator.code, ctx.asOf)?.note ?? null;
      values.push(note, personName(snapshot, reporterOf(snapshot, objective.code, indicator.reporter, ctx.asOf)));
      const row = putRow(sheet, rowNumber++, values, formats);
      for (const { column, from, checkpoint } of carried) markCarriedOver(row, column, t('export.carriedOver', { from: formatDate(from, ctx.locale), date: formatDate(checkpoint, ctx.locale) }));
      carriedOver += carried.length;
    }
  }
  sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: Math.max(1, rowNumber - 1), column: 6 + perCheckpoint.length } };
  if (carriedOver > 0) {
    const legend = sheet.getCell(rowNumber + 1, 1);
    legend.value = t('export.carriedOverLegend');
    legend.font = { italic: true };
  }
}

/** Marks a value carried over from an earlier date (and the deviation and "met" computed from it): italic, with a note saying from when. */
function markCarriedOver(row: ExcelJS.Row, valueColumn: number, note: string): void {
  for (const column of [valueColumn, valueColumn + 1, valueColumn + 2]) {
    const cell = row.getCell(column);
    if (cell.value !== null && cell.value !== undefined) cell.font = { ...cell.font, italic: true };
  }
  row.getCell(valueColumn).note = note;
}

/** Phases at the export date: deadline, planned vs actual, gap and days late. */
function phasesSheet(workbook: ExcelJS.Workbook, ctx: Context): void {
  const { t, report, snapshot } = ctx;
  const sheet = workbook.addWorksheet(sheetName(t('export.sheets.phases')));
  const c = (key: string) => t(`export.columns.${key}`);
  const columns: Column[] = [
    { header: c('sector'), width: 16 },
    { header: c('objective'), width: 10 },
    { header: c('phase'), width: 8 },
    { header: c('phaseTitle'), width: 60 },
    { header: c('owner'), width: 24 },
    { header: c('phaseStatus'), width: 12 },
    { header: c('deadline'), width: 12 },
    { header: c('planned'), width: 14 },
    { header: c('actual'), width: 14 },
    { header: c('gap'), width: 12 },
    { header: c('daysLate'), width: 12 },
    { header: c('lastReport'), width: 14 },
  ];
  addTable(sheet, columns, 1);
  const formats = [undefined, undefined, undefined, undefined, undefined, undefined, NUMBER_FORMATS.date, NUMBER_FORMATS.pct, NUMBER_FORMATS.pct, NUMBER_FORMATS.decimal, NUMBER_FORMATS.integer, NUMBER_FORMATS.date];
  let rowNumber = 2;
  for (const objective of report.objectives) {
    for (const phase of objective.phases) {
      putRow(
        sheet,
        rowNumber++,
        [
          objective.sectors.join(', '),
          objective.code,
          phase.code,
          phase.title,
          personName(snapshot, phase.owner),
          phase.status === 'cancelled' ? t('export.cancelled') : null,
          dateCell(phase.deadline),
          phase.plannedPct,
          phase.actualPct,
          phase.gapPct,
          phase.daysLate,
          dateCell(phase.lastReportAt),
        ],
        formats,
      );
    }
  }
  sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: Math.max(1, rowNumber - 1), column: columns.length } };
}

/** Builds the Relazione workbook of a plan at `asOf`, in `locale` (the ente's language by default). */
export function buildReportWorkbook(snapshot: PlanSnapshot, asOf: IsoDate, locale: Locale = snapshot.ente.locale): ExcelJS.Workbook {
  const series = reportSeries(snapshot, asOf);
  const ctx: Context = { snapshot, asOf, locale, t: plainTranslator(locale), series, report: series.at(-1)!.report };
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'perfbot';
  workbook.title = ctx.t('export.title', { ente: snapshot.ente.name, plan: snapshot.plan.title, date: formatDate(asOf, locale) });
  summarySheet(workbook, ctx);
  for (const sector of ctx.report.sectors) sectorSheet(workbook, ctx, sector.code);
  indicatorsSheet(workbook, ctx);
  phasesSheet(workbook, ctx);
  return workbook;
}
