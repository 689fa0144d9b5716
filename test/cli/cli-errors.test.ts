/**
 * Issue 10 items 9 and 10 (CLI): impossible dates and the ordinary ways a command can fail each get
 * one clear line on stderr — no stack, no Prisma dump — and change nothing.
 */
import { execFileSync, spawn } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/program.js';
import { openDb, providerOf, sqlitePath } from '../../src/db/open-db.js';
import { countRows, createTestDatabase, type TestDatabase } from '../support/test-database.js';

const root = path.resolve(import.meta.dirname, '..', '..');
let t: TestDatabase;
let dir: string;

beforeEach(async () => {
  t = await createTestDatabase();
  dir = mkdtempSync(path.join(tmpdir(), 'perfbot-cli-'));
});
afterEach(async () => {
  await t.drop();
  rmSync(dir, { recursive: true, force: true });
});

async function cli(argv: string[], env: Record<string, string> = { DATABASE_URL: t.url }): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(argv, { stdout: (s) => (stdout += s), stderr: (s) => (stderr += s), env });
  return { code, stdout, stderr };
}

/** One line, nothing that looks like a stack frame or a Prisma invocation dump. */
function expectOneLine(stderr: string): void {
  expect(stderr.trimEnd().split('\n'), stderr).toHaveLength(1);
  expect(stderr).not.toMatch(/\n\s+at |invocation|unexpected error/);
}

describe('issue 10 item 9: impossible dates are refused by the CLI', () => {
  it.each(['2022-02-30', '2022-02-29', '2022-04-31', '0000-01-01', '2022-13-01'])('refuses --at/--from/--to %s with one line', async (date) => {
    for (const argv of [
      ['report', '--ente', 'segrate', '--plan', 'pdo-2022', '--at', date],
      ['reminders', '--ente', 'segrate', '--from', date, '--to', '2022-12-31'],
      ['reminders', '--ente', 'segrate', '--from', '2022-01-01', '--to', date],
      ['digest', '--ente', 'segrate', '--at', date],
    ]) {
      const result = await cli(argv);
      expect(result, argv.join(' ')).toMatchObject({ code: 2, stdout: '', stderr: `perfbot: no such day in the calendar: ${date} (dates are YYYY-MM-DD, years 1900–2999)\n` });
    }
  });

  it('accepts 29 February of a leap year', async () => {
    await cli(['import', path.join(root, 'examples', 'segrate-pdo-2022.json')]);
    expect((await cli(['report', '--ente', 'segrate', '--plan', 'pdo-2022', '--at', '2024-02-29'])).code).toBe(0);
  });

  it("refuses `config --set 'chiusura 2022-02-30'` and stores nothing", async () => {
    await cli(['import', path.join(root, 'test', 'fixtures', 'checkin-plan.yaml')]);
    const admin = (await t.db.roleAssignment.findFirstOrThrow({ where: { role: 'admin' }, include: { person: true } })).person.code;
    const ente = (await t.db.ente.findFirstOrThrow()).code;
    const before = await countRows(t.db);
    const result = await cli(['config', '--ente', ente, '--as', admin, '--set', 'chiusura 2022-02-30']);
    expect(result.code).toBe(2);
    expectOneLine(result.stderr);
    expect(result.stderr).toContain('nothing was changed');
    expect(await countRows(t.db)).toEqual(before);
    expect((await cli(['config', '--ente', ente])).stdout).toContain('chiusure -');
  });
});

describe('issue 10 item 10: CLI errors are one line', () => {
  it('exits normally when the reader closes the pipe (`perfbot report | head`)', async () => {
    await cli(['import', path.join(root, 'examples', 'segrate-pdo-2022.json')]);
    const child = spawn(process.execPath, [path.join(root, 'bin', 'perfbot.js'), 'report', '--ente', 'segrate', '--plan', 'pdo-2022', '--at', '2022-07-31', '--format', 'json'], {
      cwd: root,
      env: { ...process.env, DATABASE_URL: t.url },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    // Like `head` that has read enough: the read end is closed before the report is written.
    child.stdout.destroy();
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(stderr).toBe('');
    expect(code).toBe(0);
  }, 120_000);

  it('names a read-only database as such; `invite` on it does not say "person not found"', async () => {
    await cli(['import', path.join(root, 'test', 'fixtures', 'checkin-plan.yaml')]);
    const person = (await t.db.person.findFirstOrThrow()).code;
    const ente = (await t.db.ente.findFirstOrThrow()).code;
    const before = await countRows(t.db);
    const readOnly = await makeReadOnly(t.url);
    const env = { DATABASE_URL: readOnly.url };
    try {
      const invite = await cli(['invite', '--ente', ente, '--person', person], env);
      expect(invite.code).toBe(1);
      expectOneLine(invite.stderr);
      expect(invite.stderr).toMatch(/^perfbot: the database is read-only \(.*\): nothing was written\n$/);
      const imported = await cli(['import', path.join(root, 'examples', 'terre-argine-2020.json')], env);
      expect(imported.code).toBe(1);
      // The plan's weight warnings (or the count of acknowledged ones) come first; the failure itself is one line.
      expect(imported.stderr).toMatch(/^(warning: .*\n)*(\d+ avvisi noti .*\n)?perfbot: the database is read-only \(.*\): nothing was written\n$/);
      // Reading still works.
      expect((await cli(['people', '--ente', ente, '--at', '2022-07-31'], env)).code).toBe(0);
    } finally {
      await readOnly.undo();
    }
    expect(await readOnly.count()).toEqual(before);
  });

  it('names a folder given as the SQLite database path', async () => {
    const folder = path.join(dir, 'perfbot.db');
    mkdirSync(folder);
    const result = await cli(['report', '--ente', 'segrate', '--plan', 'pdo-2022', '--at', '2022-07-31'], { DATABASE_URL: `file:${folder}` });
    expect(result).toEqual({ code: 1, stdout: '', stderr: `perfbot: DATABASE_URL points at a folder, not a SQLite database file: ${folder}\n` });
  });

  it('says the folder does not exist for `digest --png /missing/dir/x.png`, before doing anything', async () => {
    await cli(['import', path.join(root, 'examples', 'segrate-pdo-2022.json')]);
    const missing = path.join(dir, 'missing', 'x.png');
    const result = await cli(['digest', '--ente', 'segrate', '--sector', 'AGSC', '--at', '2022-07-31', '--png', missing]);
    expect(result).toEqual({ code: 2, stdout: '', stderr: `perfbot: --png ${missing}: the folder ${path.dirname(missing)} does not exist\n` });
  });

  it('refuses a YAML alias bomb as a plan-file error, writing nothing', async () => {
    const levels = ['a: &a ["x","x","x","x","x","x","x","x","x"]'];
    for (let i = 1; i < 9; i++) levels.push(`${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(9).fill(`*${String.fromCharCode(96 + i)}`).join(',')}]`);
    const file = path.join(dir, 'bomb.yaml');
    writeFileSync(file, `format: perfbot/plan@1\n${levels.join('\n')}\n`);
    const before = await countRows(t.db);
    const result = await cli(['import', file]);
    expect(result.code).toBe(1);
    const lines = result.stderr.trimEnd().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(new RegExp(`^${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: YAML: .*alias`, 'i'));
    expect(lines[1]).toBe('perfbot: nothing was written (1 error(s))');
    expect(await countRows(t.db)).toEqual(before);
  });
});

/**
 * A read-only view of the test database: a read-only default on PostgreSQL; on SQLite a copy of the
 * file that no connection has opened yet, made immutable. (SQLite reuses a file descriptor that an
 * earlier connection of this process left open read-write, so making the original file read-only
 * was not always seen by the CLI running in this process.)
 */
async function makeReadOnly(url: string): Promise<{ url: string; undo: () => Promise<void>; count: () => ReturnType<typeof countRows> }> {
  if (providerOf(url) === 'postgresql') {
    const name = new URL(url).pathname.slice(1);
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    await client.query(`ALTER DATABASE ${name} SET default_transaction_read_only = on`);
    await client.end();
    const undo = async () => {
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      await client.query('SET default_transaction_read_only = off');
      await client.query(`ALTER DATABASE ${name} SET default_transaction_read_only = off`);
      await client.end();
    };
    return { url, undo, count: () => countRows(t.db) };
  }
  const original = path.resolve(sqlitePath(url));
  await t.db.$disconnect();
  const file = path.join(dir, 'read-only.db');
  copyFileSync(original, file);
  if (existsSync(`${original}-wal`)) copyFileSync(`${original}-wal`, `${file}-wal`);
  // root ignores file modes: the immutable attribute is what makes a file read-only for it.
  if (process.getuid?.() === 0) execFileSync('chattr', ['+i', file]);
  else execFileSync('chmod', ['0444', file]);
  const undo = async () => {
    if (process.getuid?.() === 0) execFileSync('chattr', ['-i', file]);
    else execFileSync('chmod', ['0644', file]);
  };
  const count = async () => {
    const db = openDb(`file:${file}`);
    try {
      return await countRows(db);
    } finally {
      await db.$disconnect();
    }
  };
  return { url: `file:${file}`, undo, count };
}
