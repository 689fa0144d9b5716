/**
 * One person talking to a bot through the real adapters, for tests that fire events together:
 * Slack (the real Bolt app on signed requests, against the fake Web API) and Telegram (the real
 * telegraf bot polling the fake Bot API). Each knows the buttons the bot sent and can press any of
 * them — the latest or an older one.
 */
import { createSlackChannel, type SlackChannel } from '../../src/chat/slack/adapter.js';
import { createTelegramChannel, type TelegramChannel } from '../../src/chat/telegram/adapter.js';
import type { ConversationHandler } from '../../src/conversations/conversation-handler.js';
import type { FakeSlackApi, SlackApiCall } from './fake-slack-api.js';
import { callbackUpdate, textUpdate, type FakeTelegramApi, type TelegramApiCall } from './fake-telegram-api.js';
import { recordingLogger } from './recording-logger.js';
import { buttonPressRequest, commandRequest, deliverToSlackApp, dmRequest } from './slack-requests.js';
import { waitFor } from './wait-for.js';

export const SIGNING_SECRET = 'test-signing-secret-0123456789abcdef';
let sequence = 0;

/** A message the bot sent the person: its text and its buttons (label, value as the platform carries it). */
export interface BotMessage {
  text: string;
  buttons: Array<{ label: string; value: string; actionId?: string }>;
}

interface Block {
  type: string;
  text?: { text: string };
  elements?: Array<{ action_id: string; value: string; text: { text: string } }>;
}

/** Anna on Slack: DMs, `/perfbot` commands and button presses, as signed requests to a real Bolt app. */
export class SlackPerson {
  /** where the events go: the in-process app's, or a bot process's (`/slack/events` on its port) */
  url: string;

  constructor(
    private readonly api: FakeSlackApi,
    readonly channel: SlackChannel | null,
    readonly userId = 'U0VERDI01',
    readonly dm = 'D0VERDI01',
  ) {
    this.url = channel ? `http://127.0.0.1:${channel.port}/slack/events` : '';
  }

  /** Anna talking to bot processes (see bot-worker.ts); point `url` at one. */
  static remote(api: FakeSlackApi, port: number): SlackPerson {
    const person = new SlackPerson(api, null);
    person.url = SlackPerson.urlOf(port);
    return person;
  }

  static urlOf(port: number): string {
    return `http://127.0.0.1:${port}/slack/events`;
  }

  /** Starts a Bolt app for `handler` against the fake Web API. */
  static async start(api: FakeSlackApi, handler: ConversationHandler): Promise<SlackPerson> {
    const channel = createSlackChannel({ handler, botToken: 'xoxb-test-token', signingSecret: SIGNING_SECRET, apiUrl: api.url, port: 0, logger: recordingLogger() });
    await channel.start();
    return new SlackPerson(api, channel);
  }

  /** Every message the bot posted in the DM, oldest first. */
  messages(): BotMessage[] {
    return this.api
      .callsOf('chat.postMessage')
      .filter((c: SlackApiCall) => c.body.channel === this.dm)
      .map((c) => {
        const blocks = (c.body.blocks as Block[]) ?? [];
        return {
          text: blocks.filter((b) => b.type === 'section').map((b) => b.text!.text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&')).join('\n'),
          buttons: blocks.filter((b) => b.type === 'actions').flatMap((b) => b.elements!.map((e) => ({ label: e.text.text, value: e.value, actionId: e.action_id }))),
        };
      });
  }

  /** Sends a DM; resolves once Slack's request is acknowledged (the bot answers later). */
  async say(text: string): Promise<void> {
    const response = await deliverToSlackApp(this.url, SIGNING_SECRET, dmRequest(this.userId, this.dm, text, `Ev${++sequence}`));
    if (response.status !== 200) throw new Error(`Slack event got ${response.status}`);
  }

  async command(text: string): Promise<void> {
    await deliverToSlackApp(this.url, SIGNING_SECRET, commandRequest('/perfbot', text, this.userId, `trigger-${++sequence}`, this.dm));
  }

  /** Presses a button of `message` (default: the latest message that has one with this label). */
  async press(label: string, message?: BotMessage): Promise<void> {
    const from = message ?? [...this.messages()].reverse().find((m) => m.buttons.some((b) => b.label.includes(label)));
    const button = from?.buttons.find((b) => b.label.includes(label));
    if (!button) throw new Error(`no button «${label}»`);
    await deliverToSlackApp(this.url, SIGNING_SECRET, buttonPressRequest({ userId: this.userId, actionId: button.actionId!, value: button.value, triggerId: `trigger-${++sequence}`, channel: this.dm }));
  }

  /** Presses the App Home's "Rispondi ora" (a command button, from the Home tab). */
  async pressHomeAnswerNow(): Promise<void> {
    await deliverToSlackApp(this.url, SIGNING_SECRET, buttonPressRequest({ userId: this.userId, actionId: 'perfbot:command', value: 'rispondi', triggerId: `trigger-${++sequence}` }));
  }

  /** Waits until the bot has posted at least `atLeast` messages after the first `count` and returns those. */
  async repliesAfter(count: number, what: string, atLeast = 1, timeoutMs = 20_000): Promise<BotMessage[]> {
    await waitFor(() => this.messages().length >= count + atLeast, what, timeoutMs);
    return this.messages().slice(count);
  }

  async stop(): Promise<void> {
    await this.channel?.stop();
  }
}

interface Keyboard {
  inline_keyboard: Array<Array<{ text: string; callback_data: string }>>;
}

/** Anna on Telegram: updates queued on the fake Bot API, polled by a real telegraf bot. */
export class TelegramPerson {
  constructor(
    private readonly api: FakeTelegramApi,
    readonly channel: TelegramChannel,
    readonly userId = 111111111,
  ) {}

  static async start(api: FakeTelegramApi, handler: ConversationHandler, token: string): Promise<TelegramPerson> {
    const channel = createTelegramChannel({ handler, botToken: token, apiRoot: api.apiRoot, logger: recordingLogger() });
    await channel.start();
    return new TelegramPerson(api, channel);
  }

  messages(): BotMessage[] {
    return this.api
      .callsOf('sendMessage')
      .filter((c: TelegramApiCall) => String(c.body.chat_id) === String(this.userId))
      .map((c) => ({
        text: String(c.body.text).replace(/<\/?b>/g, '*').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&'),
        buttons: ((c.body.reply_markup as Keyboard | undefined)?.inline_keyboard.flat() ?? []).map((b) => ({ label: b.text, value: b.callback_data })),
      }));
  }

  /** Queues a text update; resolves to its update id (the bot handles it on its next poll). */
  say(text: string): number {
    return this.api.queueUpdate(textUpdate(this.userId, text));
  }

  /** Presses a button of `message` (default: the latest message that has one with this label). */
  press(label: string, message?: BotMessage): number {
    const from = message ?? [...this.messages()].reverse().find((m) => m.buttons.some((b) => b.label.includes(label)));
    const button = from?.buttons.find((b) => b.label.includes(label));
    if (!button) throw new Error(`no button «${label}»`);
    return this.api.queueUpdate(callbackUpdate(this.userId, button.value));
  }

  /** Waits until the bot finished the batch holding `updateId`. */
  async handled(updateId: number, timeoutMs = 20_000): Promise<void> {
    await waitFor(() => this.api.polledPast(updateId), `update ${updateId} handled`, timeoutMs);
  }

  /** Waits until the bot has sent at least `atLeast` messages after the first `count` and returns those. */
  async repliesAfter(count: number, what: string, atLeast = 1, timeoutMs = 20_000): Promise<BotMessage[]> {
    await waitFor(() => this.messages().length >= count + atLeast, what, timeoutMs);
    return this.messages().slice(count);
  }

  stop(): Promise<void> {
    return this.channel.stop();
  }
}
