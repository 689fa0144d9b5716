/**
 * Database failures a person running `perfbot` can fix, named as such (issue 10 item 10): a
 * read-only database, a folder where the SQLite file should be. Anything else from the driver is
 * reduced to its last meaningful line, never a Prisma dump or a stack.
 */
import { statSync } from 'node:fs';
import path from 'node:path';
import { providerOf, sqlitePath } from '../db/database.js';

/** Thrown when the database cannot be used as configured; its message is the one line to show. */
export class DatabaseProblem extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DatabaseProblem';
  }
}

/** The URL without its password, safe to print. */
export function displayUrl(url: string): string {
  if (providerOf(url) === 'sqlite') return path.resolve(sqlitePath(url));
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return 'DATABASE_URL';
  }
}

/** Refuses a SQLite path that is a folder (or under a file) before the driver fails with "External error id#0". */
export function checkDatabaseLocation(url: string): void {
  if (providerOf(url) !== 'sqlite') return;
  const file = path.resolve(sqlitePath(url));
  const stat = statSync(file, { throwIfNoEntry: false });
  if (stat?.isDirectory()) throw new DatabaseProblem(`DATABASE_URL points at a folder, not a SQLite database file: ${file}`);
  for (let dir = path.dirname(file); dir !== path.dirname(dir); dir = path.dirname(dir)) {
    const parent = statSync(dir, { throwIfNoEntry: false });
    if (parent && !parent.isDirectory()) throw new DatabaseProblem(`DATABASE_URL: ${dir} is a file, so ${file} cannot be created`);
    if (parent) break;
  }
}

const READ_ONLY = /readonly database|read-only (transaction|file system)|SQLITE_READONLY|EROFS/i;

/** What to say about an error thrown while using the database at `url`; null when it is not a database error. */
export function describeDatabaseError(error: unknown, url: string): string | null {
  if (!(error instanceof Error)) return null;
  const text = `${error.message}\n${JSON.stringify((error as { meta?: unknown }).meta ?? '')}`;
  if (READ_ONLY.test(text)) return `the database is read-only (${displayUrl(url)}): nothing was written`;
  if (!/^PrismaClient|^DriverAdapterError/.test(error.name) && !/prisma/i.test(error.message)) return null;
  const lines = error.message.split('\n').map((line) => line.trim()).filter((line) => line && !/^\d+\s|^→|invocation:?$/.test(line));
  return `database error: ${lines.at(-1) ?? error.name}`;
}
