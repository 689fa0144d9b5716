/**
 * The gate in front of telegraf's webhook callback. Telegram sends the secret given to setWebhook
 * in the X-Telegram-Bot-Api-Secret-Token header; a request without the right one gets 401 and
 * reaches nothing (telegraf's own filter would answer 403 and is kept as a second check).
 */
import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';

const SECRET_HEADER = 'x-telegram-bot-api-secret-token';

/** Telegram accepts 1–256 characters A–Z, a–z, 0–9, `_` and `-` as a webhook secret token. */
export const WEBHOOK_SECRET_PATTERN = /^[A-Za-z0-9_-]{1,256}$/;

function sameSecret(given: string | string[] | undefined, expected: Buffer): boolean {
  const candidate = Buffer.from(typeof given === 'string' ? given : '', 'utf8');
  return candidate.length === expected.length && timingSafeEqual(candidate, expected);
}

/**
 * A request listener for the webhook path: POSTs to `path` with the right secret go to `onUpdate`
 * (telegraf's webhookCallback), a wrong or missing secret gets 401, anything else 404.
 */
export function webhookRequestListener(options: {
  path: string;
  secretToken: string;
  onUpdate: (req: IncomingMessage, res: ServerResponse) => Promise<void>;
}): RequestListener {
  const expected = Buffer.from(options.secretToken, 'utf8');
  return (req, res) => {
    const { pathname } = new URL(req.url ?? '/', 'http://localhost');
    if (req.method !== 'POST' || pathname !== options.path) {
      req.resume();
      res.writeHead(404).end();
      return;
    }
    if (!sameSecret(req.headers[SECRET_HEADER], expected)) {
      req.resume();
      res.writeHead(401).end();
      return;
    }
    options.onUpdate(req, res).catch(() => {
      if (!res.headersSent) res.writeHead(500);
      res.end();
    });
  };
}
