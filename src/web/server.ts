/**
 * The web console (issue 13): a fastify server with server-rendered pages for administrators,
 * coordinators and the OIV, over the same services as the CLI and the chat. Signed cookies,
 * CSRF tokens on every form, a rate limit on link redemption, role and ente checks on every route.
 */
import Fastify, { type FastifyInstance } from 'fastify';
import cookie from '@fastify/cookie';
import csrf from '@fastify/csrf-protection';
import formbody from '@fastify/formbody';
import multipart from '@fastify/multipart';
import rateLimit from '@fastify/rate-limit';
import type { Db } from '../db/database.js';
import { LANG_COOKIE, sendMessage, type ConsoleContext } from './console-context.js';
import { signInRoutes } from './sign-in-routes.js';
import { dashboardRoutes } from './dashboard-page.js';
import { planRoutes } from './plan-routes.js';
import { reminderRoutes } from './reminder-routes.js';
import { peopleRoutes } from './people-page.js';
import { objectiveRoutes } from './objective-page.js';
import { exportRoutes } from './export-page.js';

export interface ConsoleOptions {
  db: Db;
  clock: () => Date;
  /** HMAC key of the session and CSRF cookies (PERFBOT_CONSOLE_SECRET); at least 32 characters. */
  secret: string;
  /** Secure cookies: on when the console is reached over HTTPS. */
  secure?: boolean;
  /** Called after a reminder setting changed, so the scheduler re-plans the ente. */
  settingsChanged?: (ente: string) => Promise<unknown>;
  /** The Telegram bot's username (TELEGRAM_BOT_USERNAME): invitations made on Persone become t.me links with a QR code. */
  telegramBot?: string;
  /** Behind a reverse proxy (PERFBOT_CONSOLE_URL set): client addresses come from X-Forwarded-For, so the rate limit is per client, not per proxy. */
  behindProxy?: boolean;
  /** Link redemptions allowed per client address per minute. */
  redeemPerMinute?: number;
}

/** The token of a form: a urlencoded field, or a multipart field (read before the file). */
function formToken(request: { body?: unknown; headers: Record<string, unknown> }): string | undefined {
  const body = request.body as Record<string, unknown> | undefined;
  const field = body?._csrf;
  if (typeof field === 'string') return field;
  if (field && typeof field === 'object' && 'value' in field && typeof field.value === 'string') return field.value;
  return undefined;
}

/** Builds the console; the caller listens (or injects requests in tests). */
export async function buildConsole(options: ConsoleOptions): Promise<FastifyInstance> {
  const app = Fastify({ logger: false, bodyLimit: 1_000_000, trustProxy: options.behindProxy ?? false });
  const secure = options.secure ?? false;
  await app.register(cookie, { secret: options.secret });
  await app.register(formbody);
  await app.register(multipart, { attachFieldsToBody: true, limits: { fileSize: 10_000_000, files: 1 } });
  await app.register(csrf, { sessionPlugin: '@fastify/cookie', getToken: formToken, cookieOpts: { signed: true, httpOnly: true, sameSite: 'strict', secure, path: '/' } });
  await app.register(rateLimit, { global: false });
  const context: ConsoleContext = { db: options.db, clock: options.clock, secure, secret: options.secret, ...(options.settingsChanged ? { settingsChanged: options.settingsChanged } : {}), ...(options.telegramBot ? { telegramBot: options.telegramBot } : {}) };

  app.setErrorHandler((error: { code?: string; statusCode?: number }, request, reply) => {
    if (error.code?.startsWith('FST_CSRF')) return sendMessage(request, reply, null, 403, 'console.csrf.title', 'console.csrf.text');
    if (error.statusCode === 429) return sendMessage(request, reply, null, 429, 'console.rateLimited.title', 'console.rateLimited.text');
    if (error.statusCode === 413 || error.code === 'FST_REQ_FILE_TOO_LARGE') return sendMessage(request, reply, null, 413, 'console.tooLarge.title', 'console.tooLarge.text');
    request.log.error(error);
    return sendMessage(request, reply, null, error.statusCode && error.statusCode < 500 ? error.statusCode : 500, 'console.failed.title', 'console.failed.text');
  });
  app.setNotFoundHandler((request, reply) => sendMessage(request, reply, null, 404, 'console.notFound.title', 'console.notFound.text'));

  app.get('/', async (_request, reply) => reply.redirect('/cruscotto', 303));
  app.get('/lingua', async (request, reply) => {
    const query = request.query as { l?: string; torna?: string };
    reply.setCookie(LANG_COOKIE, query.l === 'en' ? 'en' : 'it', { path: '/', sameSite: 'lax', httpOnly: true, secure, maxAge: 365 * 86400 });
    // Only a path of this site, never another host (//evil.example).
    const back = typeof query.torna === 'string' && /^\/(?!\/)/.test(query.torna) ? query.torna : '/';
    return reply.redirect(back, 303);
  });
  signInRoutes(app, context, options.redeemPerMinute ?? 10);
  dashboardRoutes(app, context);
  planRoutes(app, context);
  reminderRoutes(app, context);
  peopleRoutes(app, context);
  objectiveRoutes(app, context);
  exportRoutes(app, context);
  return app;
}
