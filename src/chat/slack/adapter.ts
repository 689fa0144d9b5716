/**
 * The Slack adapter: a real Bolt App whose listeners only translate. DMs, button presses, the
 * `/perfbot` slash command and the Home tab become ChatEvents for a ConversationHandler; its
 * replies are rendered as Block Kit and posted to the person's DM. Events arrive over HTTP
 * (Bolt's HTTPReceiver on /slack/events, which verifies the signing secret: a forged or stale
 * request gets 401 and reaches no listener) or, optionally, over Socket Mode.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { App, HTTPReceiver, webApi, type BlockAction, type ButtonAction } from '@slack/bolt';
import type { ConversationHandler } from '../../conversations/conversation-handler.js';
import { translator, type Locale, type Translate } from '../../i18n/messages.js';
import { consoleChannelLogger, type ChannelLogger } from '../channel-logger.js';
import { PlatformError, UnreachableError, type ChatAddress, type ChatEvent, type ChatPort, type OutgoingImage, type OutgoingMessage } from '../port.js';
import { COMMAND_ACTION_ID, SLACK_LIMITS, renderSlackHome, renderSlackMessages } from './blocks.js';
import { boltLogger } from './bolt-logger.js';
import { slackGate } from './http-gate.js';
import { deliveryMetadata, findDelivered, oldestFor } from './delivery-metadata.js';
import { slackCallError } from './errors.js';
import { escapeMrkdwn, plainTextOf, unescapeSlackText } from './mrkdwn.js';
import { SLACK_SLASH_COMMAND, parseSlashCommand } from './slash-command.js';
import { SendQueue, slackLimits } from '../send-queue.js';

/** The path of the Events API, interactivity and slash-command requests. */
export const SLACK_EVENTS_PATH = '/slack/events';

export interface SlackChannelOptions {
  handler: ConversationHandler;
  /** bot token (xoxb-…) */
  botToken: string;
  /** the app's signing secret: every HTTP request must carry a valid v0 signature made with it (unused in Socket Mode, whose events come over the app-token connection) */
  signingSecret?: string;
  /** Web API base URL; default https://slack.com/api/ (tests point it at a local fake) */
  apiUrl?: string;
  /** HTTP port for /slack/events; 0 picks a free one (see `port` after start). Ignored in Socket Mode. */
  port: number;
  /** interface to listen on; default 127.0.0.1 (put a TLS reverse proxy in front for Slack) */
  host?: string;
  /** receive events over Socket Mode instead of HTTP (needs `appToken`) */
  socketMode?: boolean;
  /** app-level token (xapp-…) for Socket Mode */
  appToken?: string;
  /** language of the adapter's few fixed texts (Home title, error notice); default it */
  locale?: Locale;
  logger?: ChannelLogger;
  /** paces Web API calls within Slack's rate limits; default one at Slack's published limits */
  sendQueue?: SendQueue;
}

/** The Slack channel: a ChatPort for proactive messages plus the lifecycle of the Bolt app. */
export interface SlackChannel extends ChatPort {
  readonly platform: 'slack';
  /** Sends a PNG (a digest chart) with a caption; see ChatPort.sendImage. */
  sendImage(to: ChatAddress, image: OutgoingImage): Promise<string>;
  /** The Slack user id of a workspace member with this e-mail (users.lookupByEmail), or null. */
  lookupUserByEmail(email: string): Promise<string | null>;
  /** the bound HTTP port once started (undefined before start, after stop and in Socket Mode) */
  readonly port: number | undefined;
  /** Verifies the token (auth.test) and starts receiving events. */
  start(): Promise<void>;
  /** Stops receiving events. */
  stop(): Promise<void>;
}

/** Slack ids of people: U… (and W… on Enterprise Grid); anything else is a conversation id. */
const USER_ID = /^[UW][A-Z0-9]+$/;

function withTrailingSlash(url: string): string {
  return url.endsWith('/') ? url : `${url}/`;
}

class SlackAdapter implements SlackChannel {
  readonly platform = 'slack' as const;
  readonly maxTextLength = SLACK_LIMITS.sectionText;
  private readonly app: App;
  private readonly log: ChannelLogger;
  private readonly t: Translate;
  private readonly handler: ConversationHandler;
  private server: Server | undefined;
  /** Bolt's HTTP receiver, whose request listener sits behind our gate (undefined in Socket Mode) */
  private readonly receiver: HTTPReceiver | undefined;
  private running = false;
  /** person → their DM with the bot, and back (learned from events and conversations.open) */
  private readonly dmOfUser = new Map<string, string>();
  private readonly userOfDm = new Map<string, string>();
  private readonly queue: SendQueue;

  constructor(private readonly options: SlackChannelOptions) {
    this.handler = options.handler;
    this.queue = options.sendQueue ?? new SendQueue({ platform: 'slack', limitsOf: slackLimits });
    this.log = options.logger ?? consoleChannelLogger;
    this.t = translator(options.locale ?? 'it');
    const logger = boltLogger(this.log);
    const clientOptions = {
      slackApiUrl: withTrailingSlash(options.apiUrl ?? 'https://slack.com/api/'),
      // failures surface as PlatformError (with Slack's retry-after) and the send queue retries
      retryConfig: { retries: 0 },
      rejectRateLimitedCalls: true,
    };
    if (options.socketMode) {
      if (!options.appToken) throw new Error('Slack Socket Mode needs an app-level token (xapp-…)');
      this.app = new App({ token: options.botToken, socketMode: true, appToken: options.appToken, clientOptions, logger, deferInitialization: true });
    } else {
      if (!options.signingSecret) throw new Error('Slack over HTTP needs the signing secret: every request is verified');
      this.receiver = new HTTPReceiver({ signingSecret: options.signingSecret, endpoints: SLACK_EVENTS_PATH, logger, processBeforeResponse: false });
      this.app = new App({ token: options.botToken, receiver: this.receiver, clientOptions, logger, deferInitialization: true });
    }
    this.listen();
  }

  get port(): number | undefined {
    return this.server ? (this.server.address() as AddressInfo | null)?.port : undefined;
  }

  async start(): Promise<void> {
    try {
      await this.app.init();
    } catch (error) {
      throw slackCallError(error, 'auth.test');
    }
    if (this.receiver) {
      // our own server: Bolt's would buffer any body and crash on some signed ones (see http-gate.ts)
      const receiver = this.receiver;
      const server = createServer(slackGate({ path: SLACK_EVENTS_PATH, signingSecret: this.options.signingSecret!, log: this.log, bolt: (req, res) => receiver.requestListener(req, res) }));
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(this.options.port, this.options.host ?? '127.0.0.1', () => resolve());
      });
      this.server = server;
    } else {
      try {
        // Socket Mode asks for a WebSocket URL with the app-level token, then connects
        await this.app.start();
      } catch (error) {
        throw slackCallError(error, 'apps.connections.open');
      }
    }
    this.running = true;
  }

  async stop(): Promise<void> {
    if (!this.running) return;
    this.running = false;
    const server = this.server;
    this.server = undefined;
    if (!server) {
      await this.app.stop();
      return;
    }
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeIdleConnections();
    });
  }

  /**
   * Proactive message. `to.chatId` is normally the person's Slack user id: their DM is opened with
   * conversations.open, then the message is posted. A DM channel id (D…) is posted to directly.
   * With a delivery key every post carries it as metadata (see `wasDelivered`).
   */
  async send(to: ChatAddress, message: OutgoingMessage, options?: { deliveryKey?: string }): Promise<string> {
    const { channel, userId } = await this.destination(to);
    return this.post(channel, userId, message, options?.deliveryKey);
  }

  /** Opens the person's DM (conversations.open): `send` to the address it resolves to only posts. */
  async prepareSend(to: ChatAddress): Promise<ChatAddress> {
    const { channel } = await this.destination(to);
    return { platform: 'slack', chatId: channel };
  }

  /**
   * Whether a message with this delivery key is in the person's DM (posted since `since`, give or
   * take the clock skew): its ts, or null. Reads conversations.history with include_all_metadata
   * (scope im:history); throws PlatformError when Slack cannot be asked or the history is too long
   * to read through.
   */
  async wasDelivered(to: ChatAddress, deliveryKey: string, options?: { since?: Date }): Promise<string | null> {
    const { channel, userId } = await this.destination(to);
    const oldest = options?.since ? { oldest: oldestFor(options.since) } : {};
    return findDelivered(async (cursor) => {
      const result = await this.call('conversations.history', userId, () => this.app.client.conversations.history({ channel, include_all_metadata: true, limit: 200, ...oldest, ...(cursor ? { cursor } : {}) }));
      return { messages: result.messages, nextCursor: result.response_metadata?.next_cursor };
    }, deliveryKey);
  }

  /**
   * Uploads a PNG into the person's DM with its caption as the message text (files.uploadV2:
   * getUploadURLExternal, the upload, completeUploadExternal; needs the files:write scope).
   * Resolves to the Slack file id.
   */
  async sendImage(to: ChatAddress, image: OutgoingImage): Promise<string> {
    const { channel, userId } = await this.destination(to);
    const result = await this.call('files.uploadV2', userId, () =>
      this.app.client.filesUploadV2({
        channel_id: channel,
        file: image.png,
        filename: image.filename,
        title: image.filename,
        ...(image.caption ? { initial_comment: escapeMrkdwn(image.caption), alt_text: plainTextOf(image.caption) } : {}),
      }),
    );
    const completed = result.files as Array<{ files?: Array<{ id?: string }> }>;
    return completed[0]?.files?.[0]?.id ?? '';
  }

  /** The DM to post to and the person it belongs to, for a ChatAddress (a user id or a DM id). */
  private async destination(to: ChatAddress): Promise<{ channel: string; userId: string }> {
    if (to.platform !== 'slack') throw new Error(`the Slack channel cannot send to ${to.platform}`);
    const isUser = USER_ID.test(to.chatId);
    const userId = isUser ? to.chatId : (this.userOfDm.get(to.chatId) ?? to.chatId);
    const channel = isUser ? await this.openDm(userId) : to.chatId;
    return { channel, userId };
  }

  /** Registers the Bolt listeners; each one translates and hands over to `dispatch`. */
  private listen(): void {
    this.app.event('message', async ({ event, body }) => {
      // only what a person typed in their DM with the bot: no edits, joins, files or bot posts
      if (event.subtype !== undefined || event.channel_type !== 'im' || event.bot_id) return;
      this.remember(event.user, event.channel);
      await this.dispatch({
        platform: 'slack',
        userId: event.user,
        chatId: event.channel,
        kind: 'text',
        text: unescapeSlackText(event.text ?? ''),
        messageRef: event.ts,
        deliveryId: body.event_id,
      });
    });

    this.app.action<BlockAction<ButtonAction>>({ type: 'block_actions', action_id: /^perfbot:/ }, async ({ ack, body, action }) => {
      await ack();
      await this.guard(body.user.id, async () => {
        const chatId = body.channel?.id ?? (await this.openDm(body.user.id));
        const isCommand = action.action_id === COMMAND_ACTION_ID;
        await this.dispatch({
          platform: 'slack',
          userId: body.user.id,
          chatId,
          kind: isCommand ? 'command' : 'choice',
          ...(isCommand ? { command: action.value ?? 'rispondi', text: '' } : { text: action.value ?? '' }),
          messageRef: body.message?.ts,
          deliveryId: body.trigger_id ?? `${body.container?.message_ts ?? body.user.id}:${action.action_ts}`,
        });
      });
    });

    this.app.command(SLACK_SLASH_COMMAND, async ({ ack, command }) => {
      await ack();
      await this.guard(command.user_id, async () => {
        const { command: name, text } = parseSlashCommand(command.text);
        const chatId = await this.openDm(command.user_id);
        await this.dispatch({ platform: 'slack', userId: command.user_id, chatId, kind: 'command', command: name, text, deliveryId: command.trigger_id });
      });
    });

    this.app.event('app_home_opened', async ({ event, body }) => {
      if (event.tab !== 'home') return;
      await this.guard(event.user, async () => {
        if (event.channel) this.remember(event.user, event.channel);
        const chatId = event.channel || (await this.openDm(event.user));
        const replies = await this.handler.handle({ platform: 'slack', userId: event.user, chatId, kind: 'command', command: 'stato', text: '', deliveryId: body.event_id });
        if (replies.length === 0) return; // a delivery already handled
        const view = renderSlackHome(replies, { title: this.t('chat.home.title'), answerNow: this.t('chat.home.answerNow') });
        await this.call('views.publish', event.user, () => this.app.client.views.publish({ user_id: event.user, view }));
      });
    });

    this.app.error(async (error) => {
      this.log.error({ err: error.message, code: error.code }, 'slack: unhandled listener error');
    });
  }

  /**
   * Hands an event to the handler and posts its replies in order. A handler failure is logged and
   * answered with a short notice; a refused reply stops the rest (they would arrive out of order).
   */
  private async dispatch(event: ChatEvent): Promise<void> {
    let replies: OutgoingMessage[];
    try {
      replies = await this.handler.handle(event);
    } catch (error) {
      this.log.error({ err: (error as Error).message, userId: event.userId, deliveryId: event.deliveryId }, 'slack: the conversation handler failed');
      replies = [{ text: this.t('chat.error') }];
    }
    for (const reply of replies) {
      try {
        // A picture (the chart after `stato SETTORE`) goes through the same upload as the digest's.
        if (reply.image) await this.sendImage({ platform: 'slack', chatId: event.chatId }, reply.image);
        else await this.post(event.chatId, event.userId, reply, undefined, true);
      } catch (error) {
        this.log.warn({ err: (error as Error).message, userId: event.userId }, 'slack: a reply was not delivered');
        return;
      }
    }
  }

  /** Runs listener work for a person, logging instead of throwing into Bolt. */
  private async guard(userId: string, work: () => Promise<void>): Promise<void> {
    try {
      await work();
    } catch (error) {
      this.log.warn({ err: (error as Error).message, userId }, 'slack: an event could not be handled');
    }
  }

  /** Posts a rendered message (one or more chat.postMessage calls, each with the delivery key; `reply`: see `call`); resolves to the last message's ts. */
  private async post(channel: string, userId: string, message: OutgoingMessage, deliveryKey?: string, reply = false): Promise<string> {
    let ts = '';
    const metadata = deliveryKey ? { metadata: deliveryMetadata(deliveryKey) } : {};
    for (const payload of renderSlackMessages(message, this.t('chat.choose'))) {
      const result = await this.call('chat.postMessage', userId, () => this.app.client.chat.postMessage({ channel, text: payload.text, blocks: payload.blocks, ...metadata }), channel, reply);
      ts = result.ts ?? ts;
    }
    return ts;
  }

  /** The person's DM with the bot, opened (conversations.open) on first need and remembered. */
  private async openDm(userId: string): Promise<string> {
    const known = this.dmOfUser.get(userId);
    if (known) return known;
    const result = await this.call('conversations.open', userId, () => this.app.client.conversations.open({ users: userId }));
    const channel = result.channel?.id;
    if (!channel) throw slackCallError(new Error('conversations.open returned no channel'), 'conversations.open');
    this.remember(userId, channel);
    return channel;
  }

  async lookupUserByEmail(email: string): Promise<string | null> {
    try {
      const result = await this.app.client.users.lookupByEmail({ email });
      return result.user?.id ?? null;
    } catch (error) {
      const failure = slackCallError(error, 'users.lookupByEmail');
      if (failure instanceof PlatformError && failure.code === 'users_not_found') return null;
      throw failure;
    }
  }

  private remember(userId: string, channel: string): void {
    this.dmOfUser.set(userId, channel);
    this.userOfDm.set(channel, userId);
  }

  /**
   * Calls the Web API through the send queue (`chatKey`: the channel a post is limited in; `reply`:
   * an answer to the person's event, sent at once) and
   * turns failures into the port's errors; when Slack says the person cannot be reached, the
   * handler is told (markUnreachable) before the error is thrown.
   */
  private async call<T>(method: string, userId: string, request: () => Promise<T>, chatKey: string = userId, reply = false): Promise<T> {
    try {
      return await this.queue.run(method, chatKey, () => retriedOnceOnConnectionError(request).catch((error: unknown) => Promise.reject(slackCallError(error, method))), { reply });
    } catch (error) {
      const failure = slackCallError(error, method);
      if (failure instanceof UnreachableError) {
        await this.handler.markUnreachable('slack', userId, failure.reason).catch((markError: unknown) => {
          this.log.error({ err: (markError as Error).message, userId }, 'slack: could not record an unreachable person');
        });
      }
      throw failure;
    }
  }
}

/**
 * Creates the Slack channel for a handler: a Bolt app (HTTP receiver on /slack/events, or Socket
 * Mode) that turns DMs, button presses, `/perfbot` and the Home tab into ChatEvents, and a
 * ChatPort for proactive messages. Call `start()` to begin receiving.
 */
export function createSlackChannel(options: SlackChannelOptions): SlackChannel {
  return new SlackAdapter(options);
}

/** Socket errors of a connection that failed before Slack could answer (a keep-alive socket the server had closed). */
const CONNECTION_ERRORS: ReadonlySet<string> = new Set(['ECONNRESET', 'EPIPE', 'ECONNREFUSED']);

/**
 * Runs a Web API request, and once more when the connection failed: after the process was busy
 * longer than the server's keep-alive timeout, the first call on the pooled socket fails with
 * ECONNRESET although nothing was wrong (the WebClient itself runs with retries: 0, so rate limits
 * and Slack's own errors still reach the dispatcher, which has its own retries).
 */
async function retriedOnceOnConnectionError<T>(request: () => Promise<T>): Promise<T> {
  try {
    return await request();
  } catch (error) {
    const e = error as { code?: string; original?: { code?: string; cause?: { code?: string } } };
    const socketCode = e.original?.code ?? e.original?.cause?.code;
    if (e.code !== webApi.ErrorCode.RequestError || !socketCode || !CONNECTION_ERRORS.has(socketCode)) throw error;
    return request();
  }
}
