/**
 * `perfbot person export|erase`: one person's personal data (GDPR). `export` prints everything
 * stored about them as JSON; `erase` (administrators only) replaces their name, e-mail, chat ids and
 * code with a pseudonym everywhere while keeping the values they reported, audited.
 */
import { writeFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { exportPersonData } from '../db/person-data.js';
import { erasePerson } from '../db/person-erasure.js';
import { latestPlanCode, loadPlanSnapshot } from '../db/plan-repository.js';
import { hasRole } from '../domain/responsibility.js';
import { UsageError, type CommandContext } from './command-context.js';

export function personCommand(person: Command, context: CommandContext): void {
  person
    .command('export')
    .description('print everything stored about a person as JSON (perfbot/person@1)')
    .requiredOption('--ente <code>', 'ente code')
    .requiredOption('--person <code>', 'person code')
    .option('--out <file>', 'write to a file instead of stdout')
    .action(async (options: { ente: string; person: string; out?: string }) => {
      const data = `${JSON.stringify(await exportPersonData(await context.db(), options.ente, options.person), null, 2)}\n`;
      if (options.out) await writeFile(options.out, data);
      else context.io.stdout(data);
    });
  person
    .command('erase')
    .description("replace a person's name, e-mail, chat ids and code with a pseudonym; reported values are kept (administrators only, audited)")
    .requiredOption('--ente <code>', 'ente code')
    .requiredOption('--person <code>', 'person code')
    .requiredOption('--as <admin>', 'the administrator erasing (recorded in the audit log)')
    .action(async (options: { ente: string; person: string; as: string }) => {
      const db = await context.db();
      const snapshot = await loadPlanSnapshot(db, options.ente, await latestPlanCode(db, options.ente));
      const today = new Date().toISOString().slice(0, 10);
      if (!hasRole(snapshot, options.as, 'admin', today)) throw new UsageError(`not allowed: only an administrator of ${options.ente} can erase a person (--as <admin>); nothing was changed`);
      if (options.as === options.person) throw new UsageError('an administrator cannot erase themselves: ask another administrator; nothing was changed');
      const result = await erasePerson(db, options.ente, options.person, options.as, new Date());
      context.io.stdout(`erased ${options.ente}/${options.person}: now ${result.pseudonym} (${result.rewritten} stored references rewritten; values kept)\n`);
    });
  for (const sub of person.commands) sub.exitOverride().configureOutput({ writeOut: context.io.stdout, writeErr: context.io.stderr });
}
