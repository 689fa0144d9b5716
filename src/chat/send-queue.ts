/**
 * The send queue: every platform call of an adapter goes through it, so perfbot stays within the
 * platform's published rate limits instead of discovering them by being refused. Each call counts
 * against each of its limits (a sustained rate and a burst, see Bucket) — Slack's per-method
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

/** A rate limit: `ratePerSecond` calls sustained, up to `burst` at once. */
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
  /** how late (real ms) a call may reach the platform without the next one being refused: that much of each burst (at most one call of it) stays unused; default 100 */
  slackMs?: number;
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

/**
 * One limit as the platform applies it (a generic cell rate algorithm: the theoretical arrival time
 * of the next call, `tat`, may run at most `burst − 1` intervals ahead of now). The platform counts a
 * call when it arrives, which is some time after it starts (an HTTP client's own request queue, a
 * busy machine): a burst that arrives late moves the platform's count later than ours, and the next
 * call, sent on time, is refused — and a 429 costs a whole second's pause. So the bucket keeps a
 * second count over the calls' completions (each arrived by then) and waits for the later of the two,
 * the calls still on their way counted as arriving now; and `slackMs` of the burst (at most one call
 * of it) stays unused for the jitter left.
 */
class Bucket {
  /** our count: calls at the moment they start */
  private tat: number;
  /** the platform's count at the latest: calls at the moment they completed */
  private doneTat: number;
  /** calls started and not yet completed */
  private inFlight = 0;
  private readonly tolerance: number;
  /** how far ahead of now the platform's count may run: its whole burst */
  private readonly fullBurst: number;
  /** no call starts before this moment (a 429's Retry-After) */
  pausedUntil = 0;

  constructor(
    private readonly interval: number,
    burst: number,
    slackMs: number,
    now: number,
  ) {
    this.tat = now;
    this.doneTat = now;
    this.fullBurst = interval * (burst - 1);
    // at most one call of the burst is kept back: a burst of 30 a second keeps 29 at any time scale
    this.tolerance = Math.max(0, this.fullBurst - Math.min(slackMs, interval));
  }

  /** How long until a call may start (0: now). */
  waitMs(now: number): number {
    const paused = Math.max(0, this.pausedUntil - now);
    const platform = Math.max(this.doneTat, now) + this.inFlight * this.interval;
    return Math.max(paused, Math.max(this.tat, platform, now) - now - this.tolerance);
  }

  /** A call starts (counted now, the earliest the platform can see it). */
  take(now: number): void {
    this.tat = Math.max(this.tat, now) + this.interval;
    this.inFlight += 1;
  }

  /** A call completed (answered, or failed otherwise than by a 429): the platform counted it by now. */
  done(now: number): void {
    this.inFlight -= 1;
    this.doneTat = Math.max(this.doneTat, now) + this.interval;
  }

  /**
   * A call was refused (429): not counted, and the platform's count runs ahead of ours, so ours is
   * brought to where the platform's must be — its whole burst spent at the refusal. (Giving the call
   * back instead lets the calls after the pause go as a burst into a platform still full.)
   */
  refused(now: number, narrowest: boolean): void {
    this.inFlight -= 1;
    if (narrowest) this.tat = Math.max(this.tat, now + this.fullBurst);
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
  private readonly slackMs: number;
  /** calls answered 429 (each retried or handed to the caller), for the bench and the logs */
  rateLimited = 0;

  constructor(private readonly options: SendQueueOptions) {
    this.timeScale = options.timeScale ?? 1;
    this.maxRetries = options.maxRetries ?? 3;
    this.maxInlineWaitSeconds = options.maxInlineWaitSeconds ?? 2;
    this.headroom = options.headroom ?? 0.98;
    this.slackMs = options.slackMs ?? 100;
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
      // person does not wait a second for each message of an answer); it still counts, so the
      // proactive sends behind it slow down to keep the average within the limit.
      if (options.reply && attempt === 0) for (const b of buckets) b.take(Date.now());
      else await this.turn(buckets, attempt > 0);
      let result: T;
      try {
        result = await request();
      } catch (error) {
        const wait = error instanceof PlatformError ? error.retryAfterSeconds : undefined;
        const now = Date.now();
        if (wait === undefined) {
          for (const b of buckets) b.done(now);
          throw error;
        }
        // the narrowest bucket (the chat's) is the one refused, and the one that waits: the others keep serving other chats
        const narrowest = buckets[buckets.length - 1]!;
        for (const b of buckets) b.refused(now, b === narrowest);
        this.rateLimited += 1;
        if (attempt >= this.maxRetries || wait > this.maxInlineWaitSeconds) throw error;
        narrowest.pausedUntil = Math.max(narrowest.pausedUntil, now + Math.max(wait, 1) * 1000 * this.timeScale);
        continue;
      }
      for (const b of buckets) b.done(Date.now());
      return result;
    }
  }

  private bucket(spec: BucketSpec): Bucket {
    let bucket = this.buckets.get(spec.name);
    if (!bucket) {
      bucket = new Bucket((1000 * this.timeScale) / (spec.limit.ratePerSecond * this.headroom), spec.limit.burst, this.slackMs, Date.now());
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
