/** `perfbot digest`: prints a sector's digest (the weekly message coordinators get) at a date. */
import type { Command } from 'commander';
import { loadPlanSnapshot, latestPlanCode } from '../db/plan-repository.js';
import { buildReport } from '../reports/report.js';
import { buildSectorDigest } from '../reports/digest.js';
import { renderDigestText } from '../reports/digest-text.js';
import { isLocale } from '../i18n/messages.js';
import { UsageError, parseDateOption, type CommandContext } from './program.js';

export function digestCommand(program: Command, context: CommandContext): void {
  program
    .command('digest')
    .description("print a sector's status digest at a date (every sector when --sector is omitted)")
    .requiredOption('--ente <code>', 'ente code')
    .option('--plan <code>', 'plan code (default: the latest plan)')
    .option('--sector <code>', 'sector (top-level org unit) code')
    .requiredOption('--at <date>', 'as-of date YYYY-MM-DD', parseDateOption)
    .option('--lang <locale>', 'it | en (default: the ente’s)')
    .action(async (options: { ente: string; plan?: string; sector?: string; at: string; lang?: string }) => {
      const db = await context.db();
      const snapshot = await loadPlanSnapshot(db, options.ente, options.plan ?? (await latestPlanCode(db, options.ente)));
      const report = buildReport(snapshot, options.at);
      const sectors = options.sector ? [options.sector] : report.sectors.map((s) => s.code);
      if (options.sector && !report.sectors.some((s) => s.code === options.sector)) {
        throw new UsageError(`unknown sector "${options.sector}" (sectors: ${report.sectors.map((s) => s.code).join(', ')})`);
      }
      const names = new Map(snapshot.people.map((p) => [p.code, p.name]));
      const locale = isLocale(options.lang) ? options.lang : snapshot.ente.locale;
      context.io.stdout(sectors.map((code) => renderDigestText(buildSectorDigest(report, snapshot, code), names, locale)).join('\n'));
    });
}
