/**
 * `perfbot` run in-process (runCli, nothing spawned) on a test database: the exit code and what it
 * printed. `cliOnFreshDatabase()` is the prelude the CLI test files share — a fresh database for
 * each test, dropped after it — so each test starts from an empty, migrated database.
 */
import { runCli } from '../../src/cli/program.js';
import { freshDatabaseEachTest, type TestDatabase } from './test-database.js';

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

/** A fresh test database for every test of the enclosing file or describe block (see freshDatabaseEachTest), and `perfbot` on it. */
export function cliOnFreshDatabase(): { t: TestDatabase; cli: (...argv: string[]) => Promise<CliResult> } {
  const t = freshDatabaseEachTest();
  return { t, cli: (...argv) => cliOn(t.url)(...argv) };
}
