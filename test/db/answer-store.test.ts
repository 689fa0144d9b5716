/**
 * The answer store's boundary (issue 10 item 3, second line behind the parsers): NaN and ±∞ are
 * refused before anything is written, -0 is stored as 0, a measured indicator needs a value. And the
 * Conferma path that trusts the turn's cached snapshot only at the database's current version. On
 * SQLite and PostgreSQL.
 */
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readPlanFile } from '../../src/plan-file/read.js';
import { importPlan } from '../../src/db/plan-import.js';
import { closeCheckpoint, saveAnswers, saveAnswersInTx, CheckpointClosedError, InvalidAnswerError, type ConfirmedAnswer } from '../../src/db/answer-store.js';
import { loadPlanSnapshot } from '../../src/db/plan-repository.js';
import { planDataVersion } from '../../src/db/plan-snapshot-cache.js';
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

  it('does not trust a snapshot older than the database: a checkpoint closed since refuses the answers', async () => {
    const version = await planDataVersion(t.db);
    const snapshot = await loadPlanSnapshot(t.db, 'borgo-chat', 'pp-2022', version);
    await closeCheckpoint(t.db, 'borgo-chat', 'pp-2022', '2022-07-31', 'admin-1');
    const before = await countRows(t.db);
    const input = { ente: 'borgo-chat', plan: 'pp-2022', by: 'verdi-a', channel: 'test', answers: [phase(40)], on: '2022-08-02' };
    await expect(t.db.$transaction((tx) => saveAnswersInTx(tx, input, { snapshot, version }))).rejects.toBeInstanceOf(CheckpointClosedError);
    expect(await countRows(t.db)).toEqual(before);
  });

  it('writes with a snapshot at the current version: rows and audit rows, once', async () => {
    const version = await planDataVersion(t.db);
    const snapshot = await loadPlanSnapshot(t.db, 'borgo-chat', 'pp-2022', version);
    const input = { ente: 'borgo-chat', plan: 'pp-2022', by: 'verdi-a', channel: 'test', answers: [phase(40), indicator(7)], on: '2022-08-02' };
    expect(await t.db.$transaction((tx) => saveAnswersInTx(tx, input, { snapshot, version }))).toEqual(['created', 'created']);
    const again = { snapshot: await loadPlanSnapshot(t.db, 'borgo-chat', 'pp-2022'), version: await planDataVersion(t.db) };
    expect(await t.db.$transaction((tx) => saveAnswersInTx(tx, { ...input, answers: [phase(40), indicator(8)] }, again))).toEqual(['unchanged', 'superseded']);
    expect(await t.db.phaseProgress.count()).toBe(1);
    expect(await t.db.measurement.findMany({ orderBy: { id: 'asc' }, select: { raw: true, supersededAt: true, supersedesId: true } })).toMatchObject([
      { raw: '7', supersededAt: expect.any(Date) },
      { raw: '8', supersededAt: null, supersedesId: expect.any(Number) },
    ]);
    expect(await t.db.auditLog.count({ where: { entity: { in: ['PhaseProgress', 'Measurement'] } } })).toBe(3);
  });
});
