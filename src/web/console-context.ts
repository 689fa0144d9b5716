/** What every console route gets: the database, the clock, and helpers to render and to guard. */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Db } from '../db/database.js';
import { isLocale, plainTranslator, type Locale, type Translate } from '../i18n/messages.js';
import type { Markup } from './html.js';
import { html } from './html.js';
import { page } from './layout.js';
import type { ConsoleRole } from './console-roles.js';
import { readViewer, type Viewer } from './viewer.js';

export interface ConsoleContext {
  db: Db;
  clock: () => Date;
  secure: boolean;
  /** HMAC key shared by every replica (signs sessions and pending uploads). */
  secret: string;
  settingsChanged?: (ente: string) => Promise<unknown>;
  /** TELEGRAM_BOT_USERNAME, for t.me invitation links */
  telegramBot?: string;
}

export const LANG_COOKIE = 'perfbot_lang';

/** The reader's language: the switch's cookie, else Italian. */
export function localeOf(request: FastifyRequest): Locale {
  const chosen = request.cookies[LANG_COOKIE];
  return isLocale(chosen) ? chosen : 'it';
}

/** Sends a whole page with a fresh CSRF token for its forms. */
export function sendPage(request: FastifyRequest, reply: FastifyReply, viewer: Viewer | null, title: string | ((t: Translate) => string), body: (csrf: string, t: Translate) => Markup, status = 200): FastifyReply {
  const locale = localeOf(request);
  const t = plainTranslator(locale);
  const csrf = reply.generateCsrf();
  const path = request.url;
  return reply.code(status).type('text/html; charset=utf-8').send(page({ t, locale, title: typeof title === 'string' ? title : title(t), body: body(csrf, t), viewer, csrf, path }));
}

/** A short page that says one thing (a refusal, an error): never a stack trace. */
export function sendMessage(request: FastifyRequest, reply: FastifyReply, viewer: Viewer | null, status: number, titleKey: string, textKey: string): FastifyReply {
  const t = plainTranslator(localeOf(request));
  return sendPage(request, reply, viewer, t(titleKey), () => html`<p role="alert">${t(textKey)}</p>`, status);
}

/**
 * The signed-in viewer holding one of `roles`, or null after answering: to the sign-in page when
 * nobody is signed in, 403 when the role is missing. Every data route starts here, and reads
 * only the viewer's own ente.
 */
export async function guard(context: ConsoleContext, request: FastifyRequest, reply: FastifyReply, roles: readonly ConsoleRole[]): Promise<Viewer | null> {
  const viewer = await readViewer(request, context.db, context.clock());
  if (!viewer) {
    if (request.method === 'GET') reply.redirect('/accedi', 303);
    else sendMessage(request, reply, null, 401, 'console.signIn.title', 'console.signIn.needed');
    return null;
  }
  if (!roles.some((role) => viewer.roles.includes(role))) {
    sendMessage(request, reply, viewer, 403, 'console.refused.title', 'console.refused.text');
    return null;
  }
  return viewer;
}
