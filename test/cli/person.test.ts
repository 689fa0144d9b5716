/**
 * `perfbot person export|erase` (GDPR): the export holds everything stored about the person; the
 * erasure leaves no name, e-mail, chat id or code of theirs anywhere in the database, keeps every
 * value they reported (the report is the same but for the pseudonym), is audited, and is refused
 * to anyone but an administrator.
 */
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/program.js';
import { importPlan } from '../../src/db/plan-import.js';
import { readPlanFile } from '../../src/plan-file/read.js';
import { createInvite } from '../../src/db/identity-store.js';
import type { Db } from '../../src/db/database.js';
import { countRows, createTestDatabase, type TestDatabase } from '../support/test-database.js';

const plan = path.resolve(import.meta.dirname, '..', 'fixtures', 'checkin-plan.yaml');
const ANNA = { code: 'verdi-a', name: 'Anna Verdi', email: 'a.verdi@example.org', slack: 'U0VERDI01', telegram: '111111111' };
let t: TestDatabase;
let invite: string;

async function cli(...argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(argv, { stdout: (s) => (stdout += s), stderr: (s) => (stderr += s), env: { DATABASE_URL: t.url } });
  return { code, stdout, stderr };
}

/** Every row of every table, as one JSON text. */
async function dump(db: Db): Promise<string> {
  const tables = [db.ente, db.plan, db.orgUnit, db.person, db.chatIdentity, db.absence, db.roleAssignment, db.objective, db.phase, db.indicator, db.measurement, db.phaseProgress, db.assessment, db.auditLog, db.conversation, db.inviteCode, db.reminder];
  const rows = await Promise.all(tables.map((table) => (table as unknown as { findMany: () => Promise<unknown[]> }).findMany()));
  return JSON.stringify(rows);
}

/** A copy with every array of objects sorted, so that order by person code does not matter. */
function sortedLists(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortedLists).sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, sortedLists(v)]));
  return value;
}

beforeEach(async () => {
  t = await createTestDatabase();
  await importPlan(t.db, (await readPlanFile(plan)).plan, { actor: 'test', reason: 'test' });
  const indicator = await t.db.indicator.findFirstOrThrow({ where: { code: 'a', objective: { code: 'RU-1' } } });
  const phase = await t.db.phase.findFirstOrThrow({ where: { code: '1', objective: { code: 'RU-1' } } });
  await t.db.measurement.create({ data: { indicatorId: indicator.id, asOf: '2022-07-31', raw: '42,5%', parsed: 42.5, status: 'measured', byCode: ANNA.code, channel: 'telegram', messageRef: '77' } });
  await t.db.phaseProgress.create({ data: { phaseId: phase.id, asOf: '2022-07-31', pct: 100, byCode: ANNA.code, channel: 'slack' } });
  const ente = await t.db.ente.findFirstOrThrow();
  await t.db.auditLog.create({ data: { enteId: ente.id, actor: ANNA.code, action: 'create', entity: 'Measurement', entityId: 'pp-2022/RU-1/a@2022-07-31', newValue: { raw: '42,5%' } } });
  await t.db.reminder.create({ data: { enteId: ente.id, key: 'r1', kind: 'checkpoint', subject: 'RU-1/a@2022-07-31', recipient: ANNA.code, dueDate: '2022-08-01', step: 'first', sendAt: new Date('2022-08-01T07:30:00Z'), state: 'sent' } });
  invite = await createInvite(t.db, 'borgo-chat', ANNA.code, 'telegram');
});
afterEach(async () => {
  await t.drop();
});

describe('perfbot person', () => {
  it('exports everything stored about a person as JSON, without invitation codes', async () => {
    const { code, stdout, stderr } = await cli('person', 'export', '--ente', 'borgo-chat', '--person', ANNA.code);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const data = JSON.parse(stdout);
    expect(data).toMatchObject({
      format: 'perfbot/person@1',
      ente: 'borgo-chat',
      person: { code: ANNA.code, name: ANNA.name, email: ANNA.email },
      chatAccounts: [expect.objectContaining({ platform: 'slack', externalId: ANNA.slack }), expect.objectContaining({ platform: 'telegram', externalId: ANNA.telegram })],
      absences: [{ from: '2022-08-10', to: '2022-08-20', deputy: 'neri-b' }],
      responsibleFor: [{ plan: 'pp-2022', objective: 'RU-1', title: 'Reclutamento telematico' }],
      indicatorValues: [expect.objectContaining({ objective: 'RU-1', indicator: 'a', raw: '42,5%', by: ANNA.code })],
      phaseProgress: [expect.objectContaining({ objective: 'RU-1', phase: '1', pct: 100 })],
      remindersAndDigests: [expect.objectContaining({ subject: 'RU-1/a@2022-07-31', state: 'sent' })],
      invitations: [expect.objectContaining({ platform: 'telegram', usedAt: null })],
    });
    expect(data.auditLog.map((a: { entity: string }) => a.entity)).toEqual(expect.arrayContaining(['Person', 'Measurement']));
    expect(stdout).not.toContain(invite);
  });

  it('erases a person: pseudonym everywhere, values and report kept, audited', async () => {
    const report = async () => (await cli('report', '--ente', 'borgo-chat', '--plan', 'pp-2022', '--at', '2022-07-31', '--format', 'json')).stdout;
    // where else a person is named: the reminder settings (and their audit) by code, notes by name or code
    expect((await cli('config', '--ente', 'borgo-chat', '--as', 'admin-1', '--set', `pausa ${ANNA.code}`)).code).toBe(0);
    const ente = await t.db.ente.findFirstOrThrow();
    const indicator = await t.db.indicator.findFirstOrThrow({ where: { code: 'b', objective: { code: 'RU-1' } } });
    await t.db.measurement.create({ data: { indicatorId: indicator.id, asOf: '2022-07-31', raw: '12', parsed: 12, status: 'measured', note: `dato fornito da ${ANNA.name.toUpperCase()} (${ANNA.code})`, byCode: 'rossi-d', channel: 'slack' } });
    await t.db.auditLog.create({ data: { enteId: ente.id, actor: 'rossi-d', action: 'create', entity: 'Measurement', entityId: 'pp-2022/RU-1/b@2022-07-31', newValue: { raw: '12', note: `sentita ${ANNA.name}`, by: 'rossi-d', onBehalfOf: ANNA.code } } });
    const before = await report();
    const rowsBefore = await countRows(t.db);
    const { code, stdout } = await cli('person', 'erase', '--ente', 'borgo-chat', '--person', ANNA.code, '--as', 'admin-1');
    expect(code).toBe(0);
    const pseudonym = /now (anon-[0-9a-f]{8})/.exec(stdout)![1]!;

    const everything = await dump(t.db);
    for (const trace of [ANNA.name, ANNA.name.toUpperCase(), ANNA.email, ANNA.slack, ANNA.telegram, ANNA.code, invite]) expect(everything, `still stored: ${trace}`).not.toContain(trace);
    expect((await t.db.ente.findFirstOrThrow()).settings).toMatchObject({ pausedPeople: [pseudonym] });
    expect(await t.db.measurement.findFirst({ where: { raw: '12' } })).toMatchObject({ note: `dato fornito da ${pseudonym} (${pseudonym})`, byCode: 'rossi-d' });
    expect(await t.db.measurement.findMany({ where: { raw: '42,5%' } })).toEqual([expect.objectContaining({ byCode: pseudonym })]);
    // the same report, the pseudonym for the person (lists ordered by person code may reorder)
    expect(sortedLists(JSON.parse(await report()))).toEqual(sortedLists(JSON.parse(before.replaceAll(ANNA.code, pseudonym).replaceAll(ANNA.name, pseudonym))));
    expect(await countRows(t.db)).toEqual({ ...rowsBefore, auditLog: rowsBefore.auditLog + 1 });
    const audit = await t.db.auditLog.findFirstOrThrow({ where: { action: 'erase' } });
    expect(audit).toMatchObject({ actor: 'admin-1', entity: 'Person', entityId: pseudonym });
    expect((await cli('person', 'export', '--ente', 'borgo-chat', '--person', ANNA.code)).code).toBe(1);
  });

  it('refuses an erasure by someone who is not an administrator, changing nothing', async () => {
    const before = await dump(t.db);
    const { code, stderr } = await cli('person', 'erase', '--ente', 'borgo-chat', '--person', ANNA.code, '--as', 'neri-b');
    expect(code).toBe(2);
    expect(stderr).toBe('perfbot: not allowed: only an administrator of borgo-chat can erase a person (--as <admin>); nothing was changed\n');
    expect(await dump(t.db)).toBe(before);
  });
});
