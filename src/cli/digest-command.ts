/** `perfbot digest`: prints a sector's digest (the weekly message coordinators get) at a date, optionally with its chart. */
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Command } from 'commander';
import { loadPlanSnapshot, loadSectorSnapshot, latestPlanCode } from '../db/plan-repository.js';
import { buildReport, reportSectorCodes } from '../reports/report.js';
import { buildSectorReport } from '../reports/sector-report.js';
import { buildSectorDigest } from '../reports/digest.js';
import { renderDigestText } from '../reports/digest-text.js';
import { restoreLiterals } from '../i18n/markup.js';
import { sectorTrend } from '../reports/sector-trend.js';
import { buildEnteSummary } from '../reports/ente-summary.js';
import { renderEnteSummaryText } from '../reports/ente-summary-text.js';
import { isLocale } from '../i18n/messages.js';
import { UsageError, checkOutputFolder, parseDateOption, type CommandContext } from './command-context.js';

/** Where a sector's chart goes: the file itself for one sector, else the file name with the sector code suffixed (out-AGSC.png). */
export function chartFileFor(file: string, sectorCode: string, oneSector: boolean): string {
  if (oneSector) return path.resolve(file);
  const { dir, name, ext } = path.parse(path.resolve(file));
  return path.join(dir, `${name}-${sectorCode}${ext || '.png'}`);
}

export function digestCommand(command: Command, context: CommandContext): void {
  command
    .requiredOption('--ente <code>', 'ente code')
    .option('--plan <code>', 'plan code (default: the latest plan)')
    .option('--sector <code>', 'sector (top-level org unit) code')
    .requiredOption('--at <date>', 'as-of date YYYY-MM-DD', parseDateOption)
    .option('--lang <locale>', 'it | en (default: the ente’s)')
    .option('--summary', 'print the ente-wide summary (what ente-wide coordinators get) instead of sector digests')
    .option('--png <file>', 'also write the chart (planned vs actual per objective, sector trend) as PNG; without --sector, one file per sector: <file>-<SECTOR>.png')
    .action(async (options: { ente: string; plan?: string; sector?: string; at: string; lang?: string; png?: string; summary?: boolean }) => {
      if (options.summary && (options.sector || options.png)) throw new UsageError('--summary prints the ente-wide summary: it takes neither --sector nor --png');
      if (options.png !== undefined) checkOutputFolder(options.png, '--png');
      const db = await context.db();
      const planCode = options.plan ?? (await latestPlanCode(db, options.ente));
      // one sector's digest reads only that sector's objectives (loadSectorSnapshot); the full plan only to list the sectors of a mistyped one
      const snapshot = options.sector ? await loadSectorSnapshot(db, options.ente, planCode, options.sector) : await loadPlanSnapshot(db, options.ente, planCode);
      if (options.sector && !reportSectorCodes(snapshot).includes(options.sector)) {
        throw new UsageError(`unknown sector "${options.sector}" (sectors: ${reportSectorCodes(await loadPlanSnapshot(db, options.ente, planCode)).join(', ')})`);
      }
      // one sector's digest needs only that sector's objectives (sector-report.ts)
      const report = options.sector && !options.summary ? buildSectorReport(snapshot, options.sector, options.at) : buildReport(snapshot, options.at);
      if (options.summary) {
        const locale = isLocale(options.lang) ? options.lang : snapshot.ente.locale;
        context.io.stdout(restoreLiterals(renderEnteSummaryText(buildEnteSummary(report, snapshot), new Map(snapshot.people.map((p) => [p.code, p.name])), locale)));
        return;
      }
      const sectors = options.sector ? [options.sector] : report.sectors.map((s) => s.code);
      const names = new Map(snapshot.people.map((p) => [p.code, p.name]));
      const locale = isLocale(options.lang) ? options.lang : snapshot.ente.locale;
      const digests = sectors.map((code) => buildSectorDigest(report, snapshot, code));
      context.io.stdout(restoreLiterals(digests.map((digest) => renderDigestText(digest, names, locale)).join('\n')));
      if (options.png === undefined) return;
      // vega and resvg take half a second and ~50 MB to load: only for the commands that draw.
      const { renderDigestChart } = await import('../reports/digest-chart.js');
      for (const digest of digests) {
        const file = chartFileFor(options.png, digest.sector.code, options.sector !== undefined);
        await writeFile(file, await renderDigestChart(digest, locale, sectorTrend(snapshot, digest.sector.code, options.at)));
        context.io.stderr(`wrote ${file}\n`);
      }
    });
}
