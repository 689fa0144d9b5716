/**
 * The Telegram adapter: a real telegraf bot whose handlers only translate. Text and commands typed
 * in a private chat and inline-button presses become ChatEvents for a ConversationHandler; its
 * replies are rendered as HTML with an inline keyboard. Updates arrive by long polling, or by a
 * webhook protected by Telegram's secret token when one is configured.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as delay } from 'node:timers/promises';
import { Telegraf } from 'telegraf';
import { message } from 'telegraf/filters';
import type { ConversationHandler } from '../../conversations/conversation-handler.js';
import { translator, type Locale, type Translate } from '../../i18n/messages.js';
import { restoreLiterals } from '../../i18n/markup.js';
import { consoleChannelLogger, type ChannelLogger } from '../channel-logger.js';
import { UnreachableError, type ChatAddress, type ChatEvent, type ChatPort, type OutgoingImage, type OutgoingMessage } from '../port.js';
import { CallbackDataCodec } from './callback-data.js';
import { parseTelegramCommand } from './commands.js';
import { telegramCallError } from './errors.js';
import { TELEGRAM_MAX_TEXT, renderTelegramMessages } from './render.js';
import { WEBHOOK_SECRET_PATTERN, webhookRequestListener } from './webhook-server.js';
import { SendQueue, telegramLimits } from '../send-queue.js';

/** Telegram's limit on a photo caption, in characters. */
const TELEGRAM_MAX_CAPTION = 1024;

/** The only updates the bot asks Telegram for. */
const ALLOWED_UPDATES: NonNullable<Telegraf.LaunchOptions['allowedUpdates']> = ['message', 'callback_query'];

/** How often a stop that came before telegraf began polling tries again (see stopPolling). */
const STOP_RETRY_MS = 20;

export interface TelegramWebhookOptions {
  /** the public HTTPS URL Telegram posts to (setWebhook) */
  url: string;
  /** sent by Telegram in X-Telegram-Bot-Api-Secret-Token; 1–256 of A–Z a–z 0–9 _ - */
  secretToken: string;
  /** local port to listen on; 0 picks a free one (see `port` after start) */
  port: number;
  /** local path of the webhook, e.g. /telegram/webhook (the public URL may differ behind a proxy) */
  path: string;
  /** interface to listen on; default 127.0.0.1 (put a TLS reverse proxy in front) */
  host?: string;
}

export interface TelegramChannelOptions {
  handler: ConversationHandler;
  botToken: string;
  /** Bot API root; default https://api.telegram.org (tests point it at a local fake) */
  apiRoot?: string;
  /** receive updates by webhook instead of long polling */
  webhook?: TelegramWebhookOptions;
  /** language of the adapter's few fixed texts (error notice, expired button); default it */
  locale?: Locale;
  logger?: ChannelLogger;
  /**
   * Called when long polling ends on its own after start (telegraf gives up on a 401, or a 409
   * when another process polls with the same token): nothing arrives from Telegram any more.
   */
  onPollingStopped?: (failure: Error) => void;
  /** paces Bot API sends within Telegram's limits; default one at Telegram's published limits */
  sendQueue?: SendQueue;
}

/** The Telegram channel: a ChatPort for proactive messages plus the lifecycle of the bot. */
export interface TelegramChannel extends ChatPort {
  readonly platform: 'telegram';
  /** Sends a PNG (a digest chart) with a caption; see ChatPort.sendImage. */
  sendImage(to: ChatAddress, image: OutgoingImage): Promise<string>;
  /** the bound webhook port once started in webhook mode; undefined with long polling */
  readonly port: number | undefined;
  /** Starts long polling, or the webhook server followed by setWebhook. */
  start(): Promise<void>;
  /**
   * Stops polling or closes the webhook server (the webhook stays registered with Telegram);
   * resolves once no update can arrive any more, even when called before start() has finished.
   */
  stop(): Promise<void>;
}

class TelegramAdapter implements TelegramChannel {
  readonly platform = 'telegram' as const;
  readonly maxTextLength = TELEGRAM_MAX_TEXT;
  private readonly bot: Telegraf;
  private readonly codec = new CallbackDataCodec();
  private readonly handler: ConversationHandler;
  private readonly log: ChannelLogger;
  private readonly t: Translate;
  private polling: Promise<void> | undefined;
  /** the webhook server, and whether it could bind its port (it may still be binding) */
  private webhookServer: { server: Server; bound: Promise<void> } | undefined;
  /** the stop in progress, shared by every stop() call made meanwhile */
  private stopping: Promise<void> | undefined;
  /** how many times stop() has been called: a start that sees it change was stopped meanwhile */
  private stops = 0;
  private readonly queue: SendQueue;

  constructor(private readonly options: TelegramChannelOptions) {
    this.queue = options.sendQueue ?? new SendQueue({ platform: 'telegram', limitsOf: telegramLimits });
    if (options.webhook && !WEBHOOK_SECRET_PATTERN.test(options.webhook.secretToken)) {
      throw new Error('the Telegram webhook secret token must be 1–256 characters among A–Z a–z 0–9 _ -');
    }
    this.handler = options.handler;
    this.log = options.logger ?? consoleChannelLogger;
    this.t = translator(options.locale ?? 'it');
    // webhookReply: false — replies are real API calls, so their failures are seen and mapped
    this.bot = new Telegraf(options.botToken, { telegram: { webhookReply: false, ...(options.apiRoot ? { apiRoot: options.apiRoot } : {}) } });
    this.bot.catch((error, ctx) => {
      this.log.error({ err: (error as Error).message, updateId: ctx.update.update_id }, 'telegram: an update could not be handled');
    });
    this.listen();
  }

  get port(): number | undefined {
    return (this.webhookServer?.server.address() as AddressInfo | null | undefined)?.port;
  }

  async start(): Promise<void> {
    if (this.options.webhook) await this.startWebhook(this.options.webhook);
    else await this.startPolling();
  }

  stop(): Promise<void> {
    this.stops += 1;
    // a second stop() waits for the same work, so it too resolves only once polling has ended
    this.stopping ??= this.shutdown().finally(() => (this.stopping = undefined));
    return this.stopping;
  }

  private async shutdown(): Promise<void> {
    if (this.polling) {
      const polling = this.polling;
      this.polling = undefined;
      await this.stopPolling(polling);
    }
    if (this.webhookServer) {
      const { server, bound } = this.webhookServer;
      this.webhookServer = undefined;
      // a server closed while still binding would bind anyway and stay open: let it finish first
      if (!(await bound.then(() => true, () => false))) return;
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    }
  }

  async send(to: ChatAddress, outgoing: OutgoingMessage): Promise<string> {
    if (to.platform !== 'telegram') throw new Error(`the Telegram channel cannot send to ${to.platform}`);
    // in a private chat the chat id is the person's user id
    return this.post(to.chatId, to.chatId, outgoing);
  }

  /** Sends a PNG as a photo (multipart upload) with its caption as plain text; resolves to the message id. */
  async sendImage(to: ChatAddress, image: OutgoingImage): Promise<string> {
    if (to.platform !== 'telegram') throw new Error(`the Telegram channel cannot send to ${to.platform}`);
    const caption = image.caption ? { caption: Array.from(restoreLiterals(image.caption)).slice(0, TELEGRAM_MAX_CAPTION).join('') } : {};
    const sent = await this.call('sendPhoto', to.chatId, false, () => this.bot.telegram.sendPhoto(to.chatId, { source: image.png, filename: image.filename }, caption));
    return String(sent.message_id);
  }

  /** Long polling: resolves once telegraf has the bot's identity (its onLaunch), then polls in the background. */
  private async startPolling(): Promise<void> {
    let launched: () => void = () => {};
    const ready = new Promise<void>((resolve) => (launched = resolve));
    let failure: unknown;
    let started = false;
    // in telegraf 4.16 launch() resolves only when polling stops
    this.polling = this.bot.launch({ allowedUpdates: ALLOWED_UPDATES }, () => launched()).then(
      () => {},
      (error: unknown) => {
        failure = error;
        // after start() resolved, only readiness can tell operators that updates stopped coming
        if (started) this.options.onPollingStopped?.(telegramCallError(error, 'getUpdates'));
        this.log.error({ err: (error as Error).message }, 'telegram: long polling stopped');
      },
    );
    await Promise.race([ready, this.polling]);
    if (failure !== undefined) {
      this.polling = undefined;
      throw telegramCallError(failure, 'getMe');
    }
    started = true;
  }

  /**
   * Ends long polling and waits for telegraf's loop to finish. telegraf 4.16 begins polling only
   * once getMe and then deleteWebhook have answered, without telling anyone, and until then its
   * stop() throws "Bot is not running!"; start() resolves after getMe, so a stop can fall in that
   * gap. It then tries again until polling has begun (and is stopped) or launch has ended on its
   * own — an API failure, already logged.
   */
  private async stopPolling(polling: Promise<void>): Promise<void> {
    const ended = polling.then(() => true);
    for (;;) {
      try {
        this.bot.stop('stop');
        break;
      } catch {
        // not polling yet, or launch failed before polling
      }
      if (await Promise.race([ended, delay(STOP_RETRY_MS, false)])) break;
    }
    await polling;
  }

  /** Webhook: listens first, then tells Telegram where to post (with the secret token). */
  private async startWebhook(webhook: TelegramWebhookOptions): Promise<void> {
    const stopsBefore = this.stops;
    const listener = webhookRequestListener({
      path: webhook.path,
      secretToken: webhook.secretToken,
      onUpdate: this.bot.webhookCallback(webhook.path, { secretToken: webhook.secretToken }),
    });
    const server = createServer(listener);
    const bound = new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(webhook.port, webhook.host ?? '127.0.0.1', () => resolve());
    });
    this.webhookServer = { server, bound };
    try {
      await bound;
    } catch (error) {
      await this.stop();
      throw error;
    }
    // stopped while binding: that stop closes the server, and Telegram need not be told of it
    if (this.stops !== stopsBefore) return;
    try {
      this.bot.botInfo ??= await this.bot.telegram.getMe();
      await this.bot.telegram.setWebhook(webhook.url, { secret_token: webhook.secretToken, allowed_updates: ALLOWED_UPDATES });
    } catch (error) {
      await this.stop();
      throw telegramCallError(error, 'setWebhook');
    }
  }

  /** Registers telegraf's handlers; each one translates and hands over to `dispatch`. */
  private listen(): void {
    this.bot.on(message('text'), async (ctx) => {
      if (ctx.chat.type !== 'private') return;
      const command = parseTelegramCommand(ctx.message.text);
      await this.dispatch({
        platform: 'telegram',
        userId: String(ctx.from.id),
        chatId: String(ctx.chat.id),
        ...(command ? { kind: 'command', command: command.command, text: command.text } : { kind: 'text', text: ctx.message.text }),
        messageRef: String(ctx.message.message_id),
        deliveryId: String(ctx.update.update_id),
      });
    });

    this.bot.on('callback_query', async (ctx) => {
      const query = ctx.callbackQuery;
      const userId = String(query.from.id);
      await ctx.answerCbQuery().catch((error: unknown) => this.log.warn({ err: (error as Error).message, userId }, 'telegram: answerCallbackQuery failed'));
      const chat = query.message?.chat;
      if ((chat && chat.type !== 'private') || !('data' in query)) return;
      const chatId = String(chat?.id ?? query.from.id);
      // the keyboard has been used: take it away so an old button cannot be pressed again
      if (query.message) await ctx.editMessageReplyMarkup(undefined).catch(() => {});
      const value = this.codec.decode(query.data);
      if (value === undefined) {
        await this.post(chatId, userId, { text: this.t('chat.buttonExpired') }).catch(() => {});
        return;
      }
      await this.dispatch({
        platform: 'telegram',
        userId,
        chatId,
        kind: 'choice',
        text: value,
        messageRef: query.message ? String(query.message.message_id) : undefined,
        deliveryId: String(ctx.update.update_id),
      });
    });
  }

  /**
   * Hands an event to the handler and sends its replies in order. A handler failure is logged and
   * answered with a short notice; a refused reply stops the rest (they would arrive out of order).
   */
  private async dispatch(event: ChatEvent): Promise<void> {
    let replies: OutgoingMessage[];
    try {
      replies = await this.handler.handle(event);
    } catch (error) {
      this.log.error({ err: (error as Error).message, userId: event.userId, deliveryId: event.deliveryId }, 'telegram: the conversation handler failed');
      replies = [{ text: this.t('chat.error') }];
    }
    for (const reply of replies) {
      try {
        // A picture (the chart after `stato SETTORE`) goes as a photo, like the digest's.
        if (reply.image) await this.sendImage({ platform: 'telegram', chatId: event.chatId }, reply.image);
        else await this.post(event.chatId, event.userId, reply, true);
      } catch (error) {
        this.log.warn({ err: (error as Error).message, userId: event.userId }, 'telegram: a reply was not delivered');
        return;
      }
    }
  }

  /** Sends a rendered message (one sendMessage per chunk; `reply`: an answer to the person's update, sent at once); resolves to the last message's id. */
  private async post(chatId: string, userId: string, outgoing: OutgoingMessage, reply = false): Promise<string> {
    let messageId = '';
    for (const payload of renderTelegramMessages(outgoing, this.codec, this.t('chat.choose'))) {
      const sent = await this.call('sendMessage', userId, reply, () =>
        this.bot.telegram.sendMessage(chatId, payload.text, {
          parse_mode: 'HTML',
          link_preview_options: { is_disabled: true },
          ...(payload.reply_markup ? { reply_markup: payload.reply_markup } : {}),
        }),
      );
      messageId = String(sent.message_id);
    }
    return messageId;
  }

  /**
   * Calls the Bot API and turns failures into the port's errors; when Telegram says the person
   * cannot be reached, the handler is told (markUnreachable) before the error is thrown.
   */
  private async call<T>(method: string, userId: string, reply: boolean, request: () => Promise<T>): Promise<T> {
    try {
      // in a private chat the chat id is the person's user id
      return await this.queue.run(method, userId, () => request().catch((error: unknown) => Promise.reject(telegramCallError(error, method))), { reply });
    } catch (error) {
      const failure = telegramCallError(error, method);
      if (failure instanceof UnreachableError) {
        await this.handler.markUnreachable('telegram', userId, failure.reason).catch((markError: unknown) => {
          this.log.error({ err: (markError as Error).message, userId }, 'telegram: could not record an unreachable person');
        });
      }
      throw failure;
    }
  }
}

/**
 * Creates the Telegram channel for a handler: a telegraf bot (long polling, or a webhook with a
 * secret token) that turns private-chat texts, commands and button presses into ChatEvents, and a
 * ChatPort for proactive messages. Call `start()` to begin receiving.
 */
export function createTelegramChannel(options: TelegramChannelOptions): TelegramChannel {
  return new TelegramAdapter(options);
}
