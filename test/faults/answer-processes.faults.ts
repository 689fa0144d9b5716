/**
 * Issue 10 across processes: bot processes (test/support/bot-worker.ts: the real Slack adapter and
 * engine) on one database. Two processes receiving the same person's events store every answer once;
 * a process killed with SIGKILL at a random point of a check-in or of its Conferma, then replaced,
 * leaves every confirmed answer stored once and none half-stored.
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readPlanFile } from '../../src/plan-file/read.js';
import { importPlan } from '../../src/db/plan-import.js';
import { FakeSlackApi } from '../support/fake-slack-api.js';
import { SlackPerson, type BotMessage } from '../support/chat-people.js';
import { waitFor } from '../support/wait-for.js';
import { killBotWorker, startBotWorker } from '../support/bot-worker-process.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';
import { resetAnswers, storedAnswers } from '../support/answer-rounds.js';
import { faultTally } from './fault-log.js';

const plan = path.resolve(import.meta.dirname, '..', 'fixtures', 'checkin-plan.yaml');
const EXPECTED = ['phase 1: 100', 'phase 2: 30', 'ind a: 42,5% measured', 'ind b: 2.700 measured', 'ind c: sì measured'];
const ANSWER_FOR: Array<[string, string]> = [
  ['Fase 1:', '100'],
  ['Fase 2:', '30'],
  ['Indicatore a', '42,5%'],
  ['Indicatore b', '2.700'],
  ['Indicatore c', 'sì'],
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

const stored = () => storedAnswers(t.db);

const reset = () => resetAnswers(t.db);

const TERMINAL = ['Salvato ✔', 'Già salvato', 'Non hai nulla in sospeso'];
const UNAVAILABLE = 'non è raggiungibile';
const settled = (m: BotMessage | undefined) => m !== undefined && (m.buttons.length > 0 || [...TERMINAL, UNAVAILABLE].some((w) => m.text.includes(w)));

/** Does one step and waits until the bot's replies end with a prompt (buttons) or a final word. */
async function step(anna: SlackPerson, act: () => Promise<void>): Promise<BotMessage> {
  const before = anna.messages().length;
  await act();
  await waitFor(() => anna.messages().length > before && settled(anna.messages().at(-1)), 'the bot to settle', 60_000);
  return anna.messages().at(-1)!;
}

/** Takes the check-in from wherever it is to the end: answers what is asked, confirms the summary. */
async function finish(anna: SlackPerson): Promise<void> {
  let last = await step(anna, () => anna.say('rispondi'));
  for (let i = 0; i < 20; i++) {
    if (TERMINAL.some((w) => last.text.includes(w))) return;
    if (last.text.includes('Riepilogo da confermare')) {
      const summary = last;
      last = await step(anna, () => anna.press('Conferma', summary));
      continue;
    }
    const answer = ANSWER_FOR.find(([label]) => last.text.includes(label))?.[1];
    last = await step(anna, () => anna.say(answer ?? 'rispondi'));
  }
  throw new Error(`the check-in did not finish: ${last.text}`);
}

describe('bot processes on one database', () => {
  it('two processes receiving the same person’s events store each answer once', async () => {
    const tally = faultTally('two-bot-processes');
    const bots = [await startBotWorker(t.url, api.url), await startBotWorker(t.url, api.url)];
    const anna = SlackPerson.remote(api, bots[0]!.port);
    try {
      for (let round = 0; round < 6; round++) {
        tally.round();
        await reset();
        let which = round % 2;
        anna.url = SlackPerson.urlOf(bots[which]!.port);
        await step(anna, () => anna.command('rispondi'));
        for (const [, answer] of ANSWER_FOR) {
          which = 1 - which;
          anna.url = SlackPerson.urlOf(bots[which]!.port);
          await step(anna, () => anna.say(answer));
        }
        const summary = anna.messages().at(-1)!;
        expect(summary.text).toContain('Riepilogo da confermare');
        const before = anna.messages().length;
        // Four Conferma at once, two to each process.
        await Promise.all(
          [0, 1, 0, 1].map(async (b) => {
            const target = new SlackPerson(api, null);
            target.url = SlackPerson.urlOf(bots[b]!.port);
            await target.press('Conferma', summary);
          }),
        );
        const replies = await anna.repliesAfter(before, 'four replies', 4, 120_000);
        expect(await stored()).toEqual(EXPECTED);
        expect(replies.filter((m) => m.text.includes('Salvato ✔ (5 risposte)'))).toHaveLength(1);
        expect(replies.filter((m) => m.text.includes('Già salvato'))).toHaveLength(3);
        tally.check(3);
      }
    } finally {
      for (const bot of bots) await killBotWorker(bot);
      tally.report();
    }
  });

  it('a process killed at a random point of a check-in or of Conferma, then replaced, stores every answer once', async () => {
    const tally = faultTally('kill-9-during-checkin');
    let bot = await startBotWorker(t.url, api.url);
    const anna = SlackPerson.remote(api, bot.port);
    try {
      // 20 rounds by default; FAULT_KILL_ROUNDS runs fewer on a busy machine.
      for (let round = 0; round < Number(process.env.FAULT_KILL_ROUNDS ?? 20); round++) {
        tally.round();
        await reset();
        anna.url = SlackPerson.urlOf(bot.port);
        await step(anna, () => anna.command('rispondi'));
        // Kill during answer k (0–4) or during Conferma (5), after a random delay.
        const killAt = round % 6;
        const delay = Math.floor(Math.random() * 120);
        for (let k = 0; k < killAt; k++) await step(anna, () => anna.say(ANSWER_FOR[k]![1]));
        if (killAt < 5) await anna.say(ANSWER_FOR[killAt]![1]);
        else await anna.press('Conferma', anna.messages().at(-1)!);
        await new Promise((resolve) => setTimeout(resolve, delay));
        await killBotWorker(bot);
        // Never half-stored: all five answers or none.
        const afterKill = await stored();
        expect([0, 5]).toContain(afterKill.length);
        if (afterKill.length === 5) expect(afterKill).toEqual(EXPECTED);
        bot = await startBotWorker(t.url, api.url);
        anna.url = SlackPerson.urlOf(bot.port);
        await finish(anna);
        expect(await stored()).toEqual(EXPECTED);
        tally.check(3);
      }
    } finally {
      await killBotWorker(bot);
      tally.report();
    }
  });
});
