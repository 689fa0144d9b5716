/** `perfbot import <file>`: validates a plan file and writes it in one transaction. */
import path from 'node:path';
import type { Command } from 'commander';
import { readPlanFile } from '../plan-file/read.js';
import { formatPlanIssue } from '../plan-file/plan-validation-error.js';
import type { CommandContext } from './command-context.js';
import { plainTranslator } from '../i18n/messages.js';

export function importCommand(command: Command, context: CommandContext): void {
  command
    .argument('<file>', 'plan file (.json, .yaml, .yml) or workbook (.xlsx)')
    .option('--actor <code>', 'who is importing (recorded in the audit log)', 'cli')
    .action(async (file: string, options: { actor: string }) => {
      const { plan, warnings, acknowledged } = /\.xlsx$/i.test(file) ? await (await import('../plan-workbook/read-workbook.js')).readPlanWorkbook(file) : await readPlanFile(file);
      for (const warning of warnings) context.io.stderr(`warning: ${formatPlanIssue(warning)}\n`);
      // Known inconsistencies the plan file acknowledges are counted, not repeated: a new warning stands out.
      if (acknowledged.length > 0) {
        const n = acknowledged.length;
        context.io.stderr(`${plainTranslator(plan.ente.locale)(`planImport.acknowledged.${n === 1 ? 'one' : 'other'}`, { n })}\n`);
      }
      const { importPlan } = await import('../db/plan-import.js');
      const summary = await importPlan(await context.db(), plan, { actor: options.actor, reason: `import ${path.basename(file)}` });
      context.io.stdout(
        `imported ${summary.ente}/${summary.plan}: ${summary.created} created, ${summary.updated} updated, ${summary.retired} retired, ${summary.unchanged} unchanged\n`,
      );
    });
}
