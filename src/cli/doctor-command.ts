/**
 * `perfbot doctor`: checks the configuration, the database and its migrations, Slack and Telegram,
 * who cannot be reached, and what is sent next; one actionable line per finding (Italian or
 * English), exit code 1 when something blocks. It changes nothing (no migration either).
 */
import type { Command } from 'commander';
import { Option } from 'commander';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { openDatabase, providerOf, sqlitePath } from '../db/database.js';
import { plainTranslator, type Translate } from '../i18n/messages.js';
import { configFindings } from '../doctor/config-checks.js';
import { slackFindings, telegramFindings } from '../doctor/platform-checks.js';
import { databaseFindings, nextRemindersFindings, reachabilityFindings } from '../doctor/database-checks.js';
import { finding, type Finding } from '../doctor/finding.js';
import { DoctorFoundProblems, type CliIo, type CommandContext } from './command-context.js';

export function doctorCommand(command: Command, context: CommandContext): void {
  command
    .addOption(new Option('--lang <locale>', 'language of the report').choices(['it', 'en']).default('it'))
    .action(async (options: { lang: 'it' | 'en' }) => {
      const t = plainTranslator(options.lang);
      const { env, io } = context;
      const findings: Finding[] = [...configFindings(env)];
      if (providerOf(env.DATABASE_URL) === 'sqlite' && !existsSync(path.resolve(sqlitePath(env.DATABASE_URL)))) {
        // opening it would create the file: the doctor changes nothing
        findings.push(finding('warn', 'database.empty'), ...(await slackFindings(env)), ...(await telegramFindings(env)));
        return report(findings, t, io);
      }
      const db = await openDatabase(env.DATABASE_URL);
      try {
        const database = await databaseFindings(db, env);
        findings.push(...database.findings);
        const [slack, telegram] = await Promise.all([slackFindings(env), telegramFindings(env)]);
        findings.push(...slack, ...telegram);
        if (database.ready) findings.push(...(await reachabilityFindings(db, env)), ...(await nextRemindersFindings(db, new Date())));
      } finally {
        await db.$disconnect().catch(() => undefined);
      }
      report(findings, t, io);
    });
}

/** Prints one line per finding and the summary; throws DoctorFoundProblems when one blocks. */
function report(findings: Finding[], t: Translate, io: CliIo): void {
  for (const f of findings) io.stdout(`${t(`doctor.level.${f.level}`)} ${t(`doctor.${f.key}`, f.params)}\n`);
  const blocking = findings.filter((f) => f.level === 'fail').length;
  const warnings = findings.filter((f) => f.level === 'warn').length;
  io.stdout(`${t(blocking > 0 ? 'doctor.summary.fail' : 'doctor.summary.ok', { blocking, warnings })}\n`);
  if (blocking > 0) throw new DoctorFoundProblems(blocking);
}
