/**
 * One current value per subject and date, kept by the database (migration one_current_value) and
 * recognised when a writer loses the race (src/db/unique-violation.ts): real refusals of both
 * databases, as Prisma reports them and as the raw drivers do, and two people saving the same
 * subject at once through the answer store. On SQLite and PostgreSQL.
 */
import path from 'node:path';
import pg from 'pg';
import { createClient } from '@libsql/client';
import { describe, expect, it } from 'vitest';
import { readPlanFile } from '../../src/plan-file/read.js';
import { importPlan } from '../../src/db/plan-import.js';
import { saveAnswers, type ConfirmedAnswer } from '../../src/db/answer-store.js';
import { insertRows } from '../../src/db/bulk-insert.js';
import { isPostgresClient } from '../../src/db/database.js';
import { PHASE_PROGRESS } from '../../src/db/plan-import-tables.js';
import { isCurrentValueConflict } from '../../src/db/unique-violation.js';
import { seededDatabaseEachTest } from '../support/test-database.js';

const plan = path.resolve(import.meta.dirname, '..', 'fixtures', 'checkin-plan.yaml');
const AS_OF = '2022-07-31';
const t = seededDatabaseEachTest(async (db) => {
  await importPlan(db, (await readPlanFile(plan)).plan, { actor: 'test', reason: 'test' });
});

const postgres = () => t.url.startsWith('postgres');
const caught = async (write: () => Promise<unknown>): Promise<unknown> => {
  try {
    await write();
  } catch (error) {
    return error;
  }
  throw new Error('the write was not refused');
};

async function firstPhase() {
  return t.db.phase.findFirstOrThrow({ where: { code: '1', objective: { code: 'RU-1' } } });
}

const progressRow = (phaseId: number, extra: Record<string, unknown> = {}) => ({ phaseId, asOf: AS_OF, pct: 20, note: null, byCode: null, onBehalfOf: null, channel: 'test', messageRef: null, recordedAt: new Date(), supersedesId: null, ...extra });

describe('one current value per subject and date', () => {
  it('refuses a second current row of a phase at a date, and the refusal is recognised (model query and raw insert)', async () => {
    const phase = await firstPhase();
    await t.db.phaseProgress.create({ data: { phaseId: phase.id, asOf: AS_OF, pct: 10, channel: 'test' } });
    const fromModel = await caught(() => t.db.phaseProgress.create({ data: { phaseId: phase.id, asOf: AS_OF, pct: 20, channel: 'test' } }));
    const fromRaw = await caught(() => t.db.$transaction((tx) => insertRows(tx, PHASE_PROGRESS, [progressRow(phase.id)], isPostgresClient(tx))));
    expect(isCurrentValueConflict(fromModel)).toBe(true);
    expect(isCurrentValueConflict(fromRaw)).toBe(true);
    // a superseded row does not count: the same date may hold any number of them
    await t.db.phaseProgress.updateMany({ data: { supersededAt: new Date() } });
    await t.db.phaseProgress.create({ data: { phaseId: phase.id, asOf: AS_OF, pct: 30, channel: 'test' } });
    expect(await t.db.phaseProgress.count({ where: { phaseId: phase.id, asOf: AS_OF } })).toBe(2);
  });

  it('refuses a second current measurement and a second current assessment', async () => {
    const indicator = await t.db.indicator.findFirstOrThrow({ where: { code: 'a', objective: { code: 'RU-1' } } });
    const measurement = { indicatorId: indicator.id, asOf: AS_OF, raw: '1', status: 'measured', channel: 'test' };
    await t.db.measurement.create({ data: measurement });
    expect(isCurrentValueConflict(await caught(() => t.db.measurement.create({ data: measurement })))).toBe(true);
    const assessment = { objectiveId: indicator.objectiveId, asOf: '2022-12-31', status: 'achieved', channel: 'test' };
    await t.db.assessment.create({ data: assessment });
    expect(isCurrentValueConflict(await caught(() => t.db.assessment.create({ data: assessment })))).toBe(true);
  });

  it('recognises a second correction of one row (supersedesId), and not an unrelated unique violation', async () => {
    const phase = await firstPhase();
    const first = await t.db.phaseProgress.create({ data: { phaseId: phase.id, asOf: '2022-06-30', pct: 10, channel: 'test' } });
    await t.db.phaseProgress.create({ data: { phaseId: phase.id, asOf: AS_OF, pct: 10, channel: 'test', supersedesId: first.id } });
    const twice = await caught(() => t.db.$transaction((tx) => insertRows(tx, PHASE_PROGRESS, [progressRow(phase.id, { asOf: '2022-12-31', supersedesId: first.id })], isPostgresClient(tx))));
    expect(isCurrentValueConflict(twice)).toBe(true);
    const person = await t.db.person.findFirstOrThrow();
    const samePerson = await caught(() => t.db.person.create({ data: { enteId: person.enteId, code: person.code, name: 'again' } }));
    expect(isCurrentValueConflict(samePerson)).toBe(false);
    expect(isCurrentValueConflict(new Error('UNIQUE constraint failed: PhaseProgress.phaseId, PhaseProgress.asOf'))).toBe(false);
  });

  it('recognises the raw driver’s refusal (pg 23505 / libsql SQLITE_CONSTRAINT_UNIQUE) on the index, not on another', async () => {
    const phase = await firstPhase();
    await t.db.phaseProgress.create({ data: { phaseId: phase.id, asOf: AS_OF, pct: 10, channel: 'test' } });
    const insert = `INSERT INTO "PhaseProgress" ("phaseId", "asOf", "pct", "channel", "recordedAt") VALUES (${phase.id}, '${AS_OF}', 20, 'raw', CURRENT_TIMESTAMP)`;
    const person = await t.db.person.findFirstOrThrow();
    const otherInsert = `INSERT INTO "Person" ("enteId", "code", "name") VALUES (${person.enteId}, '${person.code}', 'again')`;
    if (postgres()) {
      const client = new pg.Client({ connectionString: t.url });
      await client.connect();
      try {
        const error = await caught(() => client.query(insert));
        expect((error as { code?: string }).code).toBe('23505');
        expect(isCurrentValueConflict(error)).toBe(true);
        expect(isCurrentValueConflict(await caught(() => client.query(otherInsert)))).toBe(false);
      } finally {
        await client.end();
      }
    } else {
      const client = createClient({ url: t.url });
      try {
        const error = await caught(() => client.execute(insert));
        expect(String((error as { code?: string }).code)).toMatch(/SQLITE_CONSTRAINT/);
        expect(isCurrentValueConflict(error)).toBe(true);
        expect(isCurrentValueConflict(await caught(() => client.execute(otherInsert)))).toBe(false);
      } finally {
        client.close();
      }
    }
  });

  it('two people saving the same new subjects at once: one current value each, the second superseding the first', async () => {
    const answer = (pct: number, raw: string): ConfirmedAnswer[] => [
      { kind: 'phase', objective: 'RU-1', code: '2', asOf: AS_OF, pct },
      { kind: 'indicator', objective: 'RU-1', code: 'b', asOf: AS_OF, raw, value: { kind: 'number', value: Number(raw) }, status: 'measured' },
    ];
    for (let round = 0; round < 10; round++) {
      const asOf = `2022-07-${String(10 + round).padStart(2, '0')}`;
      const at = (answers: ConfirmedAnswer[]) => answers.map((a) => ({ ...a, asOf }));
      // on PostgreSQL a second client (another process's pool); SQLite's deferred transactions of two
      // clients refuse each other (SQLITE_BUSY) before any index is reached, so there one client
      const other = postgres() ? t.open() : t.db;
      try {
        const outcomes = await Promise.all([
          saveAnswers(t.db, { ente: 'borgo-chat', plan: 'pp-2022', by: 'verdi-a', channel: 'test', answers: at(answer(40, '100')), on: '2022-08-09' }),
          saveAnswers(other, { ente: 'borgo-chat', plan: 'pp-2022', by: 'neri-b', channel: 'test', answers: at(answer(50, '200')), on: '2022-08-10' }),
        ]);
        expect(outcomes.flat().sort()).toEqual(['created', 'created', 'superseded', 'superseded']);
      } finally {
        if (other !== t.db) await other.$disconnect();
      }
      const rows = await t.db.phaseProgress.findMany({ where: { asOf }, orderBy: { id: 'asc' } });
      expect(rows.filter((r) => r.supersededAt === null)).toHaveLength(1);
      expect(rows).toHaveLength(2);
      const audits = await t.db.auditLog.findMany({ where: { entity: 'PhaseProgress', entityId: `pp-2022/RU-1/2@${asOf}` }, orderBy: { id: 'asc' } });
      expect(audits.map((a) => a.action)).toEqual(['create', 'supersede']);
      expect((audits[1]!.oldValue as { pct: number }).pct).toBe((audits[0]!.newValue as { pct: number }).pct);
      expect(rows.find((r) => r.supersededAt === null)!.pct).toBe((audits[1]!.newValue as { pct: number }).pct);
    }
  });
});
