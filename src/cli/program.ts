/**
 * The `perfbot` command line: a thin layer over the services. `runCli` takes its output streams
 * and environment as parameters so tests run it in-process; errors become one clear line each on
 * stderr and a non-zero exit code, never a stack trace.
 */
import { Command, CommanderError } from 'commander';
import { loadEnv, ConfigError, type Env } from '../config/env.js';
import { UsageError, type CliIo, type CommandContext } from './command-context.js';
import type { Db } from '../db/database.js';
import { ensureMigrations, MigrationError } from '../db/migrate.js';
import { DatabaseProblem, checkDatabaseLocation, describeDatabaseError } from './database-problem.js';
import { PlanNotFoundError } from '../db/plan-repository.js';
import { PlanValidationError, formatPlanIssue } from '../plan-file/plan-validation-error.js';
import { importCommand } from './import-command.js';
import { exportCommand } from './export-command.js';
import { reportCommand } from './report-command.js';
import { peopleCommand } from './people-command.js';
import { inviteCommand } from './invite-command.js';
import { configCommand } from './config-command.js';
import { remindersCommand } from './reminders-command.js';
import { digestCommand } from './digest-command.js';
import { templateCommand } from './template-command.js';
import { doctorCommand, DoctorFoundProblems } from './doctor-command.js';
import { personCommand } from './person-command.js';
import { consoleLinkCommand } from './console-link-command.js';
import { generateCommand } from './generate-command.js';

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
        // Loaded here, not at the top: the Prisma clients cost a few hundred ms that `--help`,
        // `generate` and a rejected option never need.
        const { openDb } = await import('../db/database.js');
        database = openDb(env.DATABASE_URL);
        await ensureMigrations(database, env.DATABASE_URL, () => io.stderr('perfbot: the database is behind: applying migrations first\n'));
      }
      return database;
    },
  };
  const program = new Command('perfbot')
    .description('perfbot: monitoring of a performance plan (Piano della performance / PEG / PDO)')
    .exitOverride()
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr })
    .showHelpAfterError('(add --help for usage)');
  importCommand(program, context);
  exportCommand(program, context);
  reportCommand(program, context);
  peopleCommand(program, context);
  inviteCommand(program, context);
  configCommand(program, context);
  remindersCommand(program, context);
  digestCommand(program, context);
  templateCommand(program, context);
  doctorCommand(program, context);
  personCommand(program, context);
  consoleLinkCommand(program, context);
  generateCommand(program, context);
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
  if (error instanceof DatabaseProblem || error instanceof PlanNotFoundError) {
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
