/** `perfbot reminders`: what would be sent, when, to whom and why — without sending. */
import type { Command } from 'commander';
import { latestPlanCode, loadPlanSnapshot } from '../db/plan-repository.js';
import { loadReminderSettings } from '../db/settings-store.js';
import { formatOption, parseDateOption, type CommandContext } from './command-context.js';

export function remindersCommand(command: Command, context: CommandContext): void {
  command
    .requiredOption('--ente <code>', 'ente code')
    .requiredOption('--from <date>', 'first day YYYY-MM-DD', parseDateOption)
    .requiredOption('--to <date>', 'last day YYYY-MM-DD', parseDateOption)
    .addOption(formatOption(['text', 'json'], 'text'))
    .action(async (options: { ente: string; from: string; to: string; format: 'text' | 'json' }) => {
      // The holiday calendar (date-holidays) loads in ≈ 0.5 s: only for the commands that plan.
      const [{ WorkingCalendar }, { planReminders }, { planDigests }] = await Promise.all([
        import('../domain/calendar.js'),
        import('../scheduler/plan-reminders.js'),
        import('../scheduler/plan-digests.js'),
      ]);
      const db = await context.db();
      const snapshot = await loadPlanSnapshot(db, options.ente, await latestPlanCode(db, options.ente));
      const settings = await loadReminderSettings(db, options.ente);
      const calendar = new WorkingCalendar({ timezone: snapshot.ente.timezone, ...(snapshot.ente.patronDay ? { patronDay: snapshot.ente.patronDay } : {}), closures: settings.closures });
      const input = { snapshot, settings, calendar, from: options.from, to: options.to };
      const planned = planReminders(input);
      const digests = planDigests(input);
      if (options.format === 'json') {
        const rows = [...planned, ...digests].sort((a, b) => a.sendAt.getTime() - b.sendAt.getTime());
        context.io.stdout(`${JSON.stringify(rows.map((r) => ({ ...r, sendAt: r.sendAt.toISOString(), localTime: `${r.dueDate} ${calendar.localTimeOf(r.sendAt)}` })), null, 2)}\n`);
        return;
      }
      // One list in time order: a coordinator's 08:30 digest and a 09:30 reminder of the same day sit together.
      const lines = [
        ...digests.map((d) => ({ sendAt: d.sendAt, text: `${d.dueDate} ${calendar.localTimeOf(d.sendAt)}  ${d.recipient.padEnd(14)} ${'digest'.padEnd(20)} ${d.subject}` })),
        ...planned.map((r) => {
          const why = r.reason.deadline ? `deadline ${r.reason.deadline}` : `checkpoint ${r.reason.checkpoint}`;
          const behalf = r.onBehalfOf ? ` (for ${r.onBehalfOf})` : r.reason.answerFrom ? ` (about ${r.reason.answerFrom})` : '';
          return { sendAt: r.sendAt, text: `${r.dueDate} ${calendar.localTimeOf(r.sendAt)}  ${r.recipient.padEnd(14)} ${r.step.padEnd(20)} ${r.reason.objective} ${r.reason.item.kind} ${r.reason.item.code}  ${why}${behalf}` };
        }),
      ];
      // A stable sort: rows due at the same moment keep the planners' order (digests, then reminders).
      lines.sort((a, b) => a.sendAt.getTime() - b.sendAt.getTime());
      for (const line of lines) context.io.stdout(`${line.text}\n`);
      context.io.stdout(`${planned.length} reminder(s), ${digests.length} digest(s)\n`);
    });
}
