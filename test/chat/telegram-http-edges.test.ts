/**
 * The edges of the Telegram webhook (issue 10, item 10): bodies too large to read and bodies that
 * carry the right secret but are not updates. The real telegraf bot receives them over HTTP.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTelegramChannel, type TelegramChannel } from '../../src/chat/telegram/adapter.js';
import { FakeTelegramApi, textUpdate } from '../support/fake-telegram-api.js';
import { RecordingHandler } from '../support/recording-handler.js';
import { recordingLogger } from '../support/recording-logger.js';
import { sendOversized } from '../support/oversized-request.js';
import { waitFor } from '../support/wait-for.js';

const TOKEN = '123456:TEST-token_abc';
const SECRET = 'webhook_SECRET-42';
const PATH = '/telegram/hook';

describe('Telegram webhook edges (real telegraf)', () => {
  let api: FakeTelegramApi;
  let handler: RecordingHandler;
  let channel: TelegramChannel;
  let hookUrl: string;

  const post = async (body: string, secret = SECRET) => {
    const response = await fetch(hookUrl, { method: 'POST', headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': secret }, body });
    await response.text();
    return response.status;
  };

  /** The webhook still works: a real update right after gets its reply. */
  async function stillServes(): Promise<void> {
    const updateId = api.takeUpdateId();
    expect(await post(JSON.stringify({ update_id: updateId, ...textUpdate(111, 'ancora vivo') }))).toBe(200);
    await waitFor(() => handler.events.some((e) => e.deliveryId === String(updateId)), 'the update after the bad request');
  }

  beforeEach(async () => {
    api = await FakeTelegramApi.start(TOKEN);
    handler = new RecordingHandler();
    channel = createTelegramChannel({ handler, botToken: TOKEN, apiRoot: api.apiRoot, logger: recordingLogger(), webhook: { url: 'https://perfbot.example.org/telegram/hook', secretToken: SECRET, port: 0, path: PATH } });
    await channel.start();
    hookUrl = `http://127.0.0.1:${channel.port}${PATH}`;
  });

  afterEach(async () => {
    await channel.stop();
    await api.stop();
  });

  it('answers 413 to a body declared over 1 MB before reading it, and keeps serving', async () => {
    const outcome = await sendOversized({ url: hookUrl, headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': SECRET }, declaredLength: 5 * 1024 * 1024, send: 64 * 1024 });
    expect(outcome.status).toBe(413);
    expect(handler.events).toEqual([]);
    await stillServes();
  });

  it('answers 413 to a streamed body once it passes 1 MB, without waiting for the rest', async () => {
    const outcome = await sendOversized({ url: hookUrl, headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': SECRET }, send: 1024 * 1024 + 256 * 1024 });
    expect(outcome.status).toBe(413);
    await stillServes();
  });

  it('does not read the body of a request without the secret', async () => {
    const outcome = await sendOversized({ url: hookUrl, headers: { 'content-type': 'application/json' }, declaredLength: 512 * 1024, send: 64 * 1024 });
    expect(outcome.status).toBe(401);
  });

  it('answers 400 to a body with the secret that is not an update (bad JSON, null, no update_id)', async () => {
    expect([await post('{not json'), await post('null'), await post('[]'), await post(JSON.stringify(textUpdate(111, 'senza id')))]).toEqual([400, 400, 400, 400]);
    expect(handler.events).toEqual([]);
    await stillServes();
  });
});
