/** `perfbot console-link`: a one-time web console sign-in link (15 minutes) for an admin, coordinator or OIV. */
import type { Command } from 'commander';
import { ConsoleLinkError, createConsoleLink, LINK_MINUTES } from '../web/console-link.js';
import { consoleBaseUrl } from '../web/console-url.js';
import { PlanNotFoundError } from '../db/plan-repository.js';
import { UsageError, type CommandContext } from './command-context.js';

/** Registers `perfbot console-link --ente E --person P`. */
export function consoleLinkCommand(command: Command, context: CommandContext): void {
  command
    .requiredOption('--ente <code>', 'ente code')
    .requiredOption('--person <code>', 'person code')
    .action(async (options: { ente: string; person: string }) => {
      const db = await context.db();
      if (!(await db.ente.findUnique({ where: { code: options.ente } }))) throw new PlanNotFoundError(options.ente);
      try {
        const token = await createConsoleLink(db, options.ente, options.person, new Date());
        context.io.stdout(`${consoleBaseUrl(context.env)}/accedi?t=${token}\n`);
      } catch (error) {
        if (error instanceof ConsoleLinkError) throw new UsageError(`${error.message}; no link was created`);
        throw error;
      }
    });
}
