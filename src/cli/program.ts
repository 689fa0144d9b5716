/**
 * The `perfbot` command line: a thin layer over the services. `runCli` takes its output streams
 * and environment as parameters so tests run it in-process; errors become one clear line each on
 * stderr and a non-zero exit code, never a stack trace.
 */
import { Command, CommanderError, Option } from 'commander';
import { loadEnv, ConfigError, type Env } from '../config/env.js';
import type { Db } from '../db/database.js';
import { ensureMigrations, MigrationError } from '../db/migrate.js';
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
import { generateCommand } from './generate-command.js';

export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  env: Record<string, string | undefined>;
}

/** Thrown for a wrong use of a command (bad option value): shown as one line, exit code 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** What every command gets: its output and a lazily opened, migrated database. */
export interface CommandContext {
  io: CliIo;
  env: Env;
  db(): Promise<Db>;
}

const isoDate = /^\d{4}-\d{2}-\d{2}$/;

/** Validates a `--at` style option. */
export function parseDateOption(value: string): string {
  if (!isoDate.test(value) || Number.isNaN(Date.parse(`${value}T00:00:00Z`))) throw new UsageError(`not a date YYYY-MM-DD: ${value}`);
  return value;
}

export function formatOption(choices: string[], fallback: string): Option {
  return new Option('--format <format>', `output format`).choices(choices).default(fallback);
}

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
  generateCommand(program, context);
  for (const command of program.commands) command.exitOverride().configureOutput({ writeOut: io.stdout, writeErr: io.stderr });

  try {
    await program.parseAsync(argv, { from: 'user' });
    return 0;
  } catch (error) {
    return reportError(error, io);
  } finally {
    await database?.$disconnect();
  }
}

function reportError(error: unknown, io: CliIo): number {
  if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : 2;
  if (error instanceof PlanValidationError) {
    for (const issue of error.issues) io.stderr(`${formatPlanIssue(issue)}\n`);
    io.stderr(`perfbot: nothing was written (${error.issues.length} error(s))\n`);
    return 1;
  }
  if (error instanceof UsageError) {
    io.stderr(`perfbot: ${error.message}\n`);
    return 2;
  }
  if (error instanceof PlanNotFoundError || error instanceof MigrationError) {
    io.stderr(`perfbot: ${error.message}\n`);
    return 1;
  }
  io.stderr(`perfbot: unexpected error: ${(error as Error).message ?? String(error)}\n`);
  return 1;
}
