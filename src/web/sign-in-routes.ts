/**
 * Sign-in and sign-out. The link opens a page with one button: the token is spent only by that
 * POST, so a chat preview or a link scanner that fetches the URL does not use up the link.
 */
import type { FastifyInstance } from 'fastify';
import { html } from './html.js';
import { redeemConsoleLink } from './console-link.js';
import { sendMessage, sendPage, type ConsoleContext } from './console-context.js';
import { endSession, readViewer, startSession } from './viewer.js';

/** GET/POST /accedi (the link's page and its button) and POST /esci. */
export function signInRoutes(app: FastifyInstance, context: ConsoleContext, perMinute: number): void {
  app.get('/accedi', async (request, reply) => {
    const token = (request.query as { t?: string }).t;
    const viewer = await readViewer(request, context.db, context.clock());
    return sendPage(request, reply, viewer, (t) => t('console.signIn.title'), (csrf, t) =>
      typeof token === 'string' && token
        ? html`<form method="post" action="/accedi"><input type="hidden" name="_csrf" value="${csrf}"><input type="hidden" name="t" value="${token}">
<p>${t('console.signIn.confirm')}</p><button type="submit">${t('console.signIn.button')}</button></form>`
        : html`<p>${t('console.signIn.howTo')}</p>`,
    ).header('Referrer-Policy', 'no-referrer');
  });

  app.post('/accedi', { preHandler: app.csrfProtection, config: { rateLimit: { max: perMinute, timeWindow: '1 minute' } } }, async (request, reply) => {
    const token = (request.body as { t?: unknown } | undefined)?.t;
    const now = context.clock();
    const who = typeof token === 'string' ? await redeemConsoleLink(context.db, token, now) : null;
    if (!who) return sendMessage(request, reply, null, 403, 'console.signIn.title', 'console.signIn.refused');
    startSession(reply, who.ente, who.person, now, context.secure);
    return reply.redirect('/cruscotto', 303);
  });

  app.post('/esci', { preHandler: app.csrfProtection }, async (request, reply) => {
    endSession(reply);
    return reply.redirect('/accedi', 303);
  });
}
