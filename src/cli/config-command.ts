/** `perfbot config`: shows or changes an ente's reminder settings (administrators only, audited). */
import type { Command } from 'commander';
import { latestPlanCode, loadPlanSnapshot } from '../db/plan-repository.js';
import { loadReminderSettings, updateReminderSettings } from '../db/settings-store.js';
import { hasRole } from '../domain/responsibility.js';
import { describeSettingsError, parseSettingsChange } from '../domain/reminder-settings-change.js';
import { plainTranslator } from '../i18n/messages.js';
import { describeSettings } from '../domain/reminder-settings-description.js';
import { UsageError, type CommandContext } from './command-context.js';

export function configCommand(command: Command, context: CommandContext): void {
  command
    .requiredOption('--ente <code>', 'ente code')
    .option('--as <person>', 'the administrator making the change (recorded in the audit log)')
    .option('--set <change>', 'a change: ora HH:MM | anticipo N,M | sollecito N | solleciti N | escalation on|off | finemese on|off | silenzio HH:MM-HH:MM | chiusura YYYY-MM-DD | pausa on|off|<persona> | riprendi <persona> | digest [giorno] [HH:MM] | digest on|off', (value: string, all: string[]) => [...all, value], [] as string[])
    .action(async (options: { ente: string; as?: string; set: string[] }) => {
      const db = await context.db();
      const snapshot = await loadPlanSnapshot(db, options.ente, await latestPlanCode(db, options.ente));
      let settings = await loadReminderSettings(db, options.ente);
      if (options.set.length > 0) {
        const today = new Date().toISOString().slice(0, 10);
        if (!options.as || !hasRole(snapshot, options.as, 'admin', today)) throw new UsageError(`not allowed: only an administrator of ${options.ente} can change the reminders (--as <admin>); nothing was changed`);
        const people = new Set(snapshot.people.map((p) => p.code));
        let patch = {};
        for (const change of options.set) {
          const parsed = parseSettingsChange(change, { ...settings, ...patch }, people);
          // The command line speaks English, like its other errors.
          if (!parsed.ok) throw new UsageError(`${describeSettingsError(parsed.error, plainTranslator('en'))}; nothing was changed`);
          patch = { ...patch, ...parsed.patch };
        }
        settings = await updateReminderSettings(db, options.ente, patch, options.as);
      }
      context.io.stdout(`${describeSettings(settings)}\n`);
    });
}
