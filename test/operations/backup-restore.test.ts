/**
 * Backup and restore as docs/operations.md describes them: a database holding a plan and reported
 * values is backed up, restored into a fresh database, and `perfbot report --format json` gives the
 * same report from both. PostgreSQL: pg_dump --format=custom, then pg_restore into a new database
 * (the binaries of the server's version, /usr/lib/postgresql/15/bin). SQLite: `VACUUM INTO` a copy
 * while the database is open, then that file is the database.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/program.js';
import { providerOf } from '../../src/db/database.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';

const run = promisify(execFile);
const root = path.resolve(import.meta.dirname, '..', '..');
const PG_BIN = '/usr/lib/postgresql/15/bin';

let t: TestDatabase;
let dir: string;

beforeEach(async () => {
  t = await createTestDatabase();
  dir = mkdtempSync(path.join(tmpdir(), 'perfbot-backup-'));
});
afterEach(async () => {
  await t.drop();
  rmSync(dir, { recursive: true, force: true });
});

async function cli(url: string, ...argv: string[]): Promise<string> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(argv, { stdout: (s) => (stdout += s), stderr: (s) => (stderr += s), env: { DATABASE_URL: url } });
  expect(stderr).toBe('');
  expect(code).toBe(0);
  return stdout;
}

const report = (url: string) => cli(url, 'report', '--ente', 'segrate', '--plan', 'pdo-2022', '--at', '2022-12-31', '--format', 'json');

/** Backs the database up and restores it into a fresh one the way the operations guide says; resolves to its URL. */
async function backupAndRestore(url: string): Promise<{ url: string; drop: () => Promise<void> }> {
  if (providerOf(url) === 'sqlite') {
    const backup = path.join(dir, 'perfbot-backup.db');
    await t.db.$executeRawUnsafe(`VACUUM INTO '${backup}'`);
    return { url: `file:${backup}`, drop: async () => undefined };
  }
  const pgDump = existsSync(path.join(PG_BIN, 'pg_dump')) ? path.join(PG_BIN, 'pg_dump') : 'pg_dump';
  const pgRestore = existsSync(path.join(PG_BIN, 'pg_restore')) ? path.join(PG_BIN, 'pg_restore') : 'pg_restore';
  const dump = path.join(dir, 'perfbot.dump');
  await run(pgDump, ['--format=custom', '--no-owner', `--file=${dump}`, url]);
  const name = `restored_${path.basename(dir).replace(/[^a-z0-9]/gi, '').toLowerCase()}`;
  const server = new URL(url);
  server.pathname = '/postgres';
  const admin = new pg.Client({ connectionString: server.toString() });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const restored = new URL(url);
  restored.pathname = `/${name}`;
  await run(pgRestore, ['--no-owner', '--exit-on-error', `--dbname=${restored.toString()}`, dump]);
  return {
    url: restored.toString(),
    drop: async () => {
      const cleanup = new pg.Client({ connectionString: server.toString() });
      await cleanup.connect();
      await cleanup.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await cleanup.end();
    },
  };
}

describe('backup and restore', () => {
  it('restores a backup into a fresh database that gives the same report', async () => {
    await cli(t.url, 'import', path.join(root, 'examples', 'segrate-pdo-2022.json'));
    const indicator = await t.db.indicator.findFirstOrThrow({ orderBy: { id: 'asc' } });
    await t.db.measurement.create({ data: { indicatorId: indicator.id, asOf: '2022-12-31', raw: '12', parsed: 12, status: 'measured', byCode: null, channel: 'cli' } });
    const original = await report(t.url);
    expect(JSON.parse(original)).toMatchObject({ ente: 'segrate', plan: 'pdo-2022' });

    const restored = await backupAndRestore(t.url);
    try {
      expect(await report(restored.url)).toBe(original);
    } finally {
      await restored.drop();
    }
  }, 120_000);
});
