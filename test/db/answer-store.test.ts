/**
 * The answer store's boundary (issue 10 item 3, second line behind the parsers): NaN and ±∞ are
 * refused before anything is written, -0 is stored as 0, a measured indicator needs a value. On
 * SQLite and PostgreSQL.
 */
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readPlanFile } from '../../src/plan-file/read.js';
import { importPlan } from '../../src/db/plan-import.js';
import { saveAnswers, InvalidAnswerError, type ConfirmedAnswer } from '../../src/db/answer-store.js';
import { countRows, createTestDatabase, type TestDatabase } from '../support/test-database.js';

const plan = path.resolve(import.meta.dirname, '..', 'fixtures', 'checkin-plan.yaml');
let t: TestDatabase;
beforeEach(async () => {
  t = await createTestDatabase();
  await importPlan(t.db, (await readPlanFile(plan)).plan, { actor: 'test', reason: 'test' });
});
afterEach(async () => {
  await t.drop();
});

const save = (answers: ConfirmedAnswer[]) => saveAnswers(t.db, { ente: 'borgo-chat', plan: 'pp-2022', by: 'verdi-a', channel: 'test', answers, on: '2022-08-02' });
const phase = (pct: number): ConfirmedAnswer => ({ kind: 'phase', objective: 'RU-1', code: '1', asOf: '2022-07-31', pct });
const indicator = (value: number | null, raw = String(value)): ConfirmedAnswer => ({ kind: 'indicator', objective: 'RU-1', code: 'b', asOf: '2022-07-31', raw, value: value === null ? null : { kind: 'number', value }, status: 'measured' });

describe('answer store boundary', () => {
  it.each([
    ['NaN for a phase', [phase(Number.NaN)]],
    ['∞ for a phase', [phase(Number.POSITIVE_INFINITY)]],
    ['NaN for an indicator', [indicator(Number.NaN, '1,234.5')]],
    ['-∞ for an indicator', [indicator(Number.NEGATIVE_INFINITY, '-1e400')]],
    ['a measured indicator without a value', [indicator(null, '99,9.5')]],
    ['a valid answer followed by NaN', [phase(40), indicator(Number.NaN)]],
  ])('item 3: refuses %s and writes nothing', async (_name, answers) => {
    const before = await countRows(t.db);
    await expect(save(answers)).rejects.toBeInstanceOf(InvalidAnswerError);
    expect(await countRows(t.db)).toEqual(before);
  });

  it('item 3: stores -0 as 0', async () => {
    await save([phase(-0), indicator(-0, '-0')]);
    const progress = await t.db.phaseProgress.findFirstOrThrow();
    const measurement = await t.db.measurement.findFirstOrThrow();
    expect(Object.is(Number(progress.pct), 0)).toBe(true);
    expect((measurement.parsed as { value: number }).value).toBe(0);
    expect(JSON.stringify(measurement.parsed)).not.toContain('-0');
  });
});
