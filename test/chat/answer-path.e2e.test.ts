/**
 * Issue 10, the answer path: every answer stored exactly once whatever people press or send, through
 * the real Slack and Telegram adapters, on SQLite and (with TEST_DATABASE_URL) PostgreSQL. Events are
 * fired together as a double click or a fast typist does; the test waits for the replies.
 */
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CheckinEngine } from '../../src/conversations/checkin-engine.js';
import { readPlanFile } from '../../src/plan-file/read.js';
import { importPlan } from '../../src/db/plan-import.js';
import { FakeSlackApi } from '../support/fake-slack-api.js';
import { FakeTelegramApi } from '../support/fake-telegram-api.js';
import { SlackPerson, TelegramPerson, type BotMessage } from '../support/chat-people.js';
import { waitFor } from '../support/wait-for.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';

const plan = path.resolve(import.meta.dirname, '..', 'fixtures', 'checkin-plan.yaml');
const AUG_2 = () => new Date('2022-08-02T07:30:00Z');
const TOKEN = '123456:TEST-token_abc';
const ANSWERS = ['100', '30', '42,5%', '2.700', 'sì'];

let t: TestDatabase;
beforeEach(async () => {
  t = await createTestDatabase();
  await importPlan(t.db, (await readPlanFile(plan)).plan, { actor: 'test', reason: 'test' });
});
afterEach(async () => {
  await t.drop();
});

/** Every stored value of the check-in, in item order: phases then indicators. */
async function stored(): Promise<string[]> {
  const phases = await t.db.phaseProgress.findMany({ include: { phase: true }, orderBy: { id: 'asc' } });
  const values = await t.db.measurement.findMany({ include: { indicator: true }, orderBy: { id: 'asc' } });
  return [...phases.map((p) => `phase ${p.phase.code}: ${Number(p.pct)}`), ...values.map((m) => `ind ${m.indicator.code}: ${m.raw} ${m.status}`)];
}

const texts = (messages: BotMessage[]) => messages.map((m) => m.text).join('\n');

describe('over Slack (real Bolt app)', () => {
  let api: FakeSlackApi;
  let anna: SlackPerson;
  beforeEach(async () => {
    api = await FakeSlackApi.start();
    anna = await SlackPerson.start(api, new CheckinEngine(t.db, AUG_2));
  });
  afterEach(async () => {
    await anna.stop();
    await api.stop();
  });

  /** Starts the check-in and answers every question one by one, up to the summary. */
  async function answerAll(): Promise<void> {
    await anna.command('rispondi');
    await anna.repliesAfter(0, 'the first question', 2);
    for (const answer of ANSWERS) {
      const before = anna.messages().length;
      await anna.say(answer);
      await anna.repliesAfter(before, `the reply to ${answer}`);
    }
    expect(anna.messages().at(-1)!.text).toContain('Riepilogo da confermare');
  }

  it('item 1: two Conferma at once store each answer once, and the second says «già salvato»', async () => {
    await answerAll();
    const before = anna.messages().length;
    const summary = anna.messages().at(-1)!;
    await Promise.all([anna.press('Conferma', summary), anna.press('Conferma', summary)]);
    const replies = await anna.repliesAfter(before, 'both replies', 2);
    expect(texts(replies)).toContain('Salvato ✔ (5 risposte)');
    expect(texts(replies)).toContain('Già salvato');
    expect(await stored()).toEqual(['phase 1: 100', 'phase 2: 30', 'ind a: 42,5% measured', 'ind b: 2.700 measured', 'ind c: sì measured']);
  });

  it('item 1: a Conferma pressed again later answers «già salvato» and writes nothing', async () => {
    await answerAll();
    const summary = anna.messages().at(-1)!;
    let before = anna.messages().length;
    await anna.press('Conferma', summary);
    expect(texts(await anna.repliesAfter(before, 'saved'))).toContain('Salvato ✔ (5 risposte)');
    const rows = await stored();
    before = anna.messages().length;
    await anna.press('Conferma', summary);
    expect(texts(await anna.repliesAfter(before, 'the second Conferma'))).toContain('Già salvato');
    expect(await stored()).toEqual(rows);
    expect(await t.db.auditLog.count({ where: { entity: { in: ['Measurement', 'PhaseProgress'] } } })).toBe(5);
  });

  it('item 2: five answers sent together are taken in order, each by its own question', async () => {
    await anna.command('rispondi');
    await anna.repliesAfter(0, 'the first question', 2);
    // Slack acknowledges each event before the bot handles it: the five are handled concurrently.
    for (const answer of ANSWERS) await anna.say(answer);
    await waitFor(() => anna.messages().some((m) => m.text.includes('Riepilogo da confermare')), 'the summary', 20_000);
    const summary = anna.messages().find((m) => m.text.includes('Riepilogo da confermare'))!;
    expect(summary.text).toContain('• RU-1 fase 1: 100%');
    expect(summary.text).toContain('• RU-1 fase 2: 30%');
    expect(summary.text).toContain('• RU-1 ind. a: 42,5%');
    expect(summary.text).toContain('• RU-1 ind. b: 2.700');
    const before = anna.messages().length;
    await anna.press('Conferma', summary);
    expect(texts(await anna.repliesAfter(before, 'saved'))).toContain('Salvato ✔ (5 risposte)');
    expect(await stored()).toEqual(['phase 1: 100', 'phase 2: 30', 'ind a: 42,5% measured', 'ind b: 2.700 measured', 'ind c: sì measured']);
  });

  it("item 4: an earlier question's «Non rilevabile» and «Salta» are refused and change nothing", async () => {
    await anna.command('rispondi');
    await anna.repliesAfter(0, 'the first question', 2);
    for (const answer of ['100', '30']) {
      const before = anna.messages().length;
      await anna.say(answer);
      await anna.repliesAfter(before, `the reply to ${answer}`);
    }
    const questionA = anna.messages().at(-1)!;
    expect(questionA.text).toContain('Indicatore a');
    let before = anna.messages().length;
    await anna.say('42,5%');
    expect(texts(await anna.repliesAfter(before, 'question b'))).toContain('Indicatore b');
    for (const label of ['Non rilevabile', 'Salta', 'Dopo']) {
      before = anna.messages().length;
      await anna.press(label, questionA);
      const replies = await anna.repliesAfter(before, `the answer to the old «${label}»`, 2);
      expect(replies[0]!.text).toContain('Questo pulsante non è più valido');
      expect(replies[1]!.text).toContain('Indicatore b');
    }
    for (const answer of ['2.700', 'sì']) {
      before = anna.messages().length;
      await anna.say(answer);
      await anna.repliesAfter(before, `the reply to ${answer}`);
    }
    const summary = anna.messages().at(-1)!;
    expect(summary.text).toContain('• RU-1 ind. a: 42,5%');
    expect(summary.text).toContain('• RU-1 ind. b: 2.700');
    before = anna.messages().length;
    await anna.press('Conferma', summary);
    await anna.repliesAfter(before, 'saved');
    expect(await stored()).toEqual(['phase 1: 100', 'phase 2: 30', 'ind a: 42,5% measured', 'ind b: 2.700 measured', 'ind c: sì measured']);
  });

  it('item 5: «rispondi» typed or from App Home at the summary keeps the unconfirmed answers and offers Conferma / Modifica / Scarta', async () => {
    await answerAll();
    let before = anna.messages().length;
    await anna.say('rispondi');
    let replies = await anna.repliesAfter(before, 'the pending-draft question', 2);
    expect(replies[0]!.text).toContain('Hai 5 risposte non confermate');
    expect(replies[1]!.buttons.map((b) => b.label)).toEqual(['Conferma', 'Modifica', 'Scarta']);
    before = anna.messages().length;
    await anna.pressHomeAnswerNow();
    replies = await anna.repliesAfter(before, 'the pending-draft question again', 2);
    expect(replies[0]!.text).toContain('Hai 5 risposte non confermate');
    before = anna.messages().length;
    await anna.press('Conferma', replies[1]);
    expect(texts(await anna.repliesAfter(before, 'saved'))).toContain('Salvato ✔ (5 risposte)');
    expect(await stored()).toHaveLength(5);
  });

  it('item 5: «rispondi» typed during a question asks the same question again, not a number', async () => {
    await anna.command('rispondi');
    await anna.repliesAfter(0, 'the first question', 2);
    let before = anna.messages().length;
    await anna.say('100');
    await anna.repliesAfter(before, 'question 2');
    before = anna.messages().length;
    await anna.say('rispondi');
    const replies = await anna.repliesAfter(before, 'the question again');
    expect(texts(replies)).not.toContain('Non riesco a leggere');
    expect(texts(replies)).toContain('Fase 2');
  });

  it('item 5: «Scarta» drops the unconfirmed answers only when asked, and starts again', async () => {
    await answerAll();
    let before = anna.messages().length;
    await anna.say('rispondi');
    const replies = await anna.repliesAfter(before, 'the pending-draft question', 2);
    before = anna.messages().length;
    await anna.press('Scarta', replies[1]);
    const restarted = await anna.repliesAfter(before, 'the new check-in', 3);
    expect(texts(restarted)).toContain('Ho scartato le 5 risposte non confermate');
    expect(texts(restarted)).toContain('ci sono 5 domande per te');
    expect(await stored()).toEqual([]);
  });
});

describe('over Telegram (real telegraf bot)', () => {
  let api: FakeTelegramApi;
  let anna: TelegramPerson;
  beforeEach(async () => {
    api = await FakeTelegramApi.start(TOKEN);
    anna = await TelegramPerson.start(api, new CheckinEngine(t.db, AUG_2), TOKEN);
  });
  afterEach(async () => {
    await anna.stop();
    await api.stop();
  });

  it('item 1: two Conferma at once store each answer once (one batch of updates)', async () => {
    await anna.handled(anna.say('/rispondi'));
    for (const answer of ANSWERS) await anna.handled(anna.say(answer));
    const summary = anna.messages().at(-1)!;
    expect(summary.text).toContain('Riepilogo da confermare');
    const before = anna.messages().length;
    anna.press('Conferma', summary);
    const second = anna.press('Conferma', summary);
    await anna.handled(second);
    const replies = await anna.repliesAfter(before, 'both replies', 2);
    expect(texts(replies)).toContain('Salvato ✔ (5 risposte)');
    expect(texts(replies)).toContain('Già salvato');
    expect(await stored()).toEqual(['phase 1: 100', 'phase 2: 30', 'ind a: 42,5% measured', 'ind b: 2.700 measured', 'ind c: sì measured']);
  });

  it('item 2: five answers in one batch of updates are taken in order', async () => {
    await anna.handled(anna.say('/rispondi'));
    let last = 0;
    for (const answer of ANSWERS) last = anna.say(answer);
    await anna.handled(last);
    const summary = await waitFor(() => anna.messages().find((m) => m.text.includes('Riepilogo da confermare')), 'the summary');
    await anna.handled(anna.press('Conferma', summary));
    expect(await stored()).toEqual(['phase 1: 100', 'phase 2: 30', 'ind a: 42,5% measured', 'ind b: 2.700 measured', 'ind c: sì measured']);
  });

  it("item 4: an earlier question's button is refused and changes nothing", async () => {
    await anna.handled(anna.say('/rispondi'));
    for (const answer of ['100', '30']) await anna.handled(anna.say(answer));
    const questionA = anna.messages().at(-1)!;
    await anna.handled(anna.say('42,5%'));
    const before = anna.messages().length;
    await anna.handled(anna.press('Non rilevabile', questionA));
    const replies = anna.messages().slice(before);
    expect(replies[0]!.text).toContain('Questo pulsante non è più valido');
    expect(replies[1]!.text).toContain('Indicatore b');
    const state = await t.db.conversation.findFirstOrThrow();
    expect((state.state as { drafts: Record<string, unknown> }).drafts['indicator:RU-1/a@2022-07-31']).toMatchObject({ raw: '42,5%' });
  });
});
