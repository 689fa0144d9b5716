/**
 * How a failed Bot API call becomes one of the port's named errors: the person cannot be reached
 * (blocked the bot, deactivated, never started it) → UnreachableError; rate limited → PlatformError
 * with Telegram's retry_after; anything else → PlatformError.
 */
import { TelegramError } from 'telegraf';
import { PlatformError, UnreachableError } from '../port.js';

/** Bot API error descriptions that mean the person cannot receive our messages. */
export const TELEGRAM_UNREACHABLE_ERRORS = [
  'Forbidden: bot was blocked by the user',
  'Forbidden: user is deactivated',
  'Bad Request: chat not found',
  "can't initiate conversation",
] as const;

/** Translates an error thrown by telegraf's client for `method` into UnreachableError or PlatformError. */
export function telegramCallError(error: unknown, method: string): UnreachableError | PlatformError {
  if (error instanceof UnreachableError || error instanceof PlatformError) return error;
  if (error instanceof TelegramError) {
    const description = error.description ?? String(error.code);
    if (TELEGRAM_UNREACHABLE_ERRORS.some((known) => description.includes(known))) return new UnreachableError('telegram', description);
    if (error.code === 429) return new PlatformError('telegram', method, '429', error.parameters?.retry_after);
    return new PlatformError('telegram', method, `${error.code}: ${description}`);
  }
  return new PlatformError('telegram', method, error instanceof Error ? `request_failed: ${error.message}` : 'request_failed');
}
