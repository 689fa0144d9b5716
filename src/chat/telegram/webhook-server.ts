/**
 * The gate in front of telegraf's webhook callback. Telegram sends the secret given to setWebhook
 * in the X-Telegram-Bot-Api-Secret-Token header; a request without the right one gets 401 and
 * reaches nothing, its body unread (telegraf's own filter would answer 403 and is kept as a second
 * check). A body over 1 MB gets 413 without being read to the end; one that is not an update
 * (bad JSON, `null`, no update_id) gets 400. telegraf receives the update already parsed.
 */
import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import { BodyTooLargeError, readLimitedBody, refuseUnread } from '../request-body.js';

/** Telegram's updates are a few KB (a message is at most 4,096 characters); 1 MB is generous. */
export const TELEGRAM_MAX_BODY = 1024 * 1024;

const SECRET_HEADER = 'x-telegram-bot-api-secret-token';

/** Telegram accepts 1–256 characters A–Z, a–z, 0–9, `_` and `-` as a webhook secret token. */
export const WEBHOOK_SECRET_PATTERN = /^[A-Za-z0-9_-]{1,256}$/;

function sameSecret(given: string | string[] | undefined, expected: Buffer): boolean {
  const candidate = Buffer.from(typeof given === 'string' ? given : '', 'utf8');
  return candidate.length === expected.length && timingSafeEqual(candidate, expected);
}

/** An update as far as telegraf dereferences it without checking: an object with a numeric update_id. */
function isUpdate(value: unknown): value is { update_id: number } {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && Number.isInteger((value as { update_id?: unknown }).update_id);
}

/**
 * A request listener for the webhook path: POSTs to `path` with the right secret and an update of
 * at most `maxBody` bytes go to `onUpdate` (telegraf's webhookCallback) with `req.body` parsed; a
 * wrong or missing secret gets 401, a larger body 413, something that is not an update 400,
 * anything else 404.
 */
export function webhookRequestListener(options: {
  path: string;
  secretToken: string;
  onUpdate: (req: IncomingMessage, res: ServerResponse) => Promise<void>;
  maxBody?: number;
}): RequestListener {
  const expected = Buffer.from(options.secretToken, 'utf8');
  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const { pathname } = new URL(req.url ?? '/', 'http://localhost');
    if (req.method !== 'POST' || pathname !== options.path) return refuseUnread(req, res, 404);
    if (!sameSecret(req.headers[SECRET_HEADER], expected)) return refuseUnread(req, res, 401);
    let update: unknown;
    try {
      update = JSON.parse((await readLimitedBody(req, res, options.maxBody ?? TELEGRAM_MAX_BODY)).toString('utf8'));
    } catch (error) {
      if (!(error instanceof BodyTooLargeError)) res.writeHead(400).end();
      return;
    }
    if (!isUpdate(update)) {
      res.writeHead(400).end();
      return;
    }
    // telegraf's webhook takes an already parsed body from req.body
    Object.assign(req, { body: update });
    await options.onUpdate(req, res);
  };
  return (req, res) => {
    handle(req, res).catch(() => {
      if (!res.headersSent) res.writeHead(500);
      res.end();
    });
  };
}
