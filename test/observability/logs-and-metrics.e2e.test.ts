/**
 * Logs and metrics of a full run, end to end: the real telegraf bot (webhook with its secret) and
 * the real Slack app on the fake APIs, the real check-in engine and the real dispatcher, wired with
 * the observability pieces main.ts uses and the logger writing JSON to a buffer. The buffer must hold
 * no bot token, signing secret, webhook secret, invite code or typed answer — and every line about a
 * turn, a reminder or a digest must name its ente / person / reminder ids. /metrics is read over
 * HTTP meanwhile.
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTelegramChannel, type TelegramChannel } from '../../src/chat/telegram/adapter.js';
import { createSlackChannel, type SlackChannel } from '../../src/chat/slack/adapter.js';
import { CheckinEngine } from '../../src/conversations/checkin-engine.js';
import { readPlanFile } from '../../src/plan-file/read.js';
import { importPlan } from '../../src/db/plan-import.js';
import { createInvite } from '../../src/db/identity-store.js';
import { Dispatcher } from '../../src/scheduler/dispatch.js';
import { ReminderScheduler } from '../../src/scheduler/reminder-scheduler.js';
import { createLogger, type Logger } from '../../src/observability/logger.js';
import { Metrics } from '../../src/observability/metrics.js';
import { ObservedHandler } from '../../src/observability/turn-observer.js';
import { answersStoredHook } from '../../src/observability/answer-counter.js';
import { channelLogger, observedPort } from '../../src/observability/channel-observer.js';
import { deliveryHooks } from '../../src/observability/delivery-observer.js';
import { HealthServer } from '../../src/observability/health-server.js';
import { ChannelStates, databaseCheck } from '../../src/observability/readiness.js';
import { oldestDueAt } from '../../src/db/claim-release.js';
import { FakeTelegramApi, callbackUpdate, textUpdate } from '../support/fake-telegram-api.js';
import { FakeSlackApi } from '../support/fake-slack-api.js';
import { LogBuffer } from '../support/log-buffer.js';
import { waitFor } from '../support/wait-for.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';

const TOKEN = '123456:TEST-token_abcdefghijkl';
const SLACK_TOKEN = 'xoxb-test-token-4242-secret';
const SIGNING_SECRET = 'test-signing-secret-0123456789abcdef';
const WEBHOOK_SECRET = 'webhook-secret-0123456789';
const ANNA = 111111111;
const CARLA = 555555555;
/** Monday 1 August 2022, 10:00 in Rome: the 31/07 reminders (09:30) and RU's weekly digest (08:30) are due. */
const AUG_1 = new Date('2022-08-01T08:00:00Z');
const AUG_2 = () => new Date('2022-08-02T07:30:00Z');
const TYPED_ANSWERS = ['quasi finito', '42,5%', '2.750'];
const planFile = path.resolve(import.meta.dirname, '..', 'fixtures', 'checkin-plan.yaml');

let t: TestDatabase;
let telegramApi: FakeTelegramApi;
let slackApi: FakeSlackApi;
let logs: LogBuffer;
let logger: Logger;
let metrics: Metrics;
let telegram: TelegramChannel;
let slack: SlackChannel;
let health: HealthServer;
let inviteCode: string;

interface Keyboard {
  inline_keyboard: Array<Array<{ text: string; callback_data: string }>>;
}

async function post(update: Record<string, unknown>): Promise<void> {
  const response = await fetch(`http://127.0.0.1:${telegram.port}/telegram/hook`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': WEBHOOK_SECRET },
    body: JSON.stringify({ update_id: telegramApi.takeUpdateId(), ...update }),
  });
  expect(response.status).toBe(200);
}

const sentTo = (chatId: number) => telegramApi.callsOf('sendMessage').filter((c) => String(c.body.chat_id) === String(chatId));

/** Sends a text; the webhook answers once the update is handled, replies sent: resolves to them. */
async function say(chatId: number, text: string): Promise<string> {
  const before = sentTo(chatId).length;
  await post(textUpdate(chatId, text));
  return sentTo(chatId).slice(before).map((c) => String(c.body.text)).join('\n');
}

async function press(chatId: number, label: string): Promise<string> {
  const withButton = [...sentTo(chatId)].reverse().find((c) => (c.body.reply_markup as Keyboard | undefined)?.inline_keyboard.flat().some((b) => b.text.includes(label)));
  const button = (withButton!.body.reply_markup as Keyboard).inline_keyboard.flat().find((b) => b.text.includes(label))!;
  const before = sentTo(chatId).length;
  await post(callbackUpdate(chatId, button.callback_data));
  return sentTo(chatId).slice(before).map((c) => String(c.body.text)).join('\n');
}

async function scrape(): Promise<string> {
  return (await fetch(`http://127.0.0.1:${health.port}/metrics`)).text();
}

/** The value of one sample in a Prometheus text exposition (0 when absent). */
function sample(text: string, name: string, labels: Record<string, string> = {}): number {
  const line = text.split('\n').find((l) => l.startsWith(`${name}{`) || l.startsWith(`${name} `) ? Object.entries(labels).every(([k, v]) => l.includes(`${k}="${v}"`)) : false);
  return line ? Number(line.split(' ').at(-1)) : 0;
}

beforeAll(async () => {
  t = await createTestDatabase();
  const { plan } = await readPlanFile(planFile);
  plan.roles.push({ person: 'rossi-d', role: 'coordinator', orgUnit: 'RU' });
  await importPlan(t.db, plan, { actor: 'test', reason: 'test' });
  inviteCode = await createInvite(t.db, 'borgo-chat', 'bianchi-c', 'telegram');
  telegramApi = await FakeTelegramApi.start(TOKEN);
  slackApi = await FakeSlackApi.start();
  logs = new LogBuffer();
  logger = createLogger({ level: 'debug', format: 'json', destination: logs, secrets: [TOKEN, SLACK_TOKEN, SIGNING_SECRET, WEBHOOK_SECRET] });
  metrics = new Metrics({ oldestDueAt: () => oldestDueAt(t.db, AUG_1), clock: () => AUG_1 });
  const channels = new ChannelStates();
  health = new HealthServer({ port: 0, host: '127.0.0.1', metrics, checks: [databaseCheck(t.db, t.url), channels.check()] });
  await health.start();
  const handler = new ObservedHandler(new CheckinEngine(t.db, AUG_2, { answersStored: answersStoredHook(metrics) }), { db: t.db, logger, metrics });
  channels.expect('telegram');
  channels.expect('slack');
  telegram = createTelegramChannel({
    handler,
    botToken: TOKEN,
    apiRoot: telegramApi.apiRoot,
    logger: channelLogger('telegram', logger, metrics, t.db),
    webhook: { url: 'https://perfbot.example.org/telegram/hook', secretToken: WEBHOOK_SECRET, port: 0, path: '/telegram/hook' },
  });
  slack = createSlackChannel({ handler, botToken: SLACK_TOKEN, signingSecret: SIGNING_SECRET, apiUrl: slackApi.url, port: 0, logger: channelLogger('slack', logger, metrics, t.db) });
  await telegram.start();
  channels.started('telegram');
  await slack.start();
  channels.started('slack');
});
afterAll(async () => {
  await telegram?.stop();
  await slack?.stop();
  await health?.stop();
  await telegramApi?.stop();
  await slackApi?.stop();
  await t?.drop();
});

describe('logs and metrics of a full run (check-in, invitation, reminders, digest)', () => {
  it('dispatches reminders and a digest with their ids logged and counted, a 429 counted and retried', async () => {
    // Bruno's Slack DM is rate limited: his reminder is retried later.
    slackApi.fail('chat.postMessage', { rateLimitedFor: 30 }, (body) => body.channel === 'D0NERI002');
    const dispatcher = new Dispatcher({ db: t.db, ports: [observedPort(slack, metrics), observedPort(telegram, metrics)], clock: () => AUG_1, worker: 'test', ...deliveryHooks(logger, metrics) });
    const scheduler = new ReminderScheduler({ db: t.db, dispatcher, clock: () => AUG_1, horizonDays: 7 });
    await scheduler.planAll();
    expect(sample(await scrape(), 'perfbot_dispatcher_lag_seconds')).toBeGreaterThan(0);
    await scheduler.tick();

    const text = await scrape();
    expect(sample(text, 'perfbot_deliveries_total', { family: 'reminder', outcome: 'sent', platform: 'slack' })).toBe(1);
    expect(sample(text, 'perfbot_deliveries_total', { family: 'reminder', outcome: 'retried', platform: 'slack' })).toBe(1);
    expect(sample(text, 'perfbot_deliveries_total', { family: 'digest', outcome: 'sent', platform: 'telegram' })).toBe(1);
    expect(sample(text, 'perfbot_platform_rate_limited_total', { platform: 'slack' })).toBe(1);

    const rows = await t.db.reminder.findMany({ where: { state: { in: ['sent', 'pending'] }, attempts: { gt: 0 } } });
    const lines = logs.entries().filter((e) => e.component === 'dispatcher');
    for (const row of rows) {
      const line = lines.find((e) => (e.reminderIds as number[]).includes(row.id));
      expect(line, `a log line for reminder ${row.id}`).toMatchObject({ enteId: row.enteId, person: row.recipient });
    }
    expect(lines.map((e) => e.msg)).toEqual(expect.arrayContaining(['reminder sent', 'reminder not sent, retry planned', 'digest sent']));
  });

  it('logs every turn with its ente and person ids, and counts turns and answers stored', async () => {
    expect(await say(CARLA, `/start ${inviteCode}`)).toContain('Carla Bianchi');
    expect(await say(ANNA, '/rispondi')).toContain('domande per te');
    expect(await say(ANNA, TYPED_ANSWERS[0]!)).toContain('Non riesco a leggere');
    await say(ANNA, '100');
    await say(ANNA, '30');
    await say(ANNA, TYPED_ANSWERS[1]!);
    await say(ANNA, TYPED_ANSWERS[2]!);
    expect(await press(ANNA, 'Sì')).toContain('Riepilogo');
    expect(await press(ANNA, 'Conferma')).toContain('Salvato');

    const turns = logs.entries().filter((e) => e.msg === 'turn handled');
    expect(turns.length).toBeGreaterThanOrEqual(9);
    for (const turn of turns) expect(turn).toMatchObject({ ente: 'borgo-chat', person: expect.stringMatching(/^(verdi-a|bianchi-c)$/) });
    expect(turns.some((e) => e.person === 'bianchi-c')).toBe(true);

    const text = await scrape();
    expect(sample(text, 'perfbot_turns_total', { platform: 'telegram' })).toBe(turns.length);
    expect(sample(text, 'perfbot_answers_stored_total', { platform: 'telegram' })).toBe(5);
    expect(sample(text, 'perfbot_conversation_errors_total')).toBe(0);
    const ready = await fetch(`http://127.0.0.1:${health.port}/readyz`);
    expect(ready.status).toBe(200);
  });

  it('names the ente and person of a reply the platform refused, and counts the 429', async () => {
    telegramApi.fail('sendMessage', { error_code: 429, description: 'Too Many Requests: retry after 5', retry_after: 5 }, (body) => String(body.chat_id) === String(ANNA));
    await say(ANNA, '/stato');
    const line = await waitFor(() => logs.entries().find((e) => e.msg === 'telegram: a reply was not delivered'), 'the adapter warning');
    expect(line).toMatchObject({ platform: 'telegram', ente: 'borgo-chat', person: 'verdi-a' });
    expect(line).not.toHaveProperty('userId');
    expect(sample(await scrape(), 'perfbot_platform_rate_limited_total', { platform: 'telegram' })).toBe(1);
  });

  it('never wrote a token, a secret, the invite code or a typed answer', () => {
    expect(logs.text.length).toBeGreaterThan(0);
    for (const secret of [TOKEN, TOKEN.split(':')[1]!, SLACK_TOKEN, SIGNING_SECRET, WEBHOOK_SECRET, inviteCode, ...TYPED_ANSWERS]) {
      expect(logs.text, `the logs contain ${secret}`).not.toContain(secret);
    }
  });
});
