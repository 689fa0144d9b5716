import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { afterEach, beforeEach, describe, expect, inject, it } from 'vitest';
import { runCli } from '../../src/cli/program.js';
import { planFileSchema } from '../../src/plan-file/schema.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';

let t: TestDatabase;
beforeEach(async () => {
  t = await createTestDatabase();
});
afterEach(async () => {
  await t.drop();
});

async function cli(url: string, ...argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(argv, { stdout: (s) => (stdout += s), stderr: (s) => (stderr += s), env: { DATABASE_URL: url } });
  return { code, stdout, stderr };
}

describe('perfbot generate', () => {
  it('writes the same valid plan for the same options, another for another seed', async () => {
    const first = await cli(t.url, 'generate', '--objectives', '40', '--seed', '7');
    const again = await cli(t.url, 'generate', '--objectives', '40', '--seed', '7');
    const other = await cli(t.url, 'generate', '--objectives', '40', '--seed', '8');
    expect(first.code).toBe(0);
    expect(again.stdout).toBe(first.stdout);
    expect(other.stdout).not.toBe(first.stdout);
    const plan = planFileSchema.parse(JSON.parse(first.stdout));
    expect(plan.objectives).toHaveLength(40);
    expect(plan.objectives.flatMap((o) => o.phases)).toHaveLength(240);
    expect(plan.measurements).toEqual([]);
  });

  it('records progress on every phase and values on about half the indicators with --answered, and the plan imports and reports', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'perfbot-generate-'));
    try {
      const file = path.join(dir, 'plan.json');
      expect((await cli(t.url, 'generate', '--objectives', '60', '--answered', '--out', file)).code).toBe(0);
      const imported = await cli(t.url, 'import', file);
      expect(imported).toMatchObject({ code: 0, stderr: '' });
      expect(await t.db.phaseProgress.count()).toBe(360);
      const measured = await t.db.measurement.count();
      expect(measured).toBeGreaterThan(60);
      expect(measured).toBeLessThan(180);
      const report = await cli(t.url, 'report', '--ente', 'bench', '--plan', 'pp-2022', '--at', '2022-07-31', '--format', 'json');
      expect(report.code).toBe(0);
      const objectives = (JSON.parse(report.stdout) as { objectives: Array<{ phases: Array<{ lastReportAt: string | null }> }> }).objectives;
      expect(objectives.every((o) => o.phases.every((p) => p.lastReportAt === '2022-07-31'))).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses a size that is not a positive whole number and writes nothing', async () => {
    const { code, stdout, stderr } = await cli(t.url, 'generate', '--objectives', 'many');
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toContain('--objectives must be a whole number');
  });
});

/** A database with no tables at all, on the provider the suite runs on. */
async function emptyDatabase(): Promise<{ url: string; drop: () => Promise<void> }> {
  const template = inject('templateDatabase');
  if (template.provider === 'sqlite') {
    const dir = mkdtempSync(path.join(tmpdir(), 'perfbot-empty-'));
    return { url: `file:${path.join(dir, 'empty.db')}`, drop: async () => rmSync(dir, { recursive: true, force: true }) };
  }
  const name = `e_${randomUUID().replace(/-/g, '').slice(0, 16)}`;
  const admin = new pg.Client({ connectionString: template.serverUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(template.serverUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const cleanup = new pg.Client({ connectionString: template.serverUrl });
      await cleanup.connect();
      await cleanup.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await cleanup.end();
    },
  };
}

describe('migrations from the CLI', () => {
  it('applies them once, saying so, on a database that is behind; a command on an up-to-date database runs no migration', async () => {
    const empty = await emptyDatabase();
    try {
      const first = await cli(empty.url, 'import', path.resolve(import.meta.dirname, '..', 'fixtures', 'small-plan.yaml'));
      expect(first.code).toBe(0);
      expect(first.stderr).toContain('applying migrations');
      const ente = /^imported ([^/]+)\//.exec(first.stdout)![1]!;
      const second = await cli(empty.url, 'people', '--ente', ente, '--at', '2022-06-01');
      expect(second.code).toBe(0);
      expect(second.stderr).toBe('');
    } finally {
      await empty.drop();
    }
    // `migrate deploy` runs the Prisma CLI: tens of seconds on PostgreSQL on a busy machine.
  }, 300_000);
});
