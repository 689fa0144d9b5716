/**
 * What /readyz checks: the database answers, every committed migration is applied, and every
 * configured chat channel has started. Each check resolves to null (fine) or the reason it fails;
 * a database that does not answer within a few seconds counts as unreachable.
 */
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { providerOf, sqlitePath, type Db } from '../db/database.js';

export type Check = () => Promise<string | null>;

const projectRoot = path.resolve(import.meta.dirname, '..', '..');

/** The migration folders committed for the URL's database. */
export function committedMigrations(url: string): string[] {
  const dir = path.join(projectRoot, 'prisma', providerOf(url), 'migrations');
  return readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
}

function withTimeout<T>(work: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`${what}: no answer in ${ms / 1000} s`)), ms)));
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

/** The committed migrations not applied to the database (throws when the database cannot be read). */
export async function pendingMigrations(db: Db, url: string, timeoutMs = 3000): Promise<string[]> {
  const rows = await withTimeout(
    db.$queryRawUnsafe<Array<{ migration_name: string }>>('SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL'),
    timeoutMs,
    'database',
  );
  const applied = new Set(rows.map((row) => row.migration_name));
  return committedMigrations(url).filter((name) => !applied.has(name));
}

/** The database answers and has every migration; a SQLite file must still be where it was opened. */
export function databaseCheck(db: Db, url: string): Check {
  return async () => {
    if (providerOf(url) === 'sqlite' && !existsSync(path.resolve(sqlitePath(url)))) return `database file ${sqlitePath(url)} is missing`;
    try {
      const pending = await pendingMigrations(db, url);
      return pending.length > 0 ? `migrations not applied: ${pending.join(', ')}` : null;
    } catch (error) {
      return `database unreachable: ${firstLine((error as Error).message)}`;
    }
  };
}

function firstLine(text: string): string {
  return text.split('\n').map((l) => l.trim()).find((l) => l.length > 0) ?? 'unknown error';
}

/**
 * Tracks which configured channels are running; not ready until each has started, once one has
 * failed after starting (Telegram long polling that gave up), or once stopping.
 */
export class ChannelStates {
  private readonly states = new Map<string, 'starting' | 'started' | 'stopped'>();
  /** channels that stopped receiving on their own, with the reason */
  private readonly failures = new Map<string, string>();
  private stopping = false;

  expect(name: string): void {
    this.states.set(name, 'starting');
  }

  started(name: string): void {
    this.states.set(name, 'started');
  }

  stopped(name: string): void {
    this.states.set(name, 'stopped');
  }

  /** A started channel no longer receives anything (its reason goes into /readyz's answer). */
  failed(name: string, reason: string): void {
    this.failures.set(name, reason);
  }

  /** The process is shutting down: not ready for new work. */
  shuttingDown(): void {
    this.stopping = true;
  }

  check(): Check {
    return async () => {
      if (this.stopping) return 'shutting down';
      const waiting = [...this.states].filter(([, state]) => state !== 'started').map(([name, state]) => `${name} ${state === 'starting' ? 'not started yet' : 'stopped'}`);
      const failed = [...this.failures].map(([name, reason]) => `${name} stopped receiving: ${reason}`);
      const problems = [...waiting, ...failed];
      return problems.length > 0 ? problems.join(', ') : null;
    };
  }
}
