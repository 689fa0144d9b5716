/**
 * Benchmark (not a test): importing a generated 1,000-objective plan into a fresh SQLite database,
 * then importing it again (the idempotent no-op path). Goal: < 10 s for the first import.
 * Run: npm run bench [-- --objectives 1000] (DATABASE_URL=postgresql://… to measure PostgreSQL).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { openDb } from '../src/db/open-db.js';
import { applyMigrations } from '../src/db/migrate.js';
import { importPlan } from '../src/db/plan-import.js';
import { generatePlan } from './generated-plan.js';

const size = Number(process.argv[process.argv.indexOf('--objectives') + 1] || 1000) || 1000;
const dir = mkdtempSync(path.join(tmpdir(), 'perfbot-bench-'));
const url = process.env.DATABASE_URL?.startsWith('postgres') ? process.env.DATABASE_URL : `file:${path.join(dir, 'bench.db')}`;

try {
  await applyMigrations(url);
  const db = openDb(url);
  const plan = generatePlan(size);
  const rows = plan.objectives.length * (1 + 6 + 4);
  let started = performance.now();
  const first = await importPlan(db, plan, { actor: 'bench', reason: 'bench' });
  const firstMs = performance.now() - started;
  started = performance.now();
  const second = await importPlan(db, plan, { actor: 'bench', reason: 'bench' });
  const secondMs = performance.now() - started;
  await db.$disconnect();
  console.log(`database: ${url.startsWith('file:') ? 'SQLite' : 'PostgreSQL'}`);
  console.log(`plan: ${size} objectives, ~${rows} objective/phase/indicator rows`);
  console.log(`first import:  ${(firstMs / 1000).toFixed(2)} s (${first.created} created) — goal < 10 s: ${firstMs < 10_000 ? 'met' : 'MISSED'}`);
  console.log(`second import: ${(secondMs / 1000).toFixed(2)} s (${second.created} created, ${second.updated} updated)`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
