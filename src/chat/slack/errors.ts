/**
 * How a failed Slack Web API call becomes one of the port's named errors: the person cannot be
 * reached there (UnreachableError), or the platform refused or failed (PlatformError, with the
 * wait Slack asks for when rate limited).
 */
import { webApi } from '@slack/bolt';
import { PlatformError, UnreachableError } from '../port.js';

/** Slack error codes that mean the person cannot receive our messages. */
export const SLACK_UNREACHABLE_ERRORS: ReadonlySet<string> = new Set(['account_inactive', 'user_not_found', 'cannot_dm_bot', 'user_disabled']);

interface SlackErrorShape {
  code?: string;
  data?: { error?: string };
  retryAfter?: number;
  statusCode?: number;
}

/** Translates an error thrown by the Slack WebClient for `method` into UnreachableError or PlatformError. */
export function slackCallError(error: unknown, method: string): UnreachableError | PlatformError {
  if (error instanceof UnreachableError || error instanceof PlatformError) return error;
  const e = (error ?? {}) as SlackErrorShape;
  switch (e.code) {
    case webApi.ErrorCode.PlatformError: {
      const code = e.data?.error ?? 'unknown_error';
      return SLACK_UNREACHABLE_ERRORS.has(code) ? new UnreachableError('slack', code) : new PlatformError('slack', method, code);
    }
    case webApi.ErrorCode.RateLimitedError:
      return new PlatformError('slack', method, 'ratelimited', e.retryAfter);
    case webApi.ErrorCode.HTTPError:
      return new PlatformError('slack', method, `http_${e.statusCode ?? 'error'}`);
    case webApi.ErrorCode.RequestError:
      return new PlatformError('slack', method, 'request_failed');
    default:
      return new PlatformError('slack', method, error instanceof Error ? error.message : 'unknown_error');
  }
}
