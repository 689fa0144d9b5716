/**
 * The check-in end to end over Slack: the real Bolt app (signature verification included) and the
 * real check-in engine on the test database, with signed requests like Slack's and a fake Web API
 * on 127.0.0.1. Produces docs/checkin-slack.it.md.
 */
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSlackChannel, type SlackChannel } from '../../src/chat/slack/adapter.js';
import { CheckinEngine } from '../../src/conversations/checkin-engine.js';
import { readPlanFile } from '../../src/plan-file/read.js';
import { importPlan } from '../../src/db/plan-import.js';
import { FakeSlackApi, type SlackApiCall } from '../support/fake-slack-api.js';
import { recordingLogger } from '../support/recording-logger.js';
import { buttonPressRequest, commandRequest, deliverToSlackApp, dmRequest, type DeliveryOptions, type SlackRequest } from '../support/slack-requests.js';
import { waitFor } from '../support/wait-for.js';
import { createTestDatabase, countRows, type TestDatabase } from '../support/test-database.js';
import { Transcript } from '../support/transcript.js';
import { linkAccountsByEmail } from '../../src/db/identity-store.js';

const SIGNING_SECRET = 'test-signing-secret-0123456789abcdef';
const ANNA = 'U0VERDI01';
const DM = 'D0VERDI01';
const plan = path.resolve(import.meta.dirname, '..', 'fixtures', 'checkin-plan.yaml');

interface Block {
  type: string;
  text?: { text: string };
  elements?: Array<{ action_id: string; value: string; text: { text: string } }>;
}

function unescape(text: string): string {
  return text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}
function messageText(call: SlackApiCall): string {
  return ((call.body.blocks as Block[]) ?? []).filter((b) => b.type === 'section').map((b) => unescape(b.text!.text)).join('\n');
}
function buttons(call: SlackApiCall): Array<{ action_id: string; value: string; label: string }> {
  return ((call.body.blocks as Block[]) ?? []).filter((b) => b.type === 'actions').flatMap((b) => b.elements!.map((e) => ({ action_id: e.action_id, value: e.value, label: e.text.text })));
}

let t: TestDatabase;
let api: FakeSlackApi;
let channel: SlackChannel;
let eventsUrl: string;
let sequence = 0;

beforeEach(async () => {
  t = await createTestDatabase();
  await importPlan(t.db, (await readPlanFile(plan)).plan, { actor: 'test', reason: 'test' });
  api = await FakeSlackApi.start();
  channel = createSlackChannel({ handler: new CheckinEngine(t.db, () => new Date('2022-08-02T07:30:00Z')), botToken: 'xoxb-test-token', signingSecret: SIGNING_SECRET, apiUrl: api.url, port: 0, logger: recordingLogger() });
  await channel.start();
  eventsUrl = `http://127.0.0.1:${channel.port}/slack/events`;
});
afterEach(async () => {
  await channel.stop();
  await api.stop();
  await t.drop();
});

class Conversation {
  private seen = 0;
  constructor(private readonly transcript?: Transcript) {}

  private posts(): SlackApiCall[] {
    return api.callsOf('chat.postMessage').filter((c) => c.body.channel === DM);
  }

  async deliver(request: SlackRequest, shown: string, options?: DeliveryOptions): Promise<SlackApiCall[]> {
    this.transcript?.person('Anna', shown);
    const before = this.posts().length;
    const response = await deliverToSlackApp(eventsUrl, SIGNING_SECRET, request, options);
    expect(response.status).toBe(200);
    await waitFor(() => this.posts().length > before, `a reply to ${shown}`);
    // Replies of one turn are posted back to back; give the last ones a moment to arrive.
    let count = -1;
    while (count !== this.posts().length) {
      count = this.posts().length;
      await new Promise((resolve) => setTimeout(resolve, 60));
    }
    const replies = this.posts().slice(this.seen);
    this.seen = this.posts().length;
    for (const reply of replies) this.transcript?.bot(messageText(reply), reply.body.blocks ? [buttons(reply).map((b) => b.label)].filter((row) => row.length > 0) : []);
    return replies;
  }

  say(text: string, options?: DeliveryOptions): Promise<SlackApiCall[]> {
    return this.deliver(dmRequest(ANNA, DM, text, `Ev${++sequence}`), text, options);
  }

  command(text: string): Promise<SlackApiCall[]> {
    return this.deliver(commandRequest('/perfbot', text, ANNA, `trigger-${++sequence}`, DM), `/perfbot ${text}`);
  }

  press(label: string): Promise<SlackApiCall[]> {
    const reply = [...this.posts()].reverse().find((c) => buttons(c).some((b) => b.label.includes(label)))!;
    const button = buttons(reply).find((b) => b.label.includes(label))!;
    return this.deliver(buttonPressRequest({ userId: ANNA, actionId: button.action_id, value: button.value, triggerId: `trigger-${++sequence}`, channel: DM }), `[${button.label}]`);
  }
}

const text = (replies: SlackApiCall[]) => replies.map(messageText).join('\n');

describe('check-in over Slack (real Bolt app, real engine, fake Web API)', () => {
  it('runs a full check-in with invalid answers and a correction, and stores it', async () => {
    const transcript = new Transcript(
      'Check-in su Slack (trascrizione generata dai test)',
      "Anna Verdi, responsabile dell'obiettivo RU-1 del piano di prova `test/fixtures/checkin-plan.yaml`, risponde in un messaggio diretto al monitoraggio del 31/07/2022 il 2 agosto 2022. Generato da `test/chat/checkin-slack.e2e.test.ts` con l'app Bolt reale (firma verificata) e il motore di check-in reale; i pulsanti sono Block Kit.",
    );
    const chat = new Conversation(transcript);
    expect(text(await chat.command('rispondi'))).toContain('ci sono 5 domande per te');
    expect(text(await chat.say('boh'))).toContain('Non riesco a leggere «boh» come numero');
    await chat.say('100');
    await chat.say('30');
    expect(text(await chat.say('150%'))).toContain('150% è oltre il 100%: confermi?');
    expect(text(await chat.press('No'))).toContain('Indicatore a: Procedure gestite online');
    await chat.say('42,5%');
    expect(text(await chat.press('Salta'))).toContain('Saltata: resta in sospeso.');
    expect(text(await chat.press('Sì'))).toContain('Riepilogo da confermare');
    await chat.press('Modifica');
    await chat.press('ind. a');
    expect(text(await chat.say('45%'))).toContain('• RU-1 ind. a: 45%');
    const end = text(await chat.press('Conferma'));
    expect(end).toContain('Salvato ✔ (4 risposte)');
    expect(end).toContain('*Monitoraggio al 31/07/2022 concluso*: 4 risposte salvate in tutto.');
    const status = text(await chat.command('stato'));
    expect(status).toContain('Per il 31/07/2022: 1 in sospeso (RU-1 ind. b)');
    expect(status).toContain('Per il 31/12/2022 (prossimo monitoraggio): 4');
    transcript.check('checkin-slack.it.md');
    const rows = await t.db.measurement.findMany({ orderBy: { id: 'asc' } });
    expect(rows.map((r) => [r.raw, r.byCode, r.channel])).toEqual([
      ['45%', 'verdi-a', 'slack'],
      ['Sì', 'verdi-a', 'slack'],
    ]);
  });

  it('processes a retried event (same event_id, X-Slack-Retry-Num) once', async () => {
    const chat = new Conversation();
    await chat.command('rispondi');
    const answer = dmRequest(ANNA, DM, '100', 'EvRETRY');
    await chat.deliver(answer, '100');
    const retry = await deliverToSlackApp(eventsUrl, SIGNING_SECRET, answer, { retryNum: 1 });
    expect(retry.status).toBe(200);
    const reply = text(await chat.say('30'));
    // Had the retry been processed, "100" would have answered phase 2 and "30" indicator a.
    expect(reply).toContain('Indicatore a: Procedure gestite online');
    const state = await t.db.conversation.findFirst();
    expect(state?.state).toMatchObject({ current: 2 });
  });

  it('answers 401 to a forged or stale signature and stores nothing', async () => {
    const before = await countRows(t.db);
    const forged = await deliverToSlackApp(eventsUrl, SIGNING_SECRET, dmRequest(ANNA, DM, 'rispondi', 'EvF1'), { signature: 'forged' });
    const stale = await deliverToSlackApp(eventsUrl, SIGNING_SECRET, dmRequest(ANNA, DM, 'rispondi', 'EvF2'), { timestamp: Math.floor(Date.now() / 1000) - 10 * 60 });
    const unsigned = await deliverToSlackApp(eventsUrl, SIGNING_SECRET, dmRequest(ANNA, DM, 'rispondi', 'EvF3'), { signature: 'missing' });
    expect([forged.status, stale.status, unsigned.status]).toEqual([401, 401, 401]);
    expect(await countRows(t.db)).toEqual(before);
    expect(await t.db.processedDelivery.count()).toBe(0);
    expect(api.callsOf('chat.postMessage')).toHaveLength(0);
  });

  it('answers an unknown person politely and stores nothing', async () => {
    const before = await countRows(t.db);
    await deliverToSlackApp(eventsUrl, SIGNING_SECRET, dmRequest('U0UNKNOWN', 'D0UNKNOWN', 'ciao', 'EvU1'));
    const reply = await waitFor(() => api.callsOf('chat.postMessage').find((c) => c.body.channel === 'D0UNKNOWN'), 'the polite reply');
    expect(messageText(reply)).toContain('Non ti trovo tra le persone del piano');
    expect(await countRows(t.db)).toEqual(before);
  });
});

describe('Slack identity by e-mail', () => {
  it('links people who have an e-mail but no Slack id, so they can be reached', async () => {
    api.usersByEmail.set('c.bianchi@example.org', 'U0BIANCHI');
    expect(await linkAccountsByEmail(t.db, 'slack', (email) => channel.lookupUserByEmail(email))).toBe(1);
    const identity = await t.db.chatIdentity.findFirst({ where: { platform: 'slack', person: { code: 'bianchi-c' } } });
    expect(identity?.externalId).toBe('U0BIANCHI');
    // Asked again, nobody new: people already linked are not looked up twice.
    const lookups = api.callsOf('users.lookupByEmail').length;
    expect(await linkAccountsByEmail(t.db, 'slack', (email) => channel.lookupUserByEmail(email))).toBe(0);
    expect(api.callsOf('users.lookupByEmail').length).toBe(lookups);
  });
});
