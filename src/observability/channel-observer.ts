/**
 * The adapters' ChannelLogger and the dispatcher's ports, seen from the operations side: adapter
 * warnings go to the process logger, and every platform answer "429 / rate limited" is counted,
 * whether it hit a reply to a turn (reported by the adapter) or a reminder (thrown by the port).
 */
import type { ChannelLogger } from '../chat/channel-logger.js';
import { PlatformError, type ChatPort, type Platform } from '../chat/port.js';
import type { Db } from '../db/database.js';
import { subjectOf, type TurnSubject } from './turn-observer.js';
import type { Logger } from './logger.js';
import type { Metrics } from './metrics.js';

const RATE_LIMITED = /ratelimited|\b429\b/;

function isRateLimited(error: unknown): boolean {
  return error instanceof PlatformError ? RATE_LIMITED.test(error.code) || error.retryAfterSeconds !== undefined : false;
}

/**
 * A ChannelLogger for one platform's adapter that writes to `logger` and counts rate limits. With
 * `db`, a line about a person's platform account (`userId`) names their ente and person instead,
 * like every other line about a turn (written once the lookup answers).
 */
export function channelLogger(platform: Platform, logger: Logger, metrics: Metrics, db?: Db): ChannelLogger {
  const child = logger.child({ platform });
  const write = (level: 'warn' | 'error', details: object, message: string) => {
    const err = (details as { err?: unknown }).err;
    if (typeof err === 'string' && RATE_LIMITED.test(err)) metrics.rateLimited.inc({ platform });
    const { userId, ...rest } = details as { userId?: unknown };
    if (!db || typeof userId !== 'string') return child[level](details, message);
    void subjectOf(db, platform, userId)
      .catch((): TurnSubject => ({ ente: null, person: null }))
      .then((subject) => child[level]({ ...rest, ente: subject.ente, person: subject.person }, message));
  };
  return {
    warn: (details, message) => write('warn', details, message),
    error: (details, message) => write('error', details, message),
  };
}

/** The same port, counting the rate limits its sends run into (the dispatcher retries them). */
export function observedPort<P extends ChatPort>(port: P, metrics: Metrics): ChatPort {
  const counted = async <T>(work: () => Promise<T>): Promise<T> => {
    try {
      return await work();
    } catch (error) {
      if (isRateLimited(error)) metrics.rateLimited.inc({ platform: port.platform });
      throw error;
    }
  };
  return {
    platform: port.platform,
    maxTextLength: port.maxTextLength,
    send: (to, message, options) => counted(() => port.send(to, message, options)),
    ...(port.wasDelivered ? { wasDelivered: (to: Parameters<NonNullable<ChatPort['wasDelivered']>>[0], key: string) => port.wasDelivered!(to, key) } : {}),
    ...(port.sendImage ? { sendImage: (to: Parameters<NonNullable<ChatPort['sendImage']>>[0], image: Parameters<NonNullable<ChatPort['sendImage']>>[1], options?: { deliveryKey?: string }) => counted(() => port.sendImage!(to, image, options)) } : {}),
  };
}
