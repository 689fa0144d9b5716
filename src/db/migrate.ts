/**
 * Applies the committed migrations (`prisma migrate deploy`) to the database of a URL. Run on every
 * start and before tests, so a fresh machine needs no manual database step.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { promisify } from 'node:util';
import { openDb, providerOf, sqlitePath } from './database.js';

const run = promisify(execFile);
const projectRoot = path.resolve(import.meta.dirname, '..', '..');

/** Thrown when the migrations cannot be applied; carries the CLI's own explanation. */
export class MigrationError extends Error {
  constructor(readonly output: string) {
    super(`database migration failed: ${output.trim().split('\n').slice(-3).join(' ')}`);
    this.name = 'MigrationError';
  }
}

/** Migration folders committed for the URL's database. */
function committedMigrations(url: string): string[] {
  const dir = path.join(projectRoot, 'prisma', providerOf(url), 'migrations');
  return readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name);
}

/** True when every committed migration is recorded as applied (a cheap query instead of a CLI run). */
async function upToDate(url: string): Promise<boolean> {
  if (providerOf(url) === 'sqlite' && !existsSync(path.resolve(sqlitePath(url)))) return false;
  const db = openDb(url);
  try {
    const rows = await db.$queryRawUnsafe<Array<{ migration_name: string }>>(
      'SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL',
    );
    const applied = new Set(rows.map((row) => row.migration_name));
    return committedMigrations(url).every((name) => applied.has(name));
  } catch {
    return false;
  } finally {
    await db.$disconnect();
  }
}

export async function applyMigrations(url: string): Promise<void> {
  if (await upToDate(url)) return;
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
