/** `perfbot template --out piano.xlsx`: the empty plan workbook to fill (docs/plan-workbook.md). */
import { writeFile } from 'node:fs/promises';
import { Option, type Command } from 'commander';
import type { Locale } from '../i18n/messages.js';
import { writePlanWorkbook } from '../plan-workbook/write-workbook.js';
import type { CommandContext } from './command-context.js';

export function templateCommand(command: Command, context: CommandContext): void {
  command
    .requiredOption('--out <file>', 'where to write the workbook (.xlsx)')
    .addOption(new Option('--lang <locale>', 'language of sheets and headers').choices(['it', 'en']).default('it'))
    .action(async (options: { out: string; lang: Locale }) => {
      await writeFile(options.out, await writePlanWorkbook(undefined, { locale: options.lang }));
      context.io.stdout(`wrote the plan template to ${options.out}\n`);
    });
}
