/** `perfbot people`: who is who on a date (roles valid then, chat identities, absences). */
import type { Command } from 'commander';
import { latestPlanCode, loadPlanSnapshot } from '../db/plan-repository.js';
import { isRoleValidOn } from '../domain/responsibility.js';
import { parseDateOption, formatOption, type CommandContext } from './command-context.js';
import { plainTranslator } from '../i18n/messages.js';
import { formatDate } from '../i18n/format.js';
import { displayWidth, fitToWidth } from '../reports/text-columns.js';

/** Widest code and name columns, in terminal cells: what a longer one is cut to. */
const CODE_MAX = 20;
const NAME_MAX = 32;

export function peopleCommand(command: Command, context: CommandContext): void {
  command
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
      const locale = snapshot.ente.locale;
      const t = plainTranslator(locale);
      // Columns as wide as their widest entry, measured in terminal cells, up to a cap: a longer
      // name is cut with "…" so the roles still start in one column (the JSON has it whole).
      const codeWidth = Math.min(CODE_MAX, Math.max(...rows.map((r) => displayWidth(r.code)), 1));
      const nameWidth = Math.min(NAME_MAX, Math.max(...rows.map((r) => displayWidth(r.name)), 1));
      context.io.stdout(`${t('people.title', { ente: snapshot.ente.name, date: formatDate(at, locale) })}\n\n`);
      for (const row of rows) {
        const deputy = row.absent?.deputy ? `, ${t('people.deputy', { deputy: row.absent.deputy })}` : '';
        const absence = row.absent ? `  [${t('people.absent', { to: formatDate(row.absent.to, locale) })}${deputy}]` : '';
        const chats = [row.slack && `slack ${row.slack}`, row.telegram && `telegram ${row.telegram}`].filter(Boolean).join(', ');
        const roles = row.roles.join('; ') || t('people.noRoles');
        context.io.stdout(`${fitToWidth(row.code, codeWidth)}  ${fitToWidth(row.name, nameWidth)}  ${roles}${chats ? `  (${chats})` : ''}${absence}\n`);
      }
    });
}
