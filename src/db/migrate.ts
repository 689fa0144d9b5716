/**
 * Applies the committed migrations (`prisma migrate deploy`) to the database of a URL. Run on every
 * start and before tests, so a fresh machine needs no manual database step.
 */
import { execFile } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { promisify } from 'node:util';
import { providerOf, sqlitePath } from './database.js';

const run = promisify(execFile);
const projectRoot = path.resolve(import.meta.dirname, '..', '..');

/** Thrown when the migrations cannot be applied; carries the CLI's own explanation. */
export class MigrationError extends Error {
  constructor(readonly output: string) {
    super(`database migration failed: ${output.trim().split('\n').slice(-3).join(' ')}`);
    this.name = 'MigrationError';
  }
}

export async function applyMigrations(url: string): Promise<void> {
  let databaseUrl = url;
  if (providerOf(url) === 'sqlite') {
    // The CLI runs in the project root; make relative SQLite paths absolute so they mean the same file.
    const file = path.resolve(sqlitePath(url));
    mkdirSync(path.dirname(file), { recursive: true });
    databaseUrl = `file:${file}`;
  }
  const cli = createRequire(import.meta.url).resolve('prisma/build/index.js');
  try {
    await run(process.execPath, [cli, 'migrate', 'deploy'], {
      cwd: projectRoot,
      env: { ...process.env, DATABASE_URL: databaseUrl, PRISMA_HIDE_UPDATE_MESSAGE: '1' },
    });
  } catch (error) {
    const failure = error as { stdout?: string; stderr?: string; message: string };
    throw new MigrationError(`${failure.stdout ?? ''}\n${failure.stderr ?? failure.message}`);
  }
}
