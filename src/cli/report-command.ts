/** `perfbot report`: the state of a plan at a date, as JSON (perfbot/report@1) or an Italian table. */
import type { Command } from 'commander';
import { loadPlanSnapshot } from '../db/plan-repository.js';
import { buildReport } from '../reports/report.js';
import { renderReportText } from '../reports/report-text.js';
import { isLocale } from '../i18n/messages.js';
import { formatOption, parseDateOption, type CommandContext } from './command-context.js';

export function reportCommand(command: Command, context: CommandContext): void {
  command
    .requiredOption('--ente <code>', 'ente code')
    .requiredOption('--plan <code>', 'plan code')
    .requiredOption('--at <date>', 'as-of date YYYY-MM-DD', parseDateOption)
    .addOption(formatOption(['text', 'json'], 'text'))
    .option('--lang <locale>', 'language of the text table (it | en; default: the ente’s)')
    .action(async (options: { ente: string; plan: string; at: string; format: 'text' | 'json'; lang?: string }) => {
      const snapshot = await loadPlanSnapshot(await context.db(), options.ente, options.plan);
      const report = buildReport(snapshot, options.at);
      if (options.format === 'json') {
        context.io.stdout(`${JSON.stringify(report, null, 2)}\n`);
        return;
      }
      const locale = isLocale(options.lang) ? options.lang : snapshot.ente.locale;
      context.io.stdout(renderReportText(report, snapshot, locale));
    });
}
