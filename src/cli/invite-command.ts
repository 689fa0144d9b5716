/** `perfbot invite`: a one-time link that ties a person's Telegram account to them (nobody can claim to be someone else). */
import type { Command } from 'commander';
import { createInvite } from '../db/identity-store.js';
import { PlanNotFoundError } from '../db/plan-repository.js';
import type { CommandContext } from './command-context.js';

export function inviteCommand(command: Command, context: CommandContext): void {
  command
    .requiredOption('--ente <code>', 'ente code')
    .requiredOption('--person <code>', 'person code')
    .action(async (options: { ente: string; person: string }) => {
      const db = await context.db();
      if (!(await db.ente.findUnique({ where: { code: options.ente } }))) throw new PlanNotFoundError(options.ente);
      // Look the person up first: any failure of the write itself (a read-only database …) must be
      // reported as what it is, not as an unknown person.
      if (!(await db.person.findFirst({ where: { code: options.person, ente: { code: options.ente } }, select: { id: true } }))) {
        throw new PlanNotFoundError(options.ente, undefined, options.person);
      }
      const code = await createInvite(db, options.ente, options.person, 'telegram');
      const bot = context.env.TELEGRAM_BOT_USERNAME;
      context.io.stdout(bot ? `https://t.me/${bot}?start=${code}\n` : `/start ${code}\n(set TELEGRAM_BOT_USERNAME in .env to get a t.me link)\n`);
    });
}
