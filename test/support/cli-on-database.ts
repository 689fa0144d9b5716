/**
 * `perfbot` run in-process (runCli, nothing spawned) on a test database: the exit code and what it
 * printed. `cliOnFreshDatabase()` is the prelude the CLI test files share — a fresh database for
 * each test, dropped after it — so each test starts from an empty, migrated database.
 */
import { afterEach, beforeEach } from 'vitest';
import { runCli } from '../../src/cli/program.js';
import type { Db } from '../../src/db/database.js';
import { createTestDatabase, type TestDatabase } from './test-database.js';

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** `perfbot` in-process on the database at `url`. */
export function cliOn(url: string): (...argv: string[]) => Promise<CliResult> {
  return async (...argv) => {
    let stdout = '';
    let stderr = '';
    const code = await runCli(argv, { stdout: (s) => (stdout += s), stderr: (s) => (stderr += s), env: { DATABASE_URL: url } });
    return { code, stdout, stderr };
  };
}

/**
 * Registers a fresh test database for every test of the enclosing file or describe block (made in
 * beforeEach, dropped in afterEach). `t` always stands for the current test's database, so a file
 * reads `t.db` and `t.url` as it would its own; `cli` runs `perfbot` on it.
 */
export function cliOnFreshDatabase(): { t: TestDatabase; cli: (...argv: string[]) => Promise<CliResult> } {
  let current: TestDatabase | undefined;
  beforeEach(async () => {
    current = await createTestDatabase();
  });
  afterEach(async () => {
    await current?.drop();
    current = undefined;
  });
  const now = (): TestDatabase => {
    if (!current) throw new Error('the test database exists only while a test runs');
    return current;
  };
  const t: TestDatabase = {
    get url(): string {
      return now().url;
    },
    get db(): Db {
      return now().db;
    },
    open: () => now().open(),
    drop: () => now().drop(),
  };
  return { t, cli: (...argv) => cliOn(now().url)(...argv) };
}
