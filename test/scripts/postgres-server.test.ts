/**
 * scripts/postgres-server.sh fails loudly: when the server cannot be started it says why on stderr,
 * exits non-zero, and prints `unset DATABASE_URL; false` so that `eval "$(… start DIR)"` fails too and
 * a `set -e` script (like .ci/run) stops instead of running the tests on SQLite without saying so.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const script = path.resolve(import.meta.dirname, '..', '..', 'scripts', 'postgres-server.sh');
const dir = mkdtempSync(path.join(tmpdir(), 'perfbot-pgscript-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Runs a bash command line; resolves to its exit code and output instead of throwing. */
function bash(command: string, env: Record<string, string> = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile('bash', ['-c', command], { env: { ...process.env, ...env } }, (error, stdout, stderr) =>
      resolve({ code: error ? Number((error as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}

describe('scripts/postgres-server.sh', () => {
  // A data folder below a regular file can never be created, whoever runs the script.
  const blocker = path.join(dir, 'not-a-folder');
  writeFileSync(blocker, '');
  const unusable = path.join(blocker, 'pg');

  it('exits non-zero with the reason when the data folder cannot be made, and prints nothing that sets DATABASE_URL', async () => {
    const result = await bash(`'${script}' start '${unusable}'`);
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain(`postgres-server.sh: cannot create ${unusable}/socket`);
    expect(result.stdout.trim()).toBe('unset DATABASE_URL; false');
  });

  it('makes `eval "$(… start DIR)"` fail, so a set -e script stops there', async () => {
    const result = await bash(`set -e; eval "$('${script}' start '${unusable}')"; echo "went on with DATABASE_URL=\${DATABASE_URL:-}"`, {
      DATABASE_URL: 'file:./data/stale.db',
    });
    expect(result.code).not.toBe(0);
    expect(result.stdout).not.toContain('went on');
  });
});
