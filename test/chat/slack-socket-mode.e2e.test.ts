/**
 * Socket Mode as an operator turns it on: the real bot process (src/main.ts) with
 * SLACK_SOCKET_MODE=on and an app-level token, pointed at the fake Slack Web API, connects to the
 * fake Socket Mode server, acknowledges a DM envelope and answers it with the first question of a
 * real check-in; /readyz says ready and no HTTP port is opened for Slack.
 */
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BotProcess } from '../support/bot-process.js';
import { FakeSlackApi } from '../support/fake-slack-api.js';
import { FakeSocketMode } from '../support/fake-socket-mode.js';
import { dmRequest } from '../support/slack-requests.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';
import { waitFor } from '../support/wait-for.js';

const plan = path.resolve(import.meta.dirname, '..', 'fixtures', 'checkin-plan.yaml');
const APP_TOKEN = 'xapp-1-A0001-e2e-app-token-secret';
const BOT_TOKEN = 'xoxb-e2e-bot-token-secret';

let t: TestDatabase;
let api: FakeSlackApi;
let socket: FakeSocketMode;
let bot: BotProcess | undefined;

beforeEach(async () => {
  t = await createTestDatabase();
  api = await FakeSlackApi.start();
  socket = await FakeSocketMode.start();
  api.socketModeUrl = socket.url;
});
afterEach(async () => {
  bot?.kill();
  await socket.stop();
  await api.stop();
  await t.drop();
});

describe('Slack Socket Mode in the bot process', () => {
  it('starts with SLACK_SOCKET_MODE=on, acknowledges a DM envelope and answers it', async () => {
    bot = new BotProcess({
      DATABASE_URL: t.url,
      PERFBOT_DEMO_PLAN: plan,
      SLACK_BOT_TOKEN: BOT_TOKEN,
      // none: Socket Mode's events come over the app-token connection, not signed HTTP requests
      SLACK_SIGNING_SECRET: '',
      SLACK_SOCKET_MODE: 'on',
      SLACK_APP_TOKEN: APP_TOKEN,
      SLACK_API_URL: api.url,
    });
    const { port } = await bot.line((l) => l.msg === 'health server listening: /healthz /readyz /metrics', 'the health server');
    const started = await bot.line((l) => l.channel === 'slack', 'Slack started', 90_000);
    expect(started.port).toBeUndefined();
    expect(api.callsOf('apps.connections.open').map((c) => c.token)).toEqual([APP_TOKEN]);
    expect(socket.connections).toBe(1);
    const ready = await fetch(`http://127.0.0.1:${String(port)}/readyz`);
    expect(await ready.text()).toBe('ready\n');

    const dm = socket.deliver('events_api', JSON.parse(dmRequest('U0VERDI01', 'DVERDI', 'rispondi', 'Ev900').body) as Record<string, unknown>);
    expect(await socket.ackOf(dm)).toMatchObject({ envelope_id: dm });
    const question = await waitFor(() => api.callsOf('chat.postMessage').find((c) => c.body.channel === 'DVERDI'), 'the answer in the DM', 30_000);
    expect(String(question.body.text)).toContain('domande per te');
    expect(question.body.channel).toBe('DVERDI');
    expect(question.token).toBe(BOT_TOKEN);
    const output = bot.stdout + bot.stderr + JSON.stringify(bot.lines);
    for (const token of [APP_TOKEN, BOT_TOKEN]) expect(output).not.toContain(token);
  }, 120_000);
});
