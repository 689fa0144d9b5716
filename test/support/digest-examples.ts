/**
 * The two example plans with a few reported values, as the digest and ente-summary golden tests
 * read them: Segrate at 31/07/2022 (AGSC-1 and STAFF-1) and Terre d'Argine at 31/12/2020 (RU-2).
 */
import path from 'node:path';
import { readPlanFile } from '../../src/plan-file/read.js';
import { importPlan } from '../../src/db/plan-import.js';
import type { Db } from '../../src/db/database.js';
import { afterAll, beforeAll } from 'vitest';
import { createTestDatabase, type TestDatabase } from './test-database.js';

const root = path.resolve(import.meta.dirname, '..', '..');

export async function importDigestExamples(db: Db): Promise<void> {
  const segrate = (await readPlanFile(path.join(root, 'examples', 'segrate-pdo-2022.json'))).plan;
  segrate.measurements = [
    { indicator: 'AGSC-1/a', at: '2022-07-31', value: '8', by: 'bossi-c' },
    { indicator: 'AGSC-1/b', at: '2022-07-31', value: 'non rilevabile: servizio non ancora avviato', by: 'bossi-c' },
    { indicator: 'AGSC-1/c', at: '2022-07-31', value: '12%', by: 'bossi-c' },
    { indicator: 'STAFF-1/a', at: '2022-07-31', value: '3', by: 'caretti-a' },
  ];
  segrate.phaseProgress = [
    { phase: 'AGSC-1/1', at: '2022-07-31', pct: 100, by: 'bossi-c' },
    { phase: 'AGSC-1/2', at: '2022-07-31', pct: 50, by: 'bossi-c' },
  ];
  const terreArgine = (await readPlanFile(path.join(root, 'examples', 'terre-argine-2020.json'))).plan;
  terreArgine.measurements = [
    { indicator: 'RU-2/a', at: '2020-12-31', value: '96%' },
    { indicator: 'RU-2/b', at: '2020-12-31', value: '90%' },
    { indicator: 'RU-2/c', at: '2020-12-31', value: '15/05/2020' },
  ];
  terreArgine.phaseProgress = [{ phase: 'RU-2/1', at: '2020-12-31', pct: 100 }];
  await importPlan(db, segrate, { actor: 'test', reason: 'test' });
  await importPlan(db, terreArgine, { actor: 'test', reason: 'test' });
}

/**
 * A database with the digest examples (and whatever `more` imports) for a test file's tests: made
 * before them, dropped after. Call at the file's top level; the getter gives the database.
 */
export function digestExamplesDatabase(more?: (db: Db) => Promise<void>): () => TestDatabase {
  let t: TestDatabase | undefined;
  beforeAll(async () => {
    t = await createTestDatabase();
    await importDigestExamples(t.db);
    await more?.(t.db);
  }, 300_000);
  afterAll(async () => {
    await t?.drop();
  });
  return () => t!;
}
