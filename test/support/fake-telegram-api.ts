/**
 * A fake Telegram Bot API on 127.0.0.1 (random port) for adapter tests: it answers the methods the
 * Telegram adapter uses (getMe, getUpdates with long polling, deleteWebhook, setWebhook and getWebhookInfo (which
 * remember the webhook),
 * sendMessage, sendPhoto, answerCallbackQuery, editMessageReplyMarkup), records every call with
 * its body (JSON, or the fields of a multipart upload and the bytes of its files), lets a test
 * queue updates, can fail a method for some requests with a Bot API error, and can hold a method's
 * requests until the test releases them (to widen a race window on purpose). Started with
 * `enforceLimits`, it applies Telegram's limits on sending (30 messages/s per bot, 1/s per chat
 * with short bursts) and answers what goes over with 429 + retry_after, recording nothing of it.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { FakeRateLimiter, type EnforcedLimit } from './fake-rate-limit.js';

/** core.telegram.org/bots/faq: «not more than 30 messages per second», «avoid more than one message per second» in a chat. */
const PER_BOT: EnforcedLimit = { ratePerSecond: 30, burst: 30 };
const PER_CHAT: EnforcedLimit = { ratePerSecond: 1, burst: 3 };
const SENDING = new Set(['sendMessage', 'sendPhoto', 'sendDocument']);

export interface TelegramApiCall {
  method: string;
  /** the JSON body, or a multipart request's text fields */
  body: Record<string, unknown>;
  /** a multipart request's files by field name (sendPhoto's `photo`) */
  files?: Record<string, { filename: string; bytes: Buffer }>;
}

export interface TelegramFailure {
  error_code: number;
  description: string;
  retry_after?: number;
}

interface FailureRule {
  method: string;
  failure: TelegramFailure;
  when: (body: Record<string, unknown>) => boolean;
}

interface Waiter {
  offset: number;
  wake: () => void;
}

export const FAKE_BOT = { id: 4242, is_bot: true, first_name: 'perfbot', username: 'perfbot_test_bot', can_join_groups: false, can_read_all_group_messages: false, supports_inline_queries: false } as const;

/** A private-chat text message update body (without update_id). */
export function textUpdate(userId: number, text: string, chatType: 'private' | 'group' = 'private'): Record<string, unknown> {
  const chat = chatType === 'private' ? { id: userId, type: 'private', first_name: 'Maria' } : { id: -100123, type: 'group', title: 'Ufficio' };
  const entities = text.startsWith('/') ? [{ type: 'bot_command', offset: 0, length: text.split(/\s/, 1)[0]!.length }] : undefined;
  return { message: { message_id: 77, date: 1700000000, from: { id: userId, is_bot: false, first_name: 'Maria' }, chat, text, ...(entities ? { entities } : {}) } };
}

/** A button press (callback_query) on a message the bot sent in a private chat. */
export function callbackUpdate(userId: number, data: string): Record<string, unknown> {
  return {
    callback_query: {
      id: `cb-${userId}-${data.length}`,
      from: { id: userId, is_bot: false, first_name: 'Maria' },
      chat_instance: '1',
      data,
      message: { message_id: 88, date: 1700000000, chat: { id: userId, type: 'private', first_name: 'Maria' }, from: FAKE_BOT, text: 'question' },
    },
  };
}

/** A Bot API request body: JSON, or multipart/form-data when telegraf uploads a file. */
async function parseRequest(raw: Buffer, contentType: string | undefined): Promise<Pick<TelegramApiCall, 'body' | 'files'>> {
  if (!contentType?.startsWith('multipart/form-data')) return { body: raw.length > 0 ? (JSON.parse(raw.toString('utf8')) as Record<string, unknown>) : {} };
  const form = await new Response(new Uint8Array(raw), { headers: { 'content-type': contentType } }).formData();
  const body: Record<string, unknown> = {};
  const files: NonNullable<TelegramApiCall['files']> = {};
  for (const [name, value] of form) {
    if (typeof value === 'string') body[name] = value;
    else files[name] = { filename: value.name, bytes: Buffer.from(await value.arrayBuffer()) };
  }
  return { body, files };
}

export class FakeTelegramApi {
  readonly calls: TelegramApiCall[] = [];
  private readonly updates: Array<Record<string, unknown> & { update_id: number }> = [];
  private readonly failures: FailureRule[] = [];
  private readonly waiters = new Set<Waiter>();
  private readonly holds = new Map<string, { released: Promise<void>; release: () => void }>();
  private nextUpdateId = 1000;
  /** the webhook registered (setWebhook / deleteWebhook), and an error getWebhookInfo reports */
  webhookUrl = '';
  webhookError: string | undefined;
  private nextMessageId = 500;

  private constructor(
    private readonly server: Server,
    /** the `apiRoot` to give the adapter */
    readonly apiRoot: string,
    readonly token: string,
    /** how long getUpdates holds a request with no update (capped by the request's own timeout) */
    private readonly holdMs: number,
    /** Telegram's sending limits, when enforced (`limiter.refused`: the 429s answered) */
    readonly limiter: FakeRateLimiter | undefined,
  ) {}

  /**
   * Starts the fake on 127.0.0.1 and a free port, for a bot with `token`; `enforceLimits` applies
   * Telegram's sending limits, its second scaled by `timeScale`.
   */
  static async start(token: string, holdMs = 250, options: { enforceLimits?: { timeScale: number } } = {}): Promise<FakeTelegramApi> {
    let api: FakeTelegramApi | undefined;
    const server = createServer((req, res) => void api!.route(req, res));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
    const { port } = server.address() as AddressInfo;
    api = new FakeTelegramApi(server, `http://127.0.0.1:${port}`, token, holdMs, options.enforceLimits ? new FakeRateLimiter(options.enforceLimits.timeScale) : undefined);
    return api;
  }

  async stop(): Promise<void> {
    for (const waiter of this.waiters) waiter.wake();
    for (const held of [...this.holds.values()]) held.release();
    await new Promise<void>((resolve) => {
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
  }

  /** Queues an update for getUpdates; resolves to the update_id it was given. */
  queueUpdate(update: Record<string, unknown>): number {
    const update_id = this.nextUpdateId++;
    this.updates.push({ update_id, ...update });
    for (const waiter of this.waiters) if (update_id >= waiter.offset) waiter.wake();
    return update_id;
  }

  /** A fresh update id, for updates a test delivers by webhook. */
  takeUpdateId(): number {
    return this.nextUpdateId++;
  }

  /** Makes `method` fail for the requests `when` selects (default: all). */
  fail(method: string, failure: TelegramFailure, when: (body: Record<string, unknown>) => boolean = () => true): void {
    this.failures.push({ method, failure, when });
  }

  /**
   * Holds every request to `method` (recorded on arrival, answered only later) until the returned
   * function is called; `stop` releases what is still held.
   */
  hold(method: string): () => void {
    let open: () => void = () => {};
    const held = { released: new Promise<void>((resolve) => (open = resolve)), release: () => {} };
    held.release = () => {
      if (this.holds.get(method) === held) this.holds.delete(method);
      open();
    };
    this.holds.set(method, held);
    return held.release;
  }

  callsOf(method: string): TelegramApiCall[] {
    return this.calls.filter((call) => call.method === method);
  }

  /** Whether the bot has asked for updates after `updateId` — i.e. it finished the batch holding it. */
  polledPast(updateId: number): boolean {
    return this.callsOf('getUpdates').some((call) => Number(call.body.offset ?? 0) > updateId);
  }

  private async route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const match = /^\/bot([^/]+)\/(\w+)$/.exec(new URL(req.url ?? '/', 'http://localhost').pathname);
    const { body, files } = await parseRequest(Buffer.concat(chunks), req.headers['content-type']);
    if (!match || match[1] !== this.token) return this.reply(res, 401, { ok: false, error_code: 401, description: 'Unauthorized' });
    const method = match[2]!;
    if (this.limiter && SENDING.has(method)) {
      const admitted = this.limiter.admit([{ key: 'bot', limit: PER_BOT }, { key: `chat:${String(body.chat_id)}`, limit: PER_CHAT }]);
      if (!admitted.ok) {
        const wait = admitted.retryAfterSeconds;
        return this.reply(res, 429, { ok: false, error_code: 429, description: `Too Many Requests: retry after ${wait}`, parameters: { retry_after: wait } });
      }
    }
    this.calls.push({ method, body, ...(files ? { files } : {}) });
    const held = this.holds.get(method);
    if (held) await held.released;

    const rule = this.failures.find((f) => f.method === method && f.when(body));
    if (rule) {
      const { retry_after, ...error } = rule.failure;
      return this.reply(res, rule.failure.error_code, { ok: false, ...error, ...(retry_after !== undefined ? { parameters: { retry_after } } : {}) });
    }
    if (method === 'getUpdates') return this.reply(res, 200, { ok: true, result: await this.pending(body, req) });
    const result = this.answer(method, body);
    if (result === undefined) return this.reply(res, 404, { ok: false, error_code: 404, description: 'Not Found: method not found' });
    this.reply(res, 200, { ok: true, result });
  }

  /** getUpdates: drops confirmed updates (below offset), then answers at once or when one arrives, or after the hold. */
  private async pending(body: Record<string, unknown>, req: IncomingMessage): Promise<unknown[]> {
    const offset = Number(body.offset ?? 0);
    if (offset > 0) {
      while (this.updates.length > 0 && this.updates[0]!.update_id < offset) this.updates.shift();
    }
    const available = () => this.updates.filter((u) => u.update_id >= offset);
    const timeoutMs = Math.min(Number(body.timeout ?? 0) * 1000, this.holdMs);
    if (available().length === 0 && timeoutMs > 0) {
      await new Promise<void>((resolve) => {
        const waiter: Waiter = { offset, wake: () => done() };
        const timer = setTimeout(() => done(), timeoutMs);
        const done = () => {
          clearTimeout(timer);
          this.waiters.delete(waiter);
          req.socket.off('close', done);
          resolve();
        };
        this.waiters.add(waiter);
        req.socket.once('close', done);
      });
    }
    return available().slice(0, Number(body.limit ?? 100));
  }

  private answer(method: string, body: Record<string, unknown>): unknown {
    switch (method) {
      case 'getMe':
        return FAKE_BOT;
      case 'setWebhook':
        this.webhookUrl = String(body.url ?? '');
        return true;
      case 'deleteWebhook':
        this.webhookUrl = '';
        return true;
      case 'answerCallbackQuery':
        return true;
      case 'getWebhookInfo':
        return { url: this.webhookUrl, has_custom_certificate: false, pending_update_count: 0, ...(this.webhookError ? { last_error_date: 1700000000, last_error_message: this.webhookError } : {}) };
      case 'sendMessage':
        return { message_id: this.nextMessageId++, date: 1700000000, chat: { id: Number(body.chat_id), type: 'private' }, from: FAKE_BOT, text: body.text };
      case 'sendPhoto':
        return {
          message_id: this.nextMessageId++,
          date: 1700000000,
          chat: { id: Number(body.chat_id), type: 'private' },
          from: FAKE_BOT,
          photo: [{ file_id: `photo-${this.nextMessageId}`, file_unique_id: `u${this.nextMessageId}`, width: 1280, height: 960 }],
          ...(body.caption !== undefined ? { caption: body.caption } : {}),
        };
      case 'editMessageReplyMarkup':
        return { message_id: Number(body.message_id), date: 1700000000, chat: { id: Number(body.chat_id), type: 'private' }, text: 'question' };
      default:
        return undefined;
    }
  }

  private reply(res: ServerResponse, status: number, payload: unknown): void {
    if (res.writableEnded) return;
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(payload));
  }
}
