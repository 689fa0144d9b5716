/**
 * Applies the committed migrations (`prisma migrate deploy`) to the database of a URL. Run on every
 * start and before tests, so a fresh machine needs no manual database step. The check comes first
 * and is one query (the applied migration names against the shipped folders): the Prisma CLI, seconds
 * of start-up, runs only when the database is behind.
 */
import { execFile } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { promisify } from 'node:util';
import { openDatabase, preparedSqliteUrl, providerOf, sqlitePath, type Db } from './database.js';

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

/**
 * True when every committed migration is recorded as applied in the database behind `db`: one
 * query instead of a CLI run. A database without the migrations table is behind.
 */
export async function migrationsApplied(db: Db, url: string): Promise<boolean> {
  try {
    const rows = await db.$queryRawUnsafe<Array<{ migration_name: string }>>(
      'SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL',
    );
    const applied = new Set(rows.map((row) => row.migration_name));
    return committedMigrations(url).every((name) => applied.has(name));
  } catch {
    return false;
  }
}

async function upToDate(url: string): Promise<boolean> {
  if (providerOf(url) === 'sqlite' && !existsSync(path.resolve(sqlitePath(url)))) return false;
  const db = await openDatabase(url);
  try {
    return await migrationsApplied(db, url);
  } finally {
    await db.$disconnect();
  }
}

/**
 * Brings the database behind an open client up to date: checks with that client (no second
 * connection), and runs `migrate deploy` only when migrations are missing, telling `onDeploy` first
 * (a read-only command says so rather than changing the schema silently).
 */
export async function ensureMigrations(db: Db, url: string, onDeploy?: () => void): Promise<void> {
  if (await migrationsApplied(db, url)) return;
  onDeploy?.();
  await deployMigrations(url);
}

/** Applies the committed migrations to the URL's database when it is behind (its own short-lived connection for the check). */
export async function applyMigrations(url: string): Promise<void> {
  if (await upToDate(url)) return;
  await deployMigrations(url);
}

async function deployMigrations(url: string): Promise<void> {
  // The CLI runs in the project root; relative SQLite paths are made absolute so they mean the same file.
  const databaseUrl = providerOf(url) === 'sqlite' ? preparedSqliteUrl(url) : url;
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
