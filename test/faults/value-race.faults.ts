/**
 * Two people who may both answer the same subject confirm at the same instant, each through their own
 * bot process (test/support/bot-worker.ts: the real Slack adapter and engine): Anna Verdi, who starts
 * her check-in on 9 August, and Bruno Neri, her deputy during her leave from 10 August, who answers
 * the same items for her. Each Conferma takes only its own person's turn, so nothing but the database
 * keeps them from both storing a current value for one subject and date. Every round: exactly one
 * current row per (subject, date), both people told "Salvato", and an audit row per change whose old
 * value is the value it replaced. Odd rounds start from a value already stored (both supersede it).
 * On main 1e55e52 (before migration one_current_value), PostgreSQL: 16 of 20 rounds broke — 8 of the
 * 10 new-subject rounds left two current rows, 8 of the 10 others answered the losing Conferma with
 * an error (the second correction of one row, refused by the unique supersedesId); SQLite: none (one
 * writer at a time).
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readPlanFile } from '../../src/plan-file/read.js';
import { importPlan } from '../../src/db/plan-import.js';
import { recordMeasurement, recordProgress } from '../../src/db/value-history.js';
import { FakeSlackApi } from '../support/fake-slack-api.js';
import { SlackPerson, type BotMessage } from '../support/chat-people.js';
import { waitFor } from '../support/wait-for.js';
import { killBotWorker, startBotWorker } from '../support/bot-worker-process.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';
import { resetAnswers } from '../support/answer-rounds.js';
import { faultTally } from './fault-log.js';

const plan = path.resolve(import.meta.dirname, '..', 'fixtures', 'checkin-plan.yaml');
const ROUNDS = Number(process.env.FAULT_ROUNDS ?? 20);
const AS_OF = '2022-07-31';
/** Each question's label and what each person answers (Anna, Bruno): different values, so the second one supersedes. */
const ANSWERS: Array<[string, string, string]> = [
  ['Analisi dei processi', '100', '90'],
  ['Attivazione piattaforma', '30', '40'],
  ['Procedure gestite online', '42,5%', '50%'],
  ['Candidature ricevute', '2.700', '3.000'],
  ['Regolamento approvato', 'sì', 'no'],
];

let t: TestDatabase;
let api: FakeSlackApi;
beforeAll(async () => {
  t = await createTestDatabase();
  await importPlan(t.db, (await readPlanFile(plan)).plan, { actor: 'test', reason: 'test' });
  api = await FakeSlackApi.start();
});
afterAll(async () => {
  await api.stop();
  await t.drop();
});

const settled = (m: BotMessage | undefined) => m !== undefined && (m.buttons.length > 0 || m.text.includes('Salvato'));

/** Does one step and waits until the bot's replies end with a prompt (buttons) or "Salvato". */
async function step(person: SlackPerson, act: () => Promise<void>): Promise<BotMessage> {
  const before = person.messages().length;
  await act();
  await waitFor(() => person.messages().length > before && settled(person.messages().at(-1)), 'the bot to settle', 60_000);
  return person.messages().at(-1)!;
}

/** Answers every question of a new check-in (column 1: Anna's answers, 2: Bruno's) up to the summary. */
async function toSummary(person: SlackPerson, column: 1 | 2): Promise<BotMessage> {
  let last = await step(person, () => person.command('rispondi'));
  for (let i = 0; i < 10 && !last.text.includes('Riepilogo da confermare'); i++) {
    const answer = ANSWERS.find((a) => last.text.includes(a[0]));
    if (!answer) throw new Error(`unexpected question: ${last.text}`);
    last = await step(person, () => person.say(answer[column]));
  }
  expect(last.text).toContain('Riepilogo da confermare');
  return last;
}

/** A value already stored for each of Anna's items, written as the console would (one transaction, audited). */
async function storeEarlierValues(): Promise<void> {
  const objective = await t.db.objective.findFirstOrThrow({ where: { code: 'RU-1' }, include: { phases: true, indicators: true, plan: true } });
  await t.db.$transaction(async (tx) => {
    const from = (code: string) => ({ enteId: objective.plan.enteId, by: 'admin-1', channel: 'web', label: `pp-2022/RU-1/${code}@${AS_OF}` });
    for (const phase of objective.phases) await recordProgress(tx, { phaseId: phase.id, asOf: AS_OF, pct: 10 }, from(phase.code));
    for (const indicator of objective.indicators) await recordMeasurement(tx, { indicatorId: indicator.id, asOf: AS_OF, raw: 'nd', parsed: null, status: 'not_available' }, from(indicator.code));
  });
}

type Audit = { id: number; action: string; entity: string; entityId: string; oldValue: unknown; newValue: unknown };

/** The value an audit row's old or new value names, comparable with another's (without the provenance). */
function valueOf(entity: string, json: unknown): string {
  const v = json as Record<string, unknown>;
  return entity === 'PhaseProgress' ? `${Number(v.pct)} by ${String(v.by)}` : `${String(v.raw)}/${String(v.status)} by ${String(v.by)}`;
}

/**
 * Checks every subject written since audit row `sinceAudit`: one current row, as many rows as audit
 * rows, each audit's old value the one before's new value, and the current row the last audit's new
 * value. Resolves to the number of subjects checked.
 */
async function checkSubjects(sinceAudit: number): Promise<number> {
  const audits = (await t.db.auditLog.findMany({ where: { id: { gt: sinceAudit }, entity: { in: ['PhaseProgress', 'Measurement'] } }, orderBy: { id: 'asc' } })) as Audit[];
  const phases = await t.db.phaseProgress.findMany({ include: { phase: { include: { objective: true } } }, orderBy: { id: 'asc' } });
  const values = await t.db.measurement.findMany({ include: { indicator: { include: { objective: true } } }, orderBy: { id: 'asc' } });
  const rows = [
    ...phases.map((p) => ({ entity: 'PhaseProgress', label: `pp-2022/${p.phase.objective.code}/${p.phase.code}@${p.asOf}`, current: p.supersededAt === null, value: `${Number(p.pct)} by ${p.byCode}` })),
    ...values.map((m) => ({ entity: 'Measurement', label: `pp-2022/${m.indicator.objective.code}/${m.indicator.code}@${m.asOf}`, current: m.supersededAt === null, value: `${m.raw}/${m.status} by ${m.byCode}` })),
  ];
  const subjects = [...new Set(rows.map((r) => `${r.entity} ${r.label}`))];
  for (const subject of subjects) {
    const [entity, label] = subject.split(' ') as [string, string];
    const mine = rows.filter((r) => r.entity === entity && r.label === label);
    const trail = audits.filter((a) => a.entity === entity && a.entityId === label);
    const current = mine.filter((r) => r.current);
    expect(current, `current rows of ${subject}`).toHaveLength(1);
    expect(trail, `audit rows of ${subject}`).toHaveLength(mine.length);
    expect(trail[0]!.action, `first audit of ${subject}`).toBe('create');
    for (let i = 1; i < trail.length; i++) {
      expect(trail[i]!.action, `audit ${i} of ${subject}`).toBe('supersede');
      expect(valueOf(entity, trail[i]!.oldValue), `old value of audit ${i} of ${subject}`).toBe(valueOf(entity, trail[i - 1]!.newValue));
    }
    expect(current[0]!.value, `current value of ${subject}`).toBe(valueOf(entity, trail.at(-1)!.newValue));
  }
  return subjects.length;
}

describe('two people confirming the same subject at once', () => {
  it('a holder and her deputy confirming together leave one current value per subject and date, each change audited', async () => {
    const tally = faultTally('holder-and-deputy-conferma-together');
    // Anna's process lives on 9 August (before her leave), Bruno's on 10 August (he stands in for her).
    const bots = [await startBotWorker(t.url, api.url, { BOT_NOW: '2022-08-09T07:30:00Z' }), await startBotWorker(t.url, api.url, { BOT_NOW: '2022-08-10T07:30:00Z' })];
    const anna = new SlackPerson(api, null, 'U0VERDI01', 'D0VERDI01');
    const bruno = new SlackPerson(api, null, 'U0NERI002', 'D0NERI002');
    anna.url = SlackPerson.urlOf(bots[0]!.port);
    bruno.url = SlackPerson.urlOf(bots[1]!.port);
    let failures = 0;
    try {
      for (let round = 0; round < ROUNDS; round++) {
        tally.round();
        await resetAnswers(t.db);
        const sinceAudit = (await t.db.auditLog.findFirst({ orderBy: { id: 'desc' } }))?.id ?? 0;
        const [annaSummary, brunoSummary] = await Promise.all([toSummary(anna, 1), toSummary(bruno, 2)]);
        if (round % 2 === 1) await storeEarlierValues();
        const before = [anna.messages().length, bruno.messages().length] as const;
        await Promise.all([anna.press('Conferma', annaSummary), bruno.press('Conferma', brunoSummary)]);
        try {
          const [annaReply, brunoReply] = await Promise.all([anna.repliesAfter(before[0], 'Anna’s Conferma reply', 1, 30_000), bruno.repliesAfter(before[1], 'Bruno’s Conferma reply', 1, 30_000)]);
          // Bruno's check-in goes on with his own item (RU-2): its question must not land in the next round.
          if (brunoReply[0]!.text.includes('Salvato')) await bruno.repliesAfter(before[1], 'Bruno’s next question', 2, 30_000);
          expect(annaReply[0]!.text).toContain('Salvato ✔ (5 risposte)');
          expect(brunoReply[0]!.text).toContain('Salvato ✔ (5 risposte)');
          expect(await checkSubjects(sinceAudit)).toBe(5);
        } catch (error) {
          failures++;
          console.log(`round ${round} failed: ${(error as Error).message.split('\n')[0]}`);
          continue;
        }
        tally.check(3);
      }
      expect(failures, `rounds with a broken invariant, of ${ROUNDS}`).toBe(0);
    } finally {
      for (const bot of bots) await killBotWorker(bot);
      tally.report();
    }
  });
});
