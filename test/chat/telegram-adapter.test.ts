/**
 * The Telegram adapter end to end: the real telegraf bot long-polls (or receives webhooks from)
 * a fake Bot API on 127.0.0.1. The handler is scripted: what is under test is the translation
 * both ways, not the check-in engine.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTelegramChannel, type TelegramChannel } from '../../src/chat/telegram/adapter.js';
import { PlatformError, UnreachableError } from '../../src/chat/port.js';
import { SendQueue, telegramLimits } from '../../src/chat/send-queue.js';
import { translator } from '../../src/i18n/messages.js';
import { FakeTelegramApi, callbackUpdate, textUpdate, type TelegramApiCall } from '../support/fake-telegram-api.js';
import { RecordingHandler, echo } from '../support/recording-handler.js';
import { recordingLogger } from '../support/recording-logger.js';
import { waitFor } from '../support/wait-for.js';

const TOKEN = '123456:TEST-token_abc';

interface InlineKeyboard {
  inline_keyboard: Array<Array<{ text: string; callback_data: string }>>;
}

function visibleText(html: string): string {
  return html.replace(/<\/?b>/g, '').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}

describe('Telegram adapter with long polling (real telegraf against a fake Bot API)', () => {
  let api: FakeTelegramApi;
  let handler: RecordingHandler;
  let logger: ReturnType<typeof recordingLogger>;
  let channel: TelegramChannel;

  const sent = () => api.callsOf('sendMessage');

  beforeEach(async () => {
    api = await FakeTelegramApi.start(TOKEN);
    handler = new RecordingHandler();
    logger = recordingLogger();
    // Telegram's limits at 1/50 of real time: the split test's dozen messages to one chat would wait
    // a second each (1/s per chat); the pacing itself is tested in send-queue.test.ts.
    const sendQueue = new SendQueue({ platform: 'telegram', limitsOf: telegramLimits, timeScale: 0.02 });
    channel = createTelegramChannel({ handler, botToken: TOKEN, apiRoot: api.apiRoot, logger, sendQueue });
    await channel.start();
  });

  afterEach(async () => {
    await channel.stop();
    await api.stop();
  });

  it('passes a private text message to the handler and replies in HTML with an inline keyboard', async () => {
    const updateId = api.queueUpdate(textUpdate(111, '*60* < 70 & più'));

    const [reply] = await waitFor(() => (sent().length > 0 ? sent() : undefined), 'the reply');
    expect(handler.events).toEqual([
      { platform: 'telegram', userId: '111', chatId: '111', kind: 'text', text: '*60* < 70 & più', messageRef: '77', deliveryId: String(updateId) },
    ]);
    expect(reply!.body).toMatchObject({
      chat_id: '111',
      text: 'echo text: <b>60</b> &lt; 70 &amp; più',
      parse_mode: 'HTML',
      reply_markup: { inline_keyboard: [[{ text: 'Sì', callback_data: 'yes' }, { text: 'No', callback_data: 'no' }]] },
    });
    expect(api.callsOf('getMe')).toHaveLength(1);
    expect(api.callsOf('deleteWebhook')).toHaveLength(1);
    expect(api.callsOf('getUpdates')[0]!.body.allowed_updates).toEqual(['message', 'callback_query']);
  });

  it('reads bot commands, with /start <code> as the invitation deep link', async () => {
    const ids = ['/start abc123XYZ', '/stato', '/lingua@perfbot_test_bot en', '/help', '/sconosciuto x'].map((text) => api.queueUpdate(textUpdate(111, text)));

    await waitFor(() => handler.events.length === ids.length, 'five events');
    const byId = (id: number) => handler.events.find((e) => e.deliveryId === String(id));
    expect(byId(ids[0]!)).toMatchObject({ kind: 'command', command: 'start', text: 'abc123XYZ' });
    expect(byId(ids[1]!)).toMatchObject({ kind: 'command', command: 'stato', text: '' });
    expect(byId(ids[2]!)).toMatchObject({ kind: 'command', command: 'lingua', text: 'en' });
    expect(byId(ids[3]!)).toMatchObject({ kind: 'command', command: 'aiuto', text: '' });
    expect(byId(ids[4]!)).toMatchObject({ kind: 'text', text: '/sconosciuto x' });
    expect(byId(ids[4]!)!.command).toBeUndefined();
  });

  it('ignores messages in group chats', async () => {
    const groupId = api.queueUpdate(textUpdate(111, 'ciao a tutti', 'group'));
    await waitFor(() => api.polledPast(groupId), 'the bot to finish the group update');
    expect(handler.events).toEqual([]);
    expect(sent()).toEqual([]);

    api.queueUpdate(textUpdate(111, 'ciao'));
    await waitFor(() => handler.events.length > 0, 'the private message');
    expect(handler.events.map((e) => e.text)).toEqual(['ciao']);
  });

  it('answers a button press first, removes the keyboard, then passes the choice; long values travel by a short key', async () => {
    const longValue = `modifica:${'OB-2022-017/indicatore-3;'.repeat(5)}`;
    let answeredBeforeHandler = -1;
    handler.script = (event) => {
      if (event.kind === 'choice') {
        answeredBeforeHandler = api.callsOf('answerCallbackQuery').length;
        return [{ text: `scelto ${event.text.length}` }];
      }
      return [{ text: 'Quale risposta vuoi modificare?', choices: [[{ label: 'Indicatore 3', value: longValue }], [{ label: 'Annulla', value: 'annulla' }]] }];
    };
    api.queueUpdate(textUpdate(111, 'modifica'));
    const [question] = await waitFor(() => (sent().length > 0 ? sent() : undefined), 'the question');
    const keyboard = (question!.body.reply_markup as InlineKeyboard).inline_keyboard;
    const longData = keyboard[0]![0]!.callback_data;
    expect(Buffer.byteLength(longValue)).toBeGreaterThan(64);
    expect(Buffer.byteLength(longData)).toBeLessThanOrEqual(64);
    expect(keyboard[1]![0]!.callback_data).toBe('annulla');

    const pressId = api.queueUpdate(callbackUpdate(111, longData));
    await waitFor(() => sent().length === 2, 'the answer to the press');
    expect(handler.events[1]).toEqual({ platform: 'telegram', userId: '111', chatId: '111', kind: 'choice', text: longValue, messageRef: '88', deliveryId: String(pressId) });
    expect(answeredBeforeHandler).toBe(1);
    expect(api.callsOf('editMessageReplyMarkup')[0]!.body).toMatchObject({ chat_id: 111, message_id: 88 });
    expect(sent()[1]!.body.text).toBe(`scelto ${longValue.length}`);
  });

  it('tells the person a button has expired when its short key is unknown, without bothering the handler', async () => {
    api.queueUpdate(callbackUpdate(111, '#k:unknownkeyfromanotherrun'));
    const [notice] = await waitFor(() => (sent().length > 0 ? sent() : undefined), 'the notice');
    expect(visibleText(String(notice!.body.text))).toBe(translator('it')('chat.buttonExpired'));
    expect(handler.events).toEqual([]);
  });

  it.each([
    [403, 'Forbidden: bot was blocked by the user'],
    [403, 'Forbidden: user is deactivated'],
    [400, 'Bad Request: chat not found'],
    [403, "Forbidden: bot can't initiate conversation with a user"],
  ])('reports %i "%s" as UnreachableError and tells the handler', async (code, description) => {
    api.fail('sendMessage', { error_code: code, description }, (body) => body.chat_id === '222');
    const failure = await channel.send({ platform: 'telegram', chatId: '222' }, { text: 'promemoria' }).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(UnreachableError);
    expect((failure as UnreachableError).reason).toBe(description);
    expect(handler.unreachable).toEqual([{ platform: 'telegram', userId: '222', reason: description }]);
  });

  it('marks the person unreachable when a reply to their message is refused', async () => {
    api.fail('sendMessage', { error_code: 403, description: 'Forbidden: bot was blocked by the user' }, (body) => body.chat_id === '333');
    api.queueUpdate(textUpdate(333, 'ciao'));
    await waitFor(() => handler.unreachable.length > 0, 'the unreachable mark');
    expect(handler.unreachable).toEqual([{ platform: 'telegram', userId: '333', reason: 'Forbidden: bot was blocked by the user' }]);
    expect(logger.lines.map((l) => l.message)).toContain('telegram: a reply was not delivered');
  });

  it('turns 429 into a PlatformError with retry_after, and other errors into PlatformError', async () => {
    api.fail('sendMessage', { error_code: 429, description: 'Too Many Requests: retry after 3', retry_after: 3 }, (body) => body.chat_id === '444');
    api.fail('sendMessage', { error_code: 400, description: 'Bad Request: message is too long' }, (body) => body.chat_id === '445');

    const limited = await channel.send({ platform: 'telegram', chatId: '444' }, { text: 'uno' }).catch((e: unknown) => e);
    expect(limited).toBeInstanceOf(PlatformError);
    expect(limited).toMatchObject({ platform: 'telegram', method: 'sendMessage', code: '429', retryAfterSeconds: 3 });

    const refused = await channel.send({ platform: 'telegram', chatId: '445' }, { text: 'due' }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(PlatformError);
    expect((refused as PlatformError).code).toContain('message is too long');
    expect(handler.unreachable).toEqual([]);
  });

  it('splits text over 4,096 characters into several messages, the keyboard on the last, losing nothing', async () => {
    const paragraphs = Array.from({ length: 40 }, (_, i) => `Paragrafo ${i}: *OB${i}* 5 < 6 & ${'avanzamento regolare '.repeat(30)}fine${i}`);
    paragraphs.splice(10, 0, Array.from({ length: 300 }, (_, i) => `riga ${i} & <nota>`).join('\n'));
    paragraphs.splice(20, 0, `parolalunga${'y'.repeat(9000)}`);
    const text = paragraphs.join('\n\n');

    const messageId = await channel.send({ platform: 'telegram', chatId: '555' }, { text, choices: [[{ label: 'Conferma', value: 'confirm' }]] });

    const messages: TelegramApiCall[] = sent();
    expect(messages.length).toBeGreaterThan(4);
    expect(messageId).toBe(String(500 + messages.length - 1));
    for (const message of messages) {
      expect(String(message.body.text).length).toBeLessThanOrEqual(4096);
      expect(message.body.parse_mode).toBe('HTML');
    }
    expect(messages.map((m) => m.body.reply_markup !== undefined)).toEqual(messages.map((_, i) => i === messages.length - 1));
    const received = messages.map((m) => visibleText(String(m.body.text))).join('');
    expect(received.replace(/[\s*]+/g, '')).toBe(text.replace(/[\s*]+/g, ''));
  });

  it('answers with a short notice when the handler fails, and logs the failure', async () => {
    handler.script = () => {
      throw new Error('database down');
    };
    api.queueUpdate(textUpdate(111, 'ciao'));
    const [notice] = await waitFor(() => (sent().length > 0 ? sent() : undefined), 'the notice');
    expect(visibleText(String(notice!.body.text))).toBe(translator('it')('chat.error'));
    expect(logger.lines.map((l) => l.message)).toContain('telegram: the conversation handler failed');
  });
});

describe('Telegram adapter with a webhook', () => {
  const secretToken = 'webhook_SECRET-42';
  const path = '/telegram/hook';
  let api: FakeTelegramApi;
  let handler: RecordingHandler;
  let channel: TelegramChannel;
  let hookUrl: string;

  const post = async (update: Record<string, unknown>, headers: Record<string, string>, url = hookUrl) => {
    const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(update) });
    await response.text();
    return response.status;
  };

  beforeEach(async () => {
    api = await FakeTelegramApi.start(TOKEN);
    handler = new RecordingHandler(echo);
    channel = createTelegramChannel({
      handler,
      botToken: TOKEN,
      apiRoot: api.apiRoot,
      logger: recordingLogger(),
      webhook: { url: 'https://perfbot.example.org/telegram/hook', secretToken, port: 0, path },
    });
    await channel.start();
    hookUrl = `http://127.0.0.1:${channel.port}${path}`;
  });

  afterEach(async () => {
    await channel.stop();
    await api.stop();
  });

  it('registers the webhook with its secret token instead of polling', () => {
    expect(api.callsOf('setWebhook').map((c) => c.body)).toEqual([
      { url: 'https://perfbot.example.org/telegram/hook', secret_token: secretToken, allowed_updates: ['message', 'callback_query'] },
    ]);
    expect(api.callsOf('getUpdates')).toEqual([]);
    expect(api.callsOf('deleteWebhook')).toEqual([]);
  });

  it('answers 401 to a request without the right secret token, and it reaches nothing', async () => {
    const wrong = await post({ update_id: api.takeUpdateId(), ...textUpdate(111, 'wrong') }, { 'x-telegram-bot-api-secret-token': 'not-the-secret' });
    const missing = await post({ update_id: api.takeUpdateId(), ...textUpdate(111, 'missing') }, {});
    const longer = await post({ update_id: api.takeUpdateId(), ...textUpdate(111, 'longer') }, { 'x-telegram-bot-api-secret-token': `${secretToken}x` });
    const wrongPath = await post({ update_id: api.takeUpdateId(), ...textUpdate(111, 'path') }, { 'x-telegram-bot-api-secret-token': secretToken }, `http://127.0.0.1:${channel.port}/other`);
    expect([wrong, missing, longer, wrongPath]).toEqual([401, 401, 401, 404]);

    const updateId = api.takeUpdateId();
    const ok = await post({ update_id: updateId, ...textUpdate(111, 'giusto') }, { 'x-telegram-bot-api-secret-token': secretToken });
    expect(ok).toBe(200);
    await waitFor(() => sent().length > 0, 'the reply sent through the API');
    expect(handler.events.map((e) => [e.text, e.deliveryId])).toEqual([['giusto', String(updateId)]]);
    expect(sent()[0]!.body).toMatchObject({ chat_id: '111', text: 'echo text: giusto' });

    function sent() {
      return api.callsOf('sendMessage');
    }
  });
});
