/** `perfbot people`: who is who on a date (roles valid then, chat identities, absences). */
import type { Command } from 'commander';
import { latestPlanCode, loadPlanSnapshot } from '../db/plan-repository.js';
import { isRoleValidOn } from '../domain/responsibility.js';
import { parseDateOption, formatOption, type CommandContext } from './command-context.js';

export function peopleCommand(program: Command, context: CommandContext): void {
  program
    .command('people')
    .description("list the ente's people with their roles valid on a date, chat identities and absences")
    .requiredOption('--ente <code>', 'ente code')
    .option('--plan <code>', 'plan whose roles to show (default: the latest plan)')
    .option('--at <date>', 'date YYYY-MM-DD (default: today)', parseDateOption)
    .addOption(formatOption(['text', 'json'], 'text'))
    .action(async (options: { ente: string; plan?: string; at?: string; format: 'text' | 'json' }) => {
      const db = await context.db();
      const snapshot = await loadPlanSnapshot(db, options.ente, options.plan ?? (await latestPlanCode(db, options.ente)));
      const at = options.at ?? new Date().toISOString().slice(0, 10);
      const rows = snapshot.people.map((person) => ({
        code: person.code,
        name: person.name,
        roles: snapshot.roles
          .filter((r) => r.person === person.code && isRoleValidOn(r, at))
          .map((r) => [r.role, r.orgUnit ?? r.objective].filter(Boolean).join(' ')),
        slack: person.slack ?? null,
        telegram: person.telegram ?? null,
        absent: person.absences.find((a) => a.from <= at && at <= a.to) ?? null,
      }));
      if (options.format === 'json') {
        context.io.stdout(`${JSON.stringify({ ente: options.ente, plan: snapshot.plan.code, at, people: rows }, null, 2)}\n`);
        return;
      }
      context.io.stdout(`${snapshot.ente.name} — persone e ruoli al ${at.split('-').reverse().join('/')}\n\n`);
      for (const row of rows) {
        const absence = row.absent ? `  [assente fino al ${row.absent.to}${row.absent.deputy ? `, sostituto ${row.absent.deputy}` : ''}]` : '';
        const chats = [row.slack && `slack ${row.slack}`, row.telegram && `telegram ${row.telegram}`].filter(Boolean).join(', ');
        context.io.stdout(`${row.code.padEnd(16)} ${row.name.padEnd(30)} ${row.roles.join('; ') || '-'}${chats ? `  (${chats})` : ''}${absence}\n`);
      }
    });
}
