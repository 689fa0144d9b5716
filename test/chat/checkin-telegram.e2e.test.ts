/**
 * The check-in end to end over Telegram: the real telegraf bot and the real check-in engine on the
 * test database, against a fake Bot API on 127.0.0.1. Produces docs/checkin-telegram.it.md.
 */
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTelegramChannel, type TelegramChannel } from '../../src/chat/telegram/adapter.js';
import { CheckinEngine } from '../../src/conversations/checkin-engine.js';
import { readPlanFile } from '../../src/plan-file/read.js';
import { importPlan } from '../../src/db/plan-import.js';
import type { Db } from '../../src/db/database.js';
import { FakeTelegramApi, callbackUpdate, textUpdate, type TelegramApiCall } from '../support/fake-telegram-api.js';
import { recordingLogger } from '../support/recording-logger.js';
import { waitFor } from '../support/wait-for.js';
import { createTestDatabase, countRows, type TestDatabase } from '../support/test-database.js';
import { Transcript } from '../support/transcript.js';

const TOKEN = '123456:TEST-token_abc';
const ANNA = 111111111;
const AUG_2 = () => new Date('2022-08-02T07:30:00Z');
const plan = path.resolve(import.meta.dirname, '..', 'fixtures', 'checkin-plan.yaml');

interface Keyboard {
  inline_keyboard: Array<Array<{ text: string; callback_data: string }>>;
}

function visible(html: string): string {
  return html.replace(/<\/?b>/g, '*').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}

let t: TestDatabase;
let api: FakeTelegramApi;
let channel: TelegramChannel;

async function startBot(db: Db): Promise<TelegramChannel> {
  const bot = createTelegramChannel({ handler: new CheckinEngine(db, AUG_2), botToken: TOKEN, apiRoot: api.apiRoot, logger: recordingLogger() });
  await bot.start();
  return bot;
}

/** Sends updates and collects the bot's replies to them, keeping a transcript. */
class Conversation {
  private seen = 0;
  constructor(
    private readonly transcript?: Transcript,
    private readonly name = 'Anna',
  ) {}

  private sent(): TelegramApiCall[] {
    return api.callsOf('sendMessage').filter((c) => c.body.chat_id === String(ANNA) || c.body.chat_id === ANNA);
  }

  async deliver(update: Record<string, unknown>, shown: string): Promise<TelegramApiCall[]> {
    this.transcript?.person(this.name, shown);
    const updateId = api.queueUpdate(update);
    await waitFor(() => api.polledPast(updateId), `update ${updateId} handled`);
    const replies = this.sent().slice(this.seen);
    this.seen += replies.length;
    for (const reply of replies) {
      const keyboard = reply.body.reply_markup as Keyboard | undefined;
      this.transcript?.bot(visible(String(reply.body.text)), keyboard?.inline_keyboard.map((row) => row.map((b) => b.text)) ?? []);
    }
    return replies;
  }

  say(text: string): Promise<TelegramApiCall[]> {
    return this.deliver(textUpdate(ANNA, text), text);
  }

  /** Presses the button with this label on the last message that has it. */
  press(label: string): Promise<TelegramApiCall[]> {
    const withButton = [...this.sent()].reverse().find((c) => (c.body.reply_markup as Keyboard | undefined)?.inline_keyboard.flat().some((b) => b.text.includes(label)));
    const button = (withButton?.body.reply_markup as Keyboard).inline_keyboard.flat().find((b) => b.text.includes(label))!;
    return this.deliver(callbackUpdate(ANNA, button.callback_data), `[${button.text}]`);
  }
}

const text = (replies: TelegramApiCall[]) => replies.map((r) => visible(String(r.body.text))).join('\n');

beforeEach(async () => {
  t = await createTestDatabase();
  await importPlan(t.db, (await readPlanFile(plan)).plan, { actor: 'test', reason: 'test' });
  api = await FakeTelegramApi.start(TOKEN);
  channel = await startBot(t.db);
});
afterEach(async () => {
  await channel.stop();
  await api.stop();
  await t.drop();
});

describe('check-in over Telegram (real telegraf, real engine, fake Bot API)', () => {
  it('runs a full check-in with invalid answers and a correction, and stores it', async () => {
    const transcript = new Transcript(
      'Check-in su Telegram (trascrizione generata dai test)',
      "Anna Verdi, responsabile dell'obiettivo RU-1 del piano di prova `test/fixtures/checkin-plan.yaml`, risponde al monitoraggio del 31/07/2022 il 2 agosto 2022. Generato da `test/chat/checkin-telegram.e2e.test.ts` con il bot telegraf reale e il motore di check-in reale.",
    );
    const chat = new Conversation(transcript);
    expect(text(await chat.say('/rispondi'))).toContain('ci sono 5 domande per te');
    expect(text(await chat.say('quasi finito'))).toContain('Non riesco a leggere «quasi finito» come numero');
    await chat.say('100');
    expect(text(await chat.say('aiuto'))).toContain('Fase 2: Attivazione piattaforma');
    expect(text(await chat.press('Dopo'))).toContain('(3/5)');
    expect(text(await chat.say('tante'))).toContain('es. 42,5%');
    await chat.say('42,5%');
    expect(text(await chat.say('27.000'))).toContain('27.000 è più di 10 volte il target (2.000): confermi?');
    expect(text(await chat.press('Sì'))).toContain('Indicatore c: Regolamento approvato');
    expect(text(await chat.press('Sì'))).toContain('(2/5, rimandata)');
    expect(text(await chat.say('30'))).toContain('*Riepilogo da confermare*');
    await chat.press('Modifica');
    await chat.press('ind. b');
    expect(text(await chat.say('2.750'))).toContain('• RU-1 ind. b: 2.750');
    const end = text(await chat.press('Conferma'));
    expect(end).toContain('Salvato ✔ (5 risposte)');
    expect(end).toContain('Restano 4 voci per il 31/12/2022.');
    expect(text(await chat.say('/stato'))).toContain('Per il 31/12/2022 (prossimo monitoraggio): 4');
    transcript.check('checkin-telegram.it.md');

    const rows = await t.db.measurement.findMany({ orderBy: { id: 'asc' } });
    expect(rows.map((r) => [r.raw, r.status, r.byCode, r.channel])).toEqual([
      ['42,5%', 'measured', 'verdi-a', 'telegram'],
      ['2.750', 'measured', 'verdi-a', 'telegram'],
      ['Sì', 'measured', 'verdi-a', 'telegram'],
    ]);
    expect(rows.every((r) => r.messageRef !== null)).toBe(true);
    expect(await t.db.phaseProgress.count()).toBe(2);
  });

  it('resumes at the right question after the bot restarts between two questions', async () => {
    const chat = new Conversation();
    await chat.say('/rispondi');
    await chat.say('100');
    await channel.stop();
    // A new bot process: a new engine on a new database client, nothing kept in memory.
    const db = t.open();
    try {
      channel = await startBot(db);
      expect(text(await chat.say('60'))).toContain('Indicatore a: Procedure gestite online');
      await channel.stop();
    } finally {
      await db.$disconnect();
    }
    const progress = await t.db.conversation.findFirst();
    expect(progress?.state).toMatchObject({ mode: 'asking', current: 2 });
  });

  it('answers an unknown person politely and stores nothing', async () => {
    const before = await countRows(t.db);
    const updateId = api.queueUpdate(textUpdate(999999999, 'ciao'));
    await waitFor(() => api.polledPast(updateId), 'the update handled');
    const reply = api.callsOf('sendMessage').find((c) => String(c.body.chat_id) === '999999999');
    expect(visible(String(reply?.body.text))).toContain('Non ti trovo tra le persone del piano');
    const after = await countRows(t.db);
    expect(after).toEqual(before);
  });

  it('marks a person who blocked the bot unreachable', async () => {
    api.fail('sendMessage', { error_code: 403, description: 'Forbidden: bot was blocked by the user' }, (body) => String(body.chat_id) === String(ANNA));
    const updateId = api.queueUpdate(textUpdate(ANNA, '/stato'));
    await waitFor(() => api.polledPast(updateId), 'the update handled');
    let marked = await t.db.chatIdentity.findFirst({ where: { platform: 'telegram', externalId: String(ANNA) } });
    for (let i = 0; i < 100 && !marked?.unreachable; i++) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      marked = await t.db.chatIdentity.findFirst({ where: { platform: 'telegram', externalId: String(ANNA) } });
    }
    expect(marked).toMatchObject({ unreachable: true, unreachableReason: expect.stringContaining('blocked') });
  });
});

describe('check-in over a Telegram webhook', () => {
  it('stores an answer once when Telegram delivers the same update twice', async () => {
    const secretToken = 'webhook-secret-0123456789';
    const hook = createTelegramChannel({
      handler: new CheckinEngine(t.db, AUG_2),
      botToken: TOKEN,
      apiRoot: api.apiRoot,
      logger: recordingLogger(),
      webhook: { url: 'https://perfbot.example.org/telegram/hook', secretToken, port: 0, path: '/telegram/hook' },
    });
    await hook.start();
    try {
      const url = `http://127.0.0.1:${hook.port}/telegram/hook`;
      const post = (update: Record<string, unknown>, secret = secretToken) =>
        fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': secret }, body: JSON.stringify(update) }).then((r) => r.status);
      const replies = () => api.callsOf('sendMessage').filter((c) => String(c.body.chat_id) === String(ANNA)).length;
      expect(await post({ update_id: api.takeUpdateId(), ...textUpdate(ANNA, '/rispondi') })).toBe(200);
      await waitFor(() => replies() >= 2, 'the first question');
      const answer = { update_id: api.takeUpdateId(), ...textUpdate(ANNA, '100') };
      expect(await post(answer)).toBe(200);
      await waitFor(() => replies() >= 3, 'the second question');
      expect(await post(answer)).toBe(200);
      expect(await post({ update_id: api.takeUpdateId(), ...textUpdate(ANNA, '100') }, 'forged-secret-000000')).toBe(401);
      expect(await post({ update_id: api.takeUpdateId(), ...textUpdate(ANNA, '30') })).toBe(200);
      await waitFor(() => replies() >= 4, 'the third question');
      const last = api.callsOf('sendMessage').at(-1)!;
      expect(visible(String(last.body.text))).toContain('Indicatore a');
      expect(replies()).toBe(4);
    } finally {
      await hook.stop();
    }
  });
});
