/**
 * The adapters' ChannelLogger and the dispatcher's ports, seen from the operations side: adapter
 * warnings go to the process logger, and every platform answer "429 / rate limited" is counted,
 * whether it hit a reply to a turn (reported by the adapter) or a reminder (thrown by the port).
 */
import type { ChannelLogger } from '../chat/channel-logger.js';
import { PlatformError, type ChatPort } from '../chat/port.js';
import type { Logger } from './logger.js';
import type { Metrics } from './metrics.js';

const RATE_LIMITED = /ratelimited|\b429\b/;

function isRateLimited(error: unknown): boolean {
  return error instanceof PlatformError ? RATE_LIMITED.test(error.code) || error.retryAfterSeconds !== undefined : false;
}

/** A ChannelLogger for one platform's adapter that writes to `logger` and counts rate limits. */
export function channelLogger(platform: string, logger: Logger, metrics: Metrics): ChannelLogger {
  const child = logger.child({ platform });
  const count = (details: object) => {
    const err = (details as { err?: unknown }).err;
    if (typeof err === 'string' && RATE_LIMITED.test(err)) metrics.rateLimited.inc({ platform });
  };
  return {
    warn: (details, message) => {
      count(details);
      child.warn(details, message);
    },
    error: (details, message) => {
      count(details);
      child.error(details, message);
    },
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
