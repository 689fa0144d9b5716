/**
 * The check-in dialogue as a first-time responsible meets it (issue 14, "Conversation"), over the
 * real telegraf bot and the real engine against the fake Bot API: the end of a check-in, help in the
 * middle of a question, the counter after «dopo», the reason of «non rilevabile», the confirmation of
 * unlikely values, `stato` by monitoring date and one reference date for a plan whose year is over.
 */
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CheckinEngine } from '../../src/conversations/checkin-engine.js';
import { readPlanFile } from '../../src/plan-file/read.js';
import { importPlan } from '../../src/db/plan-import.js';
import { FakeTelegramApi } from '../support/fake-telegram-api.js';
import { TelegramPerson, type BotMessage } from '../support/chat-people.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';

const TOKEN = '123456:TEST-token_abc';
const plan = path.resolve(import.meta.dirname, '..', 'fixtures', 'checkin-plan.yaml');
const AUG_2 = () => new Date('2022-08-02T07:30:00Z');

let t: TestDatabase;
let api: FakeTelegramApi;
let people: TelegramPerson[] = [];

beforeEach(async () => {
  t = await createTestDatabase();
  await importPlan(t.db, (await readPlanFile(plan)).plan, { actor: 'test', reason: 'test' });
  api = await FakeTelegramApi.start(TOKEN);
});
afterEach(async () => {
  for (const person of people) await person.stop();
  people = [];
  await api.stop();
  await t.drop();
});

/** Anna (or another person of the plan) on Telegram with the bot's clock at `now`. */
async function telegram(now: () => Date = AUG_2, userId = 111111111): Promise<TelegramPerson> {
  // One bot polls the fake API at a time (a second bot would take some of the updates).
  for (const running of people.splice(0)) await running.stop();
  const started = await TelegramPerson.start(api, new CheckinEngine(t.db, now), TOKEN);
  const person = userId === started.userId ? started : new TelegramPerson(api, started.channel, userId);
  people.push(started);
  return person;
}

/** Sends a text or presses a button and returns the text of the bot's replies to it. */
async function act(person: TelegramPerson, what: { say: string } | { press: string; message?: BotMessage }): Promise<string> {
  const before = person.messages().length;
  const id = 'say' in what ? person.say(what.say) : person.press(what.press, what.message);
  await person.handled(id);
  return person.messages().slice(before).map((m) => m.text).join('\n');
}
const say = (person: TelegramPerson, text: string) => act(person, { say: text });
const press = (person: TelegramPerson, label: string, message?: BotMessage) => act(person, { press: label, message });

describe('check-in dialogue over Telegram (issue 14)', () => {
  it('says the check-in is over after the last Conferma: how many answers were saved, the next date and what is left for it', async () => {
    const anna = await telegram();
    await say(anna, '/rispondi');
    await say(anna, '100');
    await say(anna, '30');
    await say(anna, '96%');
    await say(anna, '180');
    await press(anna, 'Sì');
    const end = await press(anna, 'Conferma');
    expect(end).toContain('Salvato ✔ (5 risposte)');
    expect(end).toContain('*Monitoraggio al 31/07/2022 concluso*: 5 risposte salvate in tutto.');
    // Phase 1 is complete; phase 2 (at 30 %) and the three indicators are asked again at 31/12.
    expect(end).toContain('Restano 4 voci per il 31/12/2022.');
    expect(end).toContain('Te le chiederò dopo il 31/12/2022.');
    // And that is what the next check-in asks.
    const later = await telegram(() => new Date('2023-01-09T08:00:00Z'));
    expect(await say(later, '/rispondi')).toContain('ci sono 4 domande per te (valori al 31/12/2022)');
  });

  it('answers «aiuto» in the middle of a question with the help and the same question again', async () => {
    const anna = await telegram();
    await say(anna, '/rispondi');
    await say(anna, '100');
    const help = await say(anna, 'aiuto');
    expect(help).toContain('Sono perfbot');
    expect(help).toContain('*RU-1 — Reclutamento telematico* (2/5)');
    expect(help).toContain('Fase 2: Attivazione piattaforma');
    // The question repeated is the one still open: answering it moves on.
    expect(await say(anna, '30')).toContain('Indicatore a: Procedure gestite online');
  });

  it('keeps the counter truthful after «Dopo»: the next item has the next number and the deferred one comes back last with its own', async () => {
    const anna = await telegram();
    await say(anna, '/rispondi');
    expect(await say(anna, '100')).toContain('(2/5)');
    const afterLater = await press(anna, 'Dopo');
    expect(afterLater).toContain('te la richiedo alla fine');
    expect(afterLater).toContain('Indicatore a: Procedure gestite online');
    expect(afterLater).toContain('(3/5)');
    expect(await say(anna, '96%')).toContain('(4/5)');
    expect(await say(anna, '180')).toContain('(5/5)');
    const back = await say(anna, 'sì');
    expect(back).toContain('Fase 2: Attivazione piattaforma');
    expect(back).toContain('(2/5, rimandata)');
    expect(await say(anna, '30')).toContain('Riepilogo da confermare');
  });

  it('asks the reason of «Non rilevabile» (button or typed), keeps it with the answer and shows it in the summary', async () => {
    const anna = await telegram();
    await say(anna, '/rispondi');
    await say(anna, '100');
    await say(anna, '30');
    const asked = await press(anna, 'Non rilevabile');
    expect(asked).toContain('Perché RU-1 ind. a non è rilevabile?');
    expect(await say(anna, 'ok')).toContain('Serve il motivo per «non rilevabile»');
    expect(await say(anna, 'piattaforma non ancora attiva')).toContain('Indicatore b: Candidature ricevute');
    expect(await say(anna, 'non rilevabile')).toContain('Perché RU-1 ind. b non è rilevabile?');
    // A reason is free text, also when it opens with a command word.
    await say(anna, 'stato del bando: chiuso a settembre');
    const summary = await say(anna, 'sì');
    expect(summary).toContain('• RU-1 ind. a: non rilevabile (piattaforma non ancora attiva)');
    expect(summary).toContain('• RU-1 ind. b: non rilevabile (stato del bando: chiuso a settembre)');
    await press(anna, 'Conferma');
    const rows = await t.db.measurement.findMany({ orderBy: { id: 'asc' }, include: { indicator: true } });
    expect(rows.filter((r) => r.status === 'not_measurable').map((r) => [r.indicator.code, r.raw, r.note])).toEqual([
      ['a', 'non rilevabile: piattaforma non ancora attiva', 'piattaforma non ancora attiva'],
      ['b', 'non rilevabile: stato del bando: chiuso a settembre', 'stato del bando: chiuso a settembre'],
    ]);
  });

  it('asks to confirm an unlikely value (Sì / No, or typed); No keeps nothing and asks again; the old Sì is then stale', async () => {
    const anna = await telegram();
    await say(anna, '/rispondi');
    await say(anna, '100');
    await say(anna, '30');
    const doubt = await say(anna, '150%');
    expect(doubt).toContain('150% è oltre il 100%: confermi?');
    const confirmation = anna.messages().at(-1)!;
    expect(confirmation.buttons.map((b) => b.label)).toEqual(['Sì', 'No']);
    const no = await press(anna, 'No');
    expect(no).toContain("non l'ho tenuto");
    expect(no).toContain('Indicatore a: Procedure gestite online');
    expect(await press(anna, 'Sì', confirmation)).toContain('Questo pulsante non è più valido');
    // A hard limit stays a refusal: a count is never negative.
    await say(anna, '150%');
    expect(await say(anna, 'sì')).toContain('Indicatore b: Candidature ricevute');
    expect(await say(anna, '-5')).toContain('non può essere negativo');
    // More than ten times the target (2.000), typed confirmation.
    expect(await say(anna, '27.000')).toContain('27.000 è più di 10 volte il target (2.000): confermi?');
    expect(await say(anna, 'si')).toContain('Indicatore c: Regolamento approvato');
    const summary = await say(anna, 'sì');
    expect(summary).toContain('• RU-1 ind. a: 150%');
    expect(summary).toContain('• RU-1 ind. b: 27.000');
    expect(await t.db.measurement.count()).toBe(0);
  });

  it('lists pending items by monitoring date in «stato» right after a check-in', async () => {
    const anna = await telegram();
    await say(anna, '/rispondi');
    await say(anna, '100');
    await say(anna, '30');
    await say(anna, '96%');
    await say(anna, 'salta');
    await press(anna, 'Sì');
    await press(anna, 'Conferma');
    const status = await say(anna, 'stato');
    expect(status).toContain('Per il 31/07/2022: 1 in sospeso (RU-1 ind. b)');
    expect(status).toContain('Per il 31/12/2022 (prossimo monitoraggio): 4 (RU-1 fase 2, RU-1 ind. a, RU-1 ind. b, RU-1 ind. c)');
    expect(status).not.toContain('In sospeso');
  });

  it('reads a plan whose year is over at its last monitoring date, in the check-in and in «stato SETTORE» alike', async () => {
    const later = () => new Date('2026-11-30T09:00:00Z');
    const anna = await telegram(later);
    expect(await say(anna, '/rispondi')).toContain('valori al 31/07/2022');
    const dirigente = new TelegramPerson(api, people[0]!.channel, 333333333);
    const digest = await say(dirigente, 'stato RU');
    expect(digest).toContain('Stato al 31/12/2022');
    // Late as of 31/12/2022 (phase 1 was due in April), not as of 2026.
    expect(digest).toMatch(/245 g/);
    expect(digest).not.toMatch(/\d\.?\d{3} g/);
  });

  it('sends the sector chart after «stato SETTORE» through the image sending, with the undelivered reminders line of the digest', async () => {
    const ente = await t.db.ente.findFirstOrThrow();
    await t.db.reminder.create({
      data: {
        enteId: ente.id, key: 'test-failed-1', kind: 'checkpoint', subject: 'indicator:RU-1/a@2022-07-31', recipient: 'verdi-a', dueDate: '2022-08-01', step: 'ask',
        sendAt: new Date('2022-08-01T07:30:00Z'), state: 'failed', lastError: 'blocked', reason: { objective: 'RU-1', item: { kind: 'indicator', code: 'a' }, checkpoint: '2022-07-31' },
      },
    });
    await telegram();
    const dirigente = new TelegramPerson(api, people[0]!.channel, 333333333);
    const digest = await say(dirigente, 'stato RU');
    expect(digest).toContain('*Settore RU — Settore Risorse Umane*');
    expect(digest).toContain('Promemoria non consegnati');
    expect(digest).toContain('Anna Verdi (01/08/2022, 1 voce)');
    const photos = api.callsOf('sendPhoto').filter((c) => String(c.body.chat_id) === '333333333');
    expect(photos).toHaveLength(1);
    expect(String(photos[0]!.body.caption)).toContain('Settore RU');
  });
});
