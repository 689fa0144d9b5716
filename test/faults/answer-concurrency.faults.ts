/**
 * Issue 10, one turn at a time per person: the five answers of a check-in and then N Conferma fired
 * together by one person, through the real Slack and Telegram adapters (N = 2, 5, 20). Every round:
 * the stored values are the items, each once, in item order; one Conferma says "Salvato", the others
 * "Già salvato". Then every stale button of a check-in is pressed: nothing changes.
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CheckinEngine } from '../../src/conversations/checkin-engine.js';
import { readPlanFile } from '../../src/plan-file/read.js';
import { importPlan } from '../../src/db/plan-import.js';
import { FakeSlackApi } from '../support/fake-slack-api.js';
import { FakeTelegramApi } from '../support/fake-telegram-api.js';
import { SlackPerson, TelegramPerson, type BotMessage } from '../support/chat-people.js';
import { waitFor } from '../support/wait-for.js';
import { countRows, createTestDatabase, type TestDatabase } from '../support/test-database.js';
import { resetAnswers, storedAnswers } from '../support/answer-rounds.js';
import { faultTally } from './fault-log.js';

const plan = path.resolve(import.meta.dirname, '..', 'fixtures', 'checkin-plan.yaml');
const AUG_2 = () => new Date('2022-08-02T07:30:00Z');
const TOKEN = '123456:TEST-token_abc';
const ANSWERS = ['100', '30', '42,5%', '2.700', 'sì'];
const EXPECTED = ['phase 1: 100', 'phase 2: 30', 'ind a: 42,5% measured', 'ind b: 2.700 measured', 'ind c: sì measured'];
/** N concurrent Conferma and the rounds for each (50 rounds in all, as the issue asks), on Slack and on Telegram. */
const PLAN: Array<[number, number]> = process.env.FAULT_PLAN ? (JSON.parse(process.env.FAULT_PLAN) as Array<[number, number]>) : [
  [2, 20],
  [5, 20],
  [20, 10],
];

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
  await importPlan(t.db, (await readPlanFile(plan)).plan, { actor: 'test', reason: 'test' });
});
afterAll(async () => {
  await t.drop();
});

const stored = () => storedAnswers(t.db);

const reset = () => resetAnswers(t.db);

const count = (messages: BotMessage[], text: string) => messages.filter((m) => m.text.includes(text)).length;

describe('one person, events fired together', () => {
  it('Slack: five answers then N Conferma at once store each item once, in order', async () => {
    const tally = faultTally('answers-and-conferma-together-slack');
    const api = await FakeSlackApi.start();
    const anna = await SlackPerson.start(api, new CheckinEngine(t.db, AUG_2));
    try {
      for (const [n, rounds] of PLAN) {
        for (let round = 0; round < rounds; round++) {
          tally.round();
          await reset();
          let before = anna.messages().length;
          await anna.command('rispondi');
          await anna.repliesAfter(before, 'the first question', 2);
          // Slack acknowledges each event before the bot handles it: the answers are handled concurrently.
          for (const answer of ANSWERS) await anna.say(answer);
          const summary = await waitFor(() => anna.messages().slice(before).find((m) => m.text.includes('Riepilogo da confermare')), 'the summary', 30_000);
          before = anna.messages().length;
          await Promise.all(Array.from({ length: n }, () => anna.press('Conferma', summary)));
          const replies = await anna.repliesAfter(before, `${n} replies`, n, 120_000).catch((error: Error) => {
            console.log(n, anna.messages().slice(before).map((m) => m.text.slice(0, 50)));
            throw error;
          });
          expect(await stored()).toEqual(EXPECTED);
          expect(count(replies, 'Salvato ✔ (5 risposte)')).toBe(1);
          expect(count(replies, 'Già salvato')).toBe(n - 1);
          tally.check(3);
        }
      }
    } finally {
      await anna.stop();
      await api.stop();
      tally.report();
    }
  });

  it('Telegram: five answers then N Conferma in one batch store each item once, in order', async () => {
    const tally = faultTally('answers-and-conferma-together-telegram');
    const api = await FakeTelegramApi.start(TOKEN);
    const anna = await TelegramPerson.start(api, new CheckinEngine(t.db, AUG_2), TOKEN);
    try {
      for (const [n, rounds] of PLAN) {
        for (let round = 0; round < rounds; round++) {
          tally.round();
          await reset();
          let before = anna.messages().length;
          await anna.handled(anna.say('/rispondi'));
          let last = 0;
          for (const answer of ANSWERS) last = anna.say(answer);
          await anna.handled(last);
          const summary = await waitFor(() => anna.messages().slice(before).find((m) => m.text.includes('Riepilogo da confermare')), 'the summary', 30_000);
          before = anna.messages().length;
          for (let i = 0; i < n; i++) last = anna.press('Conferma', summary);
          await anna.handled(last, 60_000);
          const replies = await anna.repliesAfter(before, `${n} replies`, n, 120_000);
          expect(await stored()).toEqual(EXPECTED);
          expect(count(replies, 'Salvato ✔ (5 risposte)')).toBe(1);
          expect(count(replies, 'Già salvato')).toBe(n - 1);
          tally.check(3);
        }
      }
    } finally {
      await anna.stop();
      await api.stop();
      tally.report();
    }
  });

  it('stale buttons of every kind (answer, later, skip, confirm, edit, pick, discard) change nothing', async () => {
    const tally = faultTally('stale-buttons');
    const api = await FakeSlackApi.start();
    const anna = await SlackPerson.start(api, new CheckinEngine(t.db, AUG_2));
    try {
      await reset();
      const step = async (act: () => Promise<void>, atLeast = 1) => {
        const before = anna.messages().length;
        await act();
        return anna.repliesAfter(before, 'a reply', atLeast, 30_000);
      };
      await step(() => anna.command('rispondi'), 2);
      for (const answer of ANSWERS) await step(() => anna.say(answer));
      // Summary → Modifica → pick an answer → answer again → summary → rispondi (Scarta offered) → Conferma.
      await step(() => anna.press('Modifica'));
      await step(() => anna.press('ind. b'));
      await step(() => anna.say('2.750'));
      await step(() => anna.say('rispondi'), 2);
      await step(() => anna.press('Conferma'));
      const expected = ['phase 1: 100', 'phase 2: 30', 'ind a: 42,5% measured', 'ind b: 2.750 measured', 'ind c: sì measured'];
      expect(await stored()).toEqual(expected);
      const rows = await countRows(t.db);
      // Every button ever sent in this check-in, pressed again (Conferma of the saved summary: "già salvato").
      const sent = anna.messages().flatMap((m) => m.buttons.map((b) => ({ message: m, label: b.label })));
      expect(sent.length).toBeGreaterThan(15);
      for (const { message, label } of sent) {
        tally.round();
        let replies = await step(() => anna.press(label, message));
        // A stale press is answered with the notice and the prompt that is current: wait for both.
        if (replies[0]!.text.includes('non è più valido')) replies = await anna.repliesAfter(anna.messages().length - replies.length, 'the current prompt', 2, 30_000);
        const answered = replies[0]!.text;
        expect(answered.includes('non è più valido') || answered.includes('Già salvato')).toBe(true);
        expect(await countRows(t.db)).toEqual(rows);
        tally.check(2);
      }
      expect(await stored()).toEqual(expected);
      tally.check();
    } finally {
      await anna.stop();
      await api.stop();
      tally.report();
    }
  });
});
