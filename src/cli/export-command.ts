/**
 * `perfbot export`: writes a stored plan back as a perfbot/plan@1 file or as the plan workbook
 * (xlsx, docs/plan-workbook.md), or with `--report` the Relazione at a date: an Excel workbook (xlsx)
 * or the open-data CSV (docs/open-data-csv.md).
 */
import { writeFile } from 'node:fs/promises';
import { Option, type Command } from 'commander';
import { loadPlanSnapshot } from '../db/plan-repository.js';
import { serializePlanFile, toPlanFile } from '../plan-file/export.js';
import { buildReportCsv } from '../reports/report-csv.js';
import { UsageError, checkOutputFolder, parseDateOption, type CommandContext } from './command-context.js';

type Format = 'json' | 'yaml' | 'xlsx' | 'csv';

interface ExportOptions {
  ente: string;
  plan: string;
  format?: Format;
  report?: boolean;
  at?: string;
  out?: string;
  lang?: 'it' | 'en';
}

/** The format to write, after checking the options fit together. */
function checkedFormat(options: ExportOptions): Format {
  if (!options.report) {
    if (options.format === 'csv') throw new UsageError('--format csv exports the report: add --report and --at <date>');
    if (options.at !== undefined) throw new UsageError('--at is only used with --report (the plan file holds every date)');
    if (options.format === 'xlsx' && options.out === undefined) throw new UsageError('--format xlsx needs --out <file.xlsx> (a workbook cannot be printed)');
    if (options.lang !== undefined && options.format !== 'xlsx') throw new UsageError('--lang is only used with --report or --format xlsx');
    return options.format ?? 'json';
  }
  const format = options.format ?? 'xlsx';
  if (format === 'json' || format === 'yaml') throw new UsageError(`--report exports xlsx or csv, not ${format} (for the report as JSON use: perfbot report --format json)`);
  if (options.at === undefined) throw new UsageError('--report needs --at <date> (YYYY-MM-DD)');
  if (format === 'xlsx' && options.out === undefined) throw new UsageError('--format xlsx needs --out <file.xlsx> (a workbook cannot be printed)');
  return format;
}

export function exportCommand(command: Command, context: CommandContext): void {
  command
    .requiredOption('--ente <code>', 'ente code')
    .requiredOption('--plan <code>', 'plan code')
    .addOption(new Option('--format <format>', 'plan: json (default), yaml or xlsx (the plan workbook); with --report: xlsx (default) or csv').choices(['json', 'yaml', 'xlsx', 'csv']))
    .option('--report', 'export the Relazione (per-sector sheets, indicators, phases) instead of the plan file')
    .option('--at <date>', 'as-of date YYYY-MM-DD (with --report; required)', parseDateOption)
    .option('--out <file>', 'write to this file instead of stdout (required for xlsx)')
    .addOption(new Option('--lang <locale>', 'language of the workbook (default: the ente’s)').choices(['it', 'en']))
    .action(async (options: ExportOptions) => {
      const format = checkedFormat(options);
      if (options.out !== undefined) checkOutputFolder(options.out, '--out');
      const snapshot = await loadPlanSnapshot(await context.db(), options.ente, options.plan);
      if (format === 'xlsx' && !options.report) {
        const { writeStoredPlanWorkbook } = await import('../plan-workbook/write-workbook.js');
        await writeFile(options.out!, await writeStoredPlanWorkbook(snapshot, { locale: options.lang ?? 'it' }));
        context.io.stdout(`exported ${options.ente}/${options.plan} (plan workbook) to ${options.out}\n`);
        return;
      }
      if (format === 'xlsx') {
        // exceljs is loaded only for the workbook (≈ 0.6 s and 30 MB for every other command otherwise).
        const { buildReportWorkbook } = await import('../reports/report-workbook.js');
        await buildReportWorkbook(snapshot, options.at!, options.lang ?? snapshot.ente.locale).xlsx.writeFile(options.out!);
        context.io.stdout(`exported the report of ${options.ente}/${options.plan} at ${options.at} to ${options.out}\n`);
        return;
      }
      const text = format === 'csv' ? buildReportCsv(snapshot, options.at!) : serializePlanFile(toPlanFile(snapshot), format);
      if (options.out === undefined) {
        context.io.stdout(text);
        return;
      }
      await writeFile(options.out, text, 'utf8');
      context.io.stdout(`exported ${options.ente}/${options.plan} (${format}) to ${options.out}\n`);
    });
}
