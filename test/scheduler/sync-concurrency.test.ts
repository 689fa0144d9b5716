/**
 * Two bot processes planning the same reminders at the same moment (both started together, or both
 * at the nightly run): each ends without error and every row exists once. On PostgreSQL the second
 * insert can hit the unique key, and the planning is run again; on SQLite the writers are serialised.
 */
import path from 'node:path';
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readPlanFile } from '../../src/plan-file/read.js';
import { importPlan } from '../../src/db/plan-import.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';

const plan = path.resolve(import.meta.dirname, '..', 'fixtures', 'assessment-plan.yaml');
const worker = path.resolve(import.meta.dirname, '..', 'support', 'plan-worker.ts');
const tsx = createRequire(import.meta.url).resolve('tsx/cli');
let t: TestDatabase;

beforeEach(async () => {
  t = await createTestDatabase();
  await importPlan(t.db, (await readPlanFile(plan)).plan, { actor: 'test', reason: 'test' });
});
afterEach(async () => {
  await t.drop();
});

function planInChild(startAt: number): Promise<{ code: number | null; output: string }> {
  const child = spawn(process.execPath, [tsx, worker], { env: { ...process.env, DATABASE_URL: t.url, ENTE: 'borgo-fine', CLOCK: '2022-07-25T05:00:00Z', START_AT: String(startAt) }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (chunk) => (output += chunk));
  child.stderr.on('data', (chunk) => (output += chunk));
  return new Promise((resolve) => child.on('exit', (code) => resolve({ code, output })));
}

describe('planning by two processes at once', () => {
  it('creates every row once and fails neither', async () => {
    const startAt = Date.now() + 4_000;
    const [a, b] = await Promise.all([planInChild(startAt), planInChild(startAt)]);
    expect(a, a.output).toMatchObject({ code: 0 });
    expect(b, b.output).toMatchObject({ code: 0 });
    const results = [a, b].map((r) => JSON.parse(r.output.trim().split('\n').at(-1)!) as { created: number });
    const rows = await t.db.reminder.findMany({ select: { key: true } });
    expect(rows.length).toBeGreaterThan(5);
    expect(new Set(rows.map((r) => r.key)).size).toBe(rows.length);
    // Between them the two created each row once; what one created the other found.
    expect(results[0]!.created + results[1]!.created).toBe(rows.length);
  }, 60_000);
});
