/**
 * What every `perfbot` command receives and may throw: its output streams, the configuration, a
 * lazily opened database, and the usage error shown as one line. Kept apart from program.ts so the
 * commands do not import the program that imports them.
 */
import { statSync } from 'node:fs';
import path from 'node:path';
import { Option } from 'commander';
import type { Env } from '../config/env.js';
import type { Db } from '../db/database.js';
import { DATE_YEARS, isCalendarDate } from '../domain/calendar-date.js';

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

/** Thrown by `perfbot doctor` to end with exit code 1 after its findings were printed (here so program.ts need not load the doctor). */
export class DoctorFoundProblems extends Error {
  constructor(readonly count: number) {
    super(`${count} blocking problem(s)`);
    this.name = 'DoctorFoundProblems';
  }
}

/** What every command gets: its output and a lazily opened, migrated database. */
export interface CommandContext {
  io: CliIo;
  env: Env;
  db(): Promise<Db>;
}

/** Validates a `--at` / `--from` / `--to` option: a real calendar date (issue 10 item 9: 2022-02-30 is refused). */
export function parseDateOption(value: string): string {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) throw new UsageError(`not a date YYYY-MM-DD: ${value}`);
  if (!isCalendarDate(value)) throw new UsageError(`no such day in the calendar: ${value} (dates are YYYY-MM-DD, years ${DATE_YEARS.min}–${DATE_YEARS.max})`);
  return value;
}

/** The `--format` option of commands that print text or JSON. */
export function formatOption(choices: string[], fallback: string): Option {
  return new Option('--format <format>', `output format`).choices(choices).default(fallback);
}

/** Refuses an output file whose folder does not exist, before any work: "ENOENT" after rendering says nothing. */
export function checkOutputFolder(file: string, option: string): void {
  const dir = path.dirname(path.resolve(file));
  const stat = statSync(dir, { throwIfNoEntry: false });
  if (!stat) throw new UsageError(`${option} ${file}: the folder ${dir} does not exist`);
  if (!stat.isDirectory()) throw new UsageError(`${option} ${file}: ${dir} is not a folder`);
}
