/**
 * The Telegram channel's lifecycle against a fake Bot API: stop() must end whatever start() began,
 * whenever it is called — in particular in the gap where telegraf has the bot's identity (start()
 * has resolved) but has not begun long polling yet, as a SIGTERM right after start-up would.
 * The fake holds each long poll far longer than the bound, so a stop that does not really end
 * polling shows as a stop that does not resolve in time.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTelegramChannel, type TelegramChannel } from '../../src/chat/telegram/adapter.js';
import { FakeTelegramApi, textUpdate } from '../support/fake-telegram-api.js';
import { RecordingHandler } from '../support/recording-handler.js';
import { recordingLogger } from '../support/recording-logger.js';
import { waitFor } from '../support/wait-for.js';

const TOKEN = '123456:TEST-token_abc';
/** A hang check, not a performance goal: a working stop takes milliseconds. */
const BOUND_MS = 3000;
/** How long a long poll stays open at the fake when no update comes: well beyond the bound. */
const LONG_POLL_HOLD_MS = 60_000;
/** How long to watch for late API calls after a stop. */
const QUIET_MS = 400;

const TIMED_OUT = Symbol('timed out');

/** Settles to the promise's value, or to TIMED_OUT when it has not settled within `ms`. */
async function within<T>(promise: Promise<T>, ms = BOUND_MS): Promise<T | typeof TIMED_OUT> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<typeof TIMED_OUT>((resolve) => (timer = setTimeout(() => resolve(TIMED_OUT), ms)));
  try {
    return await Promise.race([promise, deadline]);
  } finally {
    clearTimeout(timer);
  }
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('Telegram channel lifecycle with long polling', () => {
  let api: FakeTelegramApi;
  let handler: RecordingHandler;
  let channel: TelegramChannel;

  const polls = () => api.callsOf('getUpdates').length;

  /** After a stop: no further getUpdates, and an update sent now reaches nobody. */
  async function expectPollingOver(): Promise<void> {
    const pollsAtStop = polls();
    api.queueUpdate(textUpdate(111, 'anyone there?'));
    await pause(QUIET_MS);
    expect(polls()).toBe(pollsAtStop);
    expect(handler.events).toEqual([]);
  }

  beforeEach(async () => {
    api = await FakeTelegramApi.start(TOKEN, LONG_POLL_HOLD_MS);
    handler = new RecordingHandler();
    channel = createTelegramChannel({ handler, botToken: TOKEN, apiRoot: api.apiRoot, logger: recordingLogger() });
  });

  afterEach(async () => {
    await api.stop();
  });

  it('stops when stop() follows start() at once', async () => {
    await channel.start();
    expect(await within(channel.stop())).not.toBe(TIMED_OUT);
    await expectPollingOver();
  });

  it('stops when stop() comes after start() but before telegraf has begun polling', async () => {
    // start() resolves once getMe has answered; telegraf polls only after deleteWebhook has too
    const releaseDeleteWebhook = api.hold('deleteWebhook');
    await channel.start();
    await waitFor(() => api.callsOf('deleteWebhook').length > 0, 'deleteWebhook to be asked');
    expect(polls()).toBe(0);

    const stopped = channel.stop();
    await pause(50);
    releaseDeleteWebhook();

    expect(await within(stopped)).not.toBe(TIMED_OUT);
    await expectPollingOver();
  });

  it('stops when stop() comes while start() still waits for the bot identity', async () => {
    const releaseGetMe = api.hold('getMe');
    const started = channel.start().then(
      () => 'resolved',
      (error: unknown) => error,
    );
    await waitFor(() => api.callsOf('getMe').length > 0, 'getMe to be asked');

    const stopped = channel.stop();
    await pause(50);
    releaseGetMe();

    expect(await within(stopped)).not.toBe(TIMED_OUT);
    expect(await within(started)).not.toBe(TIMED_OUT);
    await expectPollingOver();
  });

  it('stops while a long poll is open, without waiting for it to end', async () => {
    await channel.start();
    await waitFor(() => polls() > 0, 'the first long poll');

    expect(await within(channel.stop())).not.toBe(TIMED_OUT);
    await expectPollingOver();
  });

  it('still handles updates between start() and stop()', async () => {
    await channel.start();
    api.queueUpdate(textUpdate(111, 'ciao'));
    await waitFor(() => handler.events.length > 0, 'the message');
    expect(handler.events.map((e) => e.text)).toEqual(['ciao']);
    expect(await within(channel.stop())).not.toBe(TIMED_OUT);
  });

  it('can be stopped twice in a row', async () => {
    await channel.start();
    await waitFor(() => polls() > 0, 'the first long poll');
    expect(await within(channel.stop())).not.toBe(TIMED_OUT);
    expect(await within(channel.stop())).not.toBe(TIMED_OUT);
    await expectPollingOver();
  });

  it('lets a second concurrent stop() resolve only once polling has really ended', async () => {
    await channel.start();
    await waitFor(() => polls() > 0, 'the first long poll');
    const first = channel.stop();
    const second = channel.stop();

    expect(await within(second)).not.toBe(TIMED_OUT);
    await expectPollingOver();
    expect(await within(first)).not.toBe(TIMED_OUT);
  });

  it('can be stopped without having been started', async () => {
    expect(await within(channel.stop())).not.toBe(TIMED_OUT);
    expect(api.calls).toEqual([]);
  });
});

describe('Telegram channel lifecycle with a webhook', () => {
  const secretToken = 'webhook_SECRET-42';
  const path = '/telegram/hook';
  let api: FakeTelegramApi;
  let channel: TelegramChannel;

  /** Whether something still answers HTTP on the port. */
  async function listening(port: number): Promise<boolean> {
    try {
      const response = await fetch(`http://127.0.0.1:${port}${path}`, { method: 'POST', body: '{}' });
      await response.text();
      return true;
    } catch {
      return false;
    }
  }

  beforeEach(async () => {
    api = await FakeTelegramApi.start(TOKEN, LONG_POLL_HOLD_MS);
    channel = createTelegramChannel({
      handler: new RecordingHandler(),
      botToken: TOKEN,
      apiRoot: api.apiRoot,
      logger: recordingLogger(),
      webhook: { url: 'https://perfbot.example.org/telegram/hook', secretToken, port: 0, path },
    });
  });

  afterEach(async () => {
    await api.stop();
  });

  it('closes the webhook server when stop() follows start() at once, and a second stop() is harmless', async () => {
    await channel.start();
    const port = channel.port!;
    expect(await listening(port)).toBe(true);

    expect(await within(channel.stop())).not.toBe(TIMED_OUT);
    expect(channel.port).toBeUndefined();
    expect(await listening(port)).toBe(false);
    expect(await within(channel.stop())).not.toBe(TIMED_OUT);
    expect(api.callsOf('getUpdates')).toEqual([]);
  });

  it('does not register the webhook when stop() comes while the server is still binding', async () => {
    const started = channel.start().then(
      () => 'resolved',
      (error: unknown) => error,
    );
    expect(await within(channel.stop())).not.toBe(TIMED_OUT);
    expect(await within(started)).toBe('resolved');
    expect(channel.port).toBeUndefined();
    await pause(QUIET_MS);
    expect(api.calls).toEqual([]);
  });

  it('leaves no server listening when stop() comes while setWebhook is still pending', async () => {
    const releaseSetWebhook = api.hold('setWebhook');
    const started = channel.start().then(
      () => 'resolved',
      (error: unknown) => error,
    );
    await waitFor(() => api.callsOf('setWebhook').length > 0, 'setWebhook to be asked');
    const port = channel.port!;
    expect(port).toBeGreaterThan(0);

    const stopped = channel.stop();
    await pause(50);
    releaseSetWebhook();

    expect(await within(stopped)).not.toBe(TIMED_OUT);
    expect(await within(started)).not.toBe(TIMED_OUT);
    expect(channel.port).toBeUndefined();
    expect(await listening(port)).toBe(false);
  });
});
