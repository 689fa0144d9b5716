/**
 * The `perfbot` command line: a thin layer over the services. `runCli` takes its output streams
 * and environment as parameters so tests run it in-process; errors become one clear line each on
 * stderr and a non-zero exit code, never a stack trace.
 */
import { Command, CommanderError } from 'commander';
import { loadEnv, ConfigError, type Env } from '../config/env.js';
import { DoctorFoundProblems, UsageError, type CliIo, type CommandContext } from './command-context.js';
import { openDatabase, type Db } from '../db/database.js';
import { ensureMigrations, MigrationError } from '../db/migrate.js';
import { DatabaseProblem, checkDatabaseLocation, describeDatabaseError } from './database-problem.js';
import { PlanValidationError, formatPlanIssue } from '../plan-file/plan-validation-error.js';
import { LINK_MINUTES } from '../web/console-link-minutes.js';

/** A command's definition (options and action), added to the command program.ts created for it. */
type DefineCommand = (command: Command, context: CommandContext) => void;

/**
 * Every command: the name and description `--help` lists, and the module that defines it. A module
 * is imported only when its command runs (or its `--help` is asked for): importing them all cost
 * every command seconds (Excel, charts, plan validation), `--help` included.
 */
const COMMANDS: Array<{ name: string; description: string; load: () => Promise<DefineCommand> }> = [
  { name: 'import', description: 'import a perfbot/plan@1 file (JSON or YAML) or a plan workbook (xlsx); re-importing updates in place and keeps history', load: async () => (await import('./import-command.js')).importCommand },
  { name: 'export', description: 'export a stored plan as a perfbot/plan@1 file (json | yaml) or plan workbook (xlsx), or with --report the Relazione at a date (xlsx | csv)', load: async () => (await import('./export-command.js')).exportCommand },
  { name: 'report', description: 'state of a plan at a date: per-sector table (text) or perfbot/report@1 (json)', load: async () => (await import('./report-command.js')).reportCommand },
  { name: 'people', description: "list the ente's people with their roles valid on a date, chat identities and absences", load: async () => (await import('./people-command.js')).peopleCommand },
  { name: 'invite', description: 'print a one-time Telegram invitation link (t.me deep link) for a person', load: async () => (await import('./invite-command.js')).inviteCommand },
  { name: 'config', description: "show or change an ente's reminder settings (e.g. --set 'ora 10:00' --set 'anticipo 5,1'); changes need --as an administrator", load: async () => (await import('./config-command.js')).configCommand },
  { name: 'reminders', description: 'preview the reminders and weekly digests between two dates: when (local time), to whom, which step and why; sends nothing', load: async () => (await import('./reminders-command.js')).remindersCommand },
  { name: 'digest', description: "print a sector's status digest at a date (every sector when --sector is omitted)", load: async () => (await import('./digest-command.js')).digestCommand },
  { name: 'template', description: 'write the empty plan workbook (xlsx) to fill and import with perfbot import', load: async () => (await import('./template-command.js')).templateCommand },
  { name: 'doctor', description: 'check configuration, database, Slack, Telegram, reachable people and the next reminders; exit 1 when something blocks', load: async () => (await import('./doctor-command.js')).doctorCommand },
  { name: 'person', description: "one person's personal data: export it (JSON) or erase it (pseudonym; values kept)", load: async () => (await import('./person-command.js')).personCommand },
  { name: 'console-link', description: `print a one-time web console sign-in link, valid ${LINK_MINUTES} minutes (roles admin, coordinator, oiv)`, load: async () => (await import('./console-link-command.js')).consoleLinkCommand },
  { name: 'generate', description: 'write a synthetic perfbot/plan@1 file (JSON): the same options always give the same plan', load: async () => (await import('./generate-command.js')).generateCommand },
];

/** The command an argument list runs (`perfbot help X` asks for X): the first word that is not an option. */
function commandNamed(argv: string[]): string | undefined {
  const words = argv.filter((arg) => !arg.startsWith('-'));
  return words[0] === 'help' ? words[1] : words[0];
}

export { UsageError, type CliIo, type CommandContext } from './command-context.js';

/** Runs the CLI with `argv` (without `node perfbot`); resolves to the exit code. */
export async function runCli(argv: string[], io: CliIo): Promise<number> {
  let database: Db | undefined;
  let env: Env;
  try {
    env = loadEnv(io.env);
  } catch (error) {
    if (error instanceof ConfigError) {
      for (const problem of error.problems) io.stderr(`perfbot: ${problem}\n`);
      return 1;
    }
    throw error;
  }
  const context: CommandContext = {
    io,
    env,
    async db() {
      if (!database) {
        checkDatabaseLocation(env.DATABASE_URL);
        // Opened here, not at the top: the Prisma client costs a few hundred ms that `--help`,
        // `generate` and a rejected option never need.
        const db = await openDatabase(env.DATABASE_URL);
        database = db;
        await ensureMigrations(db, env.DATABASE_URL, () => io.stderr('perfbot: the database is behind: applying migrations first\n'));
      }
      return database;
    },
  };
  const program = new Command('perfbot')
    .description('perfbot: monitoring of a performance plan (Piano della performance / PEG / PDO)')
    .exitOverride()
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr })
    .showHelpAfterError('(add --help for usage)');
  const wanted = commandNamed(argv);
  for (const { name, description, load } of COMMANDS) {
    const command = program.command(name).description(description);
    // The others stay a name and a description: enough for `perfbot --help`, never run.
    if (name === wanted) (await load())(command, context);
  }
  for (const command of program.commands) command.exitOverride().configureOutput({ writeOut: io.stdout, writeErr: io.stderr });

  try {
    await program.parseAsync(argv, { from: 'user' });
    return 0;
  } catch (error) {
    return reportError(error, io, env.DATABASE_URL);
  } finally {
    await database?.$disconnect();
  }
}

/** The first line of a message: whatever a library packed into it, the user gets one line. */
function oneLine(text: string): string {
  return text.split('\n').map((line) => line.trim()).find(Boolean) ?? '';
}

/** Writes an error as one line (one per issue for a plan file) and returns the exit code; never a stack. */
function reportError(error: unknown, io: CliIo, databaseUrl: string): number {
  if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : 2;
  if (error instanceof DoctorFoundProblems) return 1;
  if (error instanceof PlanValidationError) {
    for (const issue of error.issues) io.stderr(`${formatPlanIssue(issue)}\n`);
    io.stderr(`perfbot: nothing was written (${error.issues.length} error(s))\n`);
    return 1;
  }
  if (error instanceof UsageError) {
    io.stderr(`perfbot: ${error.message}\n`);
    return 2;
  }
  // PlanNotFoundError told by its name: importing its class would load the plan repository and
  // Prisma's runtime into every command, `--help` included.
  if (error instanceof DatabaseProblem || (error instanceof Error && error.name === 'PlanNotFoundError')) {
    io.stderr(`perfbot: ${oneLine(error.message)}\n`);
    return 1;
  }
  if (error instanceof MigrationError) {
    const readOnly = describeDatabaseError(new Error(error.output), databaseUrl);
    io.stderr(`perfbot: ${readOnly?.startsWith('the database is read-only') ? readOnly : oneLine(error.message)}\n`);
    return 1;
  }
  const database = describeDatabaseError(error, databaseUrl);
  if (database) {
    io.stderr(`perfbot: ${database}\n`);
    return 1;
  }
  const message = error instanceof Error ? error.message : String(error);
  io.stderr(`perfbot: unexpected error: ${oneLine(message) || (error as Error).name}\n`);
  return 1;
}
