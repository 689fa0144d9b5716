/**
 * Slack over Socket Mode: the real Bolt app with its SocketModeReceiver asks the fake Web API for a
 * WebSocket URL (apps.connections.open, with the app-level token), connects to a fake Socket Mode
 * server on 127.0.0.1, and receives envelopes as Slack sends them: a DM (events_api) and a button
 * press (interactive block_actions). Each envelope must be acknowledged, and the check-in engine's
 * answers must go out through the fake Web API.
 */
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSlackChannel, type SlackChannel } from '../../src/chat/slack/adapter.js';
import { CheckinEngine } from '../../src/conversations/checkin-engine.js';
import { importPlan } from '../../src/db/plan-import.js';
import { readPlanFile } from '../../src/plan-file/read.js';
import { FakeSlackApi } from '../support/fake-slack-api.js';
import { FakeSocketMode } from '../support/fake-socket-mode.js';
import { recordingLogger } from '../support/recording-logger.js';
import { buttonPressRequest, commandRequest, dmRequest } from '../support/slack-requests.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';
import { waitFor } from '../support/wait-for.js';

const plan = path.resolve(import.meta.dirname, '..', 'fixtures', 'checkin-plan.yaml');
const APP_TOKEN = 'xapp-1-test-app-token';
const BOT_TOKEN = 'xoxb-test-token';
const VERDI = 'U0VERDI01';

interface ActionsBlock {
  type: 'actions';
  elements: Array<{ action_id: string; value: string; text: { text: string } }>;
}

let t: TestDatabase;
let api: FakeSlackApi;
let socket: FakeSocketMode;
let channel: SlackChannel;

beforeEach(async () => {
  t = await createTestDatabase();
  await importPlan(t.db, (await readPlanFile(plan)).plan, { actor: 'test', reason: 'test' });
  api = await FakeSlackApi.start();
  socket = await FakeSocketMode.start();
  api.socketModeUrl = socket.url;
  channel = createSlackChannel({
    handler: new CheckinEngine(t.db, () => new Date('2022-08-02T07:30:00Z')),
    botToken: BOT_TOKEN,
    signingSecret: 'unused-in-socket-mode',
    apiUrl: api.url,
    port: 0,
    socketMode: true,
    appToken: APP_TOKEN,
    logger: recordingLogger(),
  });
  await channel.start();
});
afterEach(async () => {
  await channel.stop();
  await socket.stop();
  await api.stop();
  await t.drop();
});

describe('Slack Socket Mode (real Bolt SocketModeReceiver against a fake WebSocket server)', () => {
  it('opens the connection with the app-level token at the fake Web API, and listens on no HTTP port', () => {
    const opened = api.callsOf('apps.connections.open');
    expect(opened).toHaveLength(1);
    expect(opened[0]!.token).toBe(APP_TOKEN);
    expect(api.callsOf('auth.test')[0]!.token).toBe(BOT_TOKEN);
    expect(socket.connections).toBe(1);
    expect(channel.port).toBeUndefined();
  });

  it('acknowledges a DM envelope and a button-press envelope, and answers both through the Web API', async () => {
    const dm = socket.deliver('events_api', JSON.parse(dmRequest(VERDI, 'DVERDI', 'rispondi', 'Ev100').body) as Record<string, unknown>);
    expect(await socket.ackOf(dm)).toMatchObject({ envelope_id: dm });
    const question = await waitFor(() => api.callsOf('chat.postMessage').find((c) => String(c.body.text).includes('Fase 1: Analisi dei processi')), 'the first question');
    expect(question.body.channel).toBe('DVERDI');
    const buttons = (question.body.blocks as Array<{ type: string }>).filter((b): b is ActionsBlock => b.type === 'actions').flatMap((b) => b.elements);
    const later = buttons.find((b) => b.text.text === 'Dopo')!;
    expect(later).toBeDefined();

    const posted = api.callsOf('chat.postMessage').length;
    const form = new URLSearchParams(buttonPressRequest({ userId: VERDI, actionId: later.action_id, value: later.value, triggerId: 'trig-100', channel: 'DVERDI' }).body);
    const press = socket.deliver('interactive', JSON.parse(form.get('payload')!) as Record<string, unknown>);
    expect(await socket.ackOf(press)).toMatchObject({ envelope_id: press });
    // «Dopo» moves the phase to the end: the next question is the second item
    const next = await waitFor(() => api.callsOf('chat.postMessage').slice(posted).find((c) => c.body.channel === 'DVERDI'), 'the answer to the button');
    expect(String(next.body.text)).not.toContain('Fase 1: Analisi dei processi');
    expect(next.body.text).toBe('Va bene, te la richiedo alla fine.');
  });

  it('acknowledges a /perfbot slash-command envelope and answers in the DM', async () => {
    const form = Object.fromEntries(new URLSearchParams(commandRequest('/perfbot', 'aiuto', VERDI, 'trig-200').body));
    const command = socket.deliver('slash_commands', form);
    expect(await socket.ackOf(command)).toMatchObject({ envelope_id: command });
    const reply = await waitFor(() => api.callsOf('chat.postMessage').find((c) => c.body.channel === 'D0VERDI01'), 'the help in the DM');
    expect(String(reply.body.text)).toContain('rispondi');
  });

  it('reconnects when Slack asks for a refresh, and answers DMs on the new connection', async () => {
    socket.disconnect('refresh_requested');
    await waitFor(() => socket.connections === 2, 'the second connection', 20_000);
    expect(api.callsOf('apps.connections.open')).toHaveLength(2);
    const dm = socket.deliver('events_api', JSON.parse(dmRequest(VERDI, 'DVERDI', 'rispondi', 'Ev300').body) as Record<string, unknown>);
    await socket.ackOf(dm);
    await waitFor(() => api.callsOf('chat.postMessage').find((c) => String(c.body.text).includes('Fase 1: Analisi dei processi')), 'the first question');
  }, 30_000);
});

describe('Slack Socket Mode start', () => {
  it('fails with a PlatformError naming the call when Slack refuses the app-level token', async () => {
    const refusing = await FakeSlackApi.start();
    refusing.fail('apps.connections.open', { error: 'invalid_auth' });
    const refused = createSlackChannel({ handler: new CheckinEngine(t.db, () => new Date('2022-08-02T07:30:00Z')), botToken: BOT_TOKEN, signingSecret: 'unused', apiUrl: refusing.url, port: 0, socketMode: true, appToken: APP_TOKEN, logger: recordingLogger() });
    try {
      await expect(refused.start()).rejects.toMatchObject({ name: 'PlatformError', method: 'apps.connections.open', code: 'invalid_auth' });
    } finally {
      await refused.stop();
      await refusing.stop();
    }
  });
});
