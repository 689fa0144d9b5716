/** `perfbot export`: writes a stored plan back as a perfbot/plan@1 file. */
import type { Command } from 'commander';
import { loadPlanSnapshot } from '../db/plan-repository.js';
import { serializePlanFile, toPlanFile } from '../plan-file/export.js';
import { formatOption, type CommandContext } from './program.js';

export function exportCommand(program: Command, context: CommandContext): void {
  program
    .command('export')
    .description('export a stored plan (with everything reported) as a perfbot/plan@1 file on stdout')
    .requiredOption('--ente <code>', 'ente code')
    .requiredOption('--plan <code>', 'plan code')
    .addOption(formatOption(['json', 'yaml'], 'json'))
    .action(async (options: { ente: string; plan: string; format: 'json' | 'yaml' }) => {
      const snapshot = await loadPlanSnapshot(await context.db(), options.ente, options.plan);
      context.io.stdout(serializePlanFile(toPlanFile(snapshot), options.format));
    });
}
