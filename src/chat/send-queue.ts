/**
 * The send queue: every platform call of an adapter goes through it, so perfbot stays within the
 * platform's published rate limits instead of discovering them by being refused. Each call takes one
 * token from each of its buckets (token buckets: a sustained rate and a burst) — Slack's per-method
 * tiers and its 1 message/s per channel, Telegram's ≈ 30 messages/s per bot and 1/s per chat. Calls
 * wait in order; a call whose chat is out of tokens does not hold up other chats, and the calls of
 * one chat keep their order (they share that chat's bucket). A 429 that asks for a short wait pauses
 * that chat and the call is made again; a longer wait reaches the caller as the PlatformError, for
 * the dispatcher to retry later from the database.
 *
 * `timeScale` shrinks every window and every Retry-After by the same factor (tests and the bench
 * run 2,000 messages in seconds through the very same code).
 */
import { PlatformError, type Platform } from './port.js';

/** A token bucket: `ratePerSecond` tokens come back each second, up to `burst`. */
export interface RateLimit {
  ratePerSecond: number;
  burst: number;
}

/** The buckets one call draws from: a shared name (a method, a chat) and its limit. */
export type BucketSpec = { name: string; limit: RateLimit };

/** Which buckets a call of `method` for `chatKey` (a channel, a chat id, a user id) draws from. */
export type LimitsOf = (method: string, chatKey: string) => BucketSpec[];

export interface SendQueueOptions {
  platform: Platform;
  limitsOf: LimitsOf;
  /** multiplies every window and Retry-After (1 = real time); tests use e.g. 0.05 */
  timeScale?: number;
  /** how many times a rate-limited call is made again before the 429 reaches the caller; default 3 */
  maxRetries?: number;
  /** the longest Retry-After, in platform seconds, waited for inline; longer ones reach the caller; default 2 */
  maxInlineWaitSeconds?: number;
  /** the share of the published rate aimed at: arrivals bunch up on the way, so a little below 1 avoids 429s */
  headroom?: number;
}

/** Slack's published per-minute minimum of each Web API tier. */
const SLACK_TIER_PER_MINUTE = { 1: 1, 2: 20, 3: 50, 4: 100 } as const;

/** The tier of each Web API method the adapter calls (api.slack.com/methods); unknown methods count as tier 2. */
const SLACK_METHOD_TIERS: Record<string, keyof typeof SLACK_TIER_PER_MINUTE> = {
  'auth.test': 4,
  'conversations.open': 3,
  'conversations.history': 3,
  'users.lookupByEmail': 3,
  'views.publish': 4,
  'files.uploadV2': 4,
};

/** A Slack tier as a bucket: its per-minute rate, with a burst of a fifth of a minute's calls. */
function slackTier(tier: keyof typeof SLACK_TIER_PER_MINUTE): RateLimit {
  const perMinute = SLACK_TIER_PER_MINUTE[tier];
  return { ratePerSecond: perMinute / 60, burst: Math.max(1, Math.floor(perMinute / 5)) };
}

/** chat.postMessage: «1 message per second per channel, short bursts allowed» (Slack's special tier). */
export const SLACK_POST_PER_CHANNEL: RateLimit = { ratePerSecond: 1, burst: 3 };

/** Slack's limits: chat.postMessage per channel, every other method per its tier (workspace-wide). */
export const slackLimits: LimitsOf = (method, chatKey) =>
  method === 'chat.postMessage' ? [{ name: `post:${chatKey}`, limit: SLACK_POST_PER_CHANNEL }] : [{ name: method, limit: slackTier(SLACK_METHOD_TIERS[method] ?? 2) }];

/** Telegram: «no more than 30 messages per second» per bot (bursts up to that), and 1/s in one chat with short bursts. */
export const TELEGRAM_OVERALL: RateLimit = { ratePerSecond: 30, burst: 30 };
export const TELEGRAM_PER_CHAT: RateLimit = { ratePerSecond: 1, burst: 3 };

/** The Bot API methods that deliver a message and so count against the message limits. */
const TELEGRAM_SENDING = new Set(['sendMessage', 'sendPhoto']);

/** Telegram's limits: sending methods draw from the bot-wide and the per-chat bucket; other calls are free. */
export const telegramLimits: LimitsOf = (method, chatKey) =>
  TELEGRAM_SENDING.has(method) ? [{ name: 'overall', limit: TELEGRAM_OVERALL }, { name: `chat:${chatKey}`, limit: TELEGRAM_PER_CHAT }] : [];

class Bucket {
  private tokens: number;
  private updatedAt: number;
  /** no token is handed out before this moment (a 429's Retry-After) */
  pausedUntil = 0;

  constructor(
    private readonly ratePerMs: number,
    private readonly burst: number,
    now: number,
  ) {
    this.tokens = burst;
    this.updatedAt = now;
  }

  /** How long until a token is available (0: now). */
  waitMs(now: number): number {
    this.refill(now);
    const paused = Math.max(0, this.pausedUntil - now);
    return Math.max(paused, this.tokens >= 1 ? 0 : (1 - this.tokens) / this.ratePerMs);
  }

  take(now: number): void {
    this.refill(now);
    this.tokens -= 1;
  }

  private refill(now: number): void {
    this.tokens = Math.min(this.burst, this.tokens + (now - this.updatedAt) * this.ratePerMs);
    this.updatedAt = now;
  }
}

interface Job {
  buckets: Bucket[];
  start: () => void;
}

/**
 * Runs platform calls within the platform's limits (see the file comment). One queue per adapter
 * (a bot token); created by the adapter unless one is passed in (tests pass a faster `timeScale`).
 */
export class SendQueue {
  private readonly buckets = new Map<string, Bucket>();
  private readonly pending: Job[] = [];
  private timer: NodeJS.Timeout | undefined;
  private readonly timeScale: number;
  private readonly maxRetries: number;
  private readonly maxInlineWaitSeconds: number;
  private readonly headroom: number;
  /** calls answered 429 (each retried or handed to the caller), for the bench and the logs */
  rateLimited = 0;

  constructor(private readonly options: SendQueueOptions) {
    this.timeScale = options.timeScale ?? 1;
    this.maxRetries = options.maxRetries ?? 3;
    this.maxInlineWaitSeconds = options.maxInlineWaitSeconds ?? 2;
    this.headroom = options.headroom ?? 0.98;
  }

  /**
   * Makes `request` (one platform call of `method` for `chatKey`) when its buckets allow (a `reply`
   * at once); on a 429 asking for at most `maxInlineWaitSeconds`, pauses that chat and makes it
   * again. Resolves or rejects as the call finally does.
   */
  async run<T>(method: string, chatKey: string, request: () => Promise<T>, options: { reply?: boolean } = {}): Promise<T> {
    const specs = this.options.limitsOf(method, chatKey);
    if (specs.length === 0) return request();
    const buckets = specs.map((spec) => this.bucket(spec));
    for (let attempt = 0; ; attempt++) {
      // A reply to what a person just did goes at once (the platforms allow short bursts, and a
      // person does not wait a second for each message of an answer); it still spends its tokens,
      // so the proactive sends behind it slow down to keep the average within the limit.
      if (options.reply && attempt === 0) for (const b of buckets) b.take(Date.now());
      else await this.turn(buckets, attempt > 0);
      try {
        return await request();
      } catch (error) {
        const wait = error instanceof PlatformError ? error.retryAfterSeconds : undefined;
        if (wait === undefined) throw error;
        this.rateLimited += 1;
        if (attempt >= this.maxRetries || wait > this.maxInlineWaitSeconds) throw error;
        // the narrowest bucket (the chat's) waits: the others keep serving other chats
        const narrowest = buckets[buckets.length - 1]!;
        narrowest.pausedUntil = Math.max(narrowest.pausedUntil, Date.now() + Math.max(wait, 1) * 1000 * this.timeScale);
      }
    }
  }

  private bucket(spec: BucketSpec): Bucket {
    let bucket = this.buckets.get(spec.name);
    if (!bucket) {
      bucket = new Bucket((spec.limit.ratePerSecond * this.headroom) / (1000 * this.timeScale), spec.limit.burst, Date.now());
      this.buckets.set(spec.name, bucket);
    }
    return bucket;
  }

  /** Resolves when this call may go: in order, except that a call waiting on its own chat lets others pass. */
  private turn(buckets: Bucket[], retry: boolean): Promise<void> {
    return new Promise<void>((resolve) => {
      const job: Job = { buckets, start: resolve };
      if (retry) this.pending.unshift(job);
      else this.pending.push(job);
      this.pump();
    });
  }

  /** Starts every pending call whose buckets have a token, then sleeps until the soonest token of the rest. */
  private pump(): void {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
    const now = Date.now();
    let soonest = Infinity;
    const exhausted = new Set<Bucket>();
    for (let i = 0; i < this.pending.length; ) {
      const job = this.pending[i]!;
      if (job.buckets.some((b) => exhausted.has(b))) {
        i++;
        continue;
      }
      const wait = Math.max(...job.buckets.map((b) => b.waitMs(now)));
      if (wait > 0) {
        // later calls drawing on an empty bucket wait too: this keeps each chat's calls in order
        for (const b of job.buckets) if (b.waitMs(now) > 0) exhausted.add(b);
        soonest = Math.min(soonest, wait);
        i++;
        continue;
      }
      for (const b of job.buckets) b.take(now);
      this.pending.splice(i, 1);
      job.start();
    }
    if (this.pending.length > 0 && soonest < Infinity) {
      this.timer = setTimeout(() => this.pump(), Math.max(1, Math.ceil(soonest)));
    }
  }
}
