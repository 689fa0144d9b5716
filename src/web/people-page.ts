/**
 * Persone: the ente's people with their roles valid on the day and their chat accounts (unreachable
 * ones flagged); administrators link a Slack user id here.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { isRoleValidOn } from '../domain/responsibility.js';
import { html, type Markup } from './html.js';
import { guard, sendPage, type ConsoleContext } from './console-context.js';
import { defaultAsOf } from './dashboard-page.js';
import { romeDate } from './rome-date.js';
import { linkSlackAccount } from './slack-account-link.js';
import type { Viewer } from './viewer.js';

async function render(context: ConsoleContext, request: FastifyRequest, reply: FastifyReply, viewer: Viewer, notice: (t: (k: string, p?: Record<string, string>) => string) => Markup, status = 200): Promise<FastifyReply> {
  const date = defaultAsOf(viewer.snapshot, romeDate(context.clock()));
  const identities = await context.db.chatIdentity.findMany({ where: { person: { ente: { code: viewer.ente } } }, include: { person: true } });
  const accounts = new Map<string, typeof identities>();
  for (const identity of identities) accounts.set(identity.person.code, [...(accounts.get(identity.person.code) ?? []), identity]);
  const { snapshot } = viewer;
  const admin = viewer.roles.includes('admin');
  return sendPage(request, reply, viewer, (t) => t('console.people.title'), (csrf, t) => html`${notice(t)}
<table><caption>${t('console.people.caption', { date })}</caption><thead><tr><th scope="col">${t('console.people.person')}</th><th scope="col">${t('console.people.roles')}</th><th scope="col">${t('console.people.accounts')}</th></tr></thead>
<tbody>${snapshot.people.map((person) => {
    const roles = snapshot.roles.filter((r) => r.person === person.code && isRoleValidOn(r, date)).map((r) => [r.role, r.orgUnit ?? r.objective].filter(Boolean).join(' '));
    const own = accounts.get(person.code) ?? [];
    return html`<tr data-person="${person.code}"><th scope="row">${person.name} (${person.code})</th><td>${roles.join(', ') || t('report.none')}</td>
<td>${own.length === 0 ? t('report.none') : own.map((a) => html`<span data-account="${a.platform}:${a.externalId}">${a.platform} ${a.externalId}${a.unreachable ? html` — <strong class="error">${t('console.people.unreachable')}</strong>` : ''}</span> `)}</td></tr>`;
  })}</tbody></table>
${admin
    ? html`<h2>${t('console.people.slackTitle')}</h2><form method="post" action="/persone/slack"><input type="hidden" name="_csrf" value="${csrf}">
<label for="persona">${t('console.people.person')}</label> <select id="persona" name="persona">${snapshot.people.map((p) => html`<option value="${p.code}">${p.name} (${p.code})</option>`)}</select>
<label for="slack">${t('console.people.slackId')}</label> <input id="slack" name="slack" type="text" required pattern="[UW][A-Z0-9]{2,20}">
<button type="submit">${t('console.people.link')}</button></form>`
    : ''}`, status);
}

/** GET /persone (admin, coordinator, oiv) and POST /persone/slack (admin). */
export function peopleRoutes(app: FastifyInstance, context: ConsoleContext): void {
  app.get('/persone', async (request, reply) => {
    const viewer = await guard(context, request, reply, ['admin', 'coordinator', 'oiv']);
    if (!viewer) return reply;
    const linked = (request.query as { collegato?: string }).collegato;
    return render(context, request, reply, viewer, (t) => (linked ? html`<p class="ok" role="status">${t('console.people.linked', { person: linked })}</p>` : html``));
  });

  app.post('/persone/slack', { preHandler: app.csrfProtection }, async (request, reply) => {
    const viewer = await guard(context, request, reply, ['admin']);
    if (!viewer) return reply;
    const body = (request.body ?? {}) as { persona?: unknown; slack?: unknown };
    const person = typeof body.persona === 'string' ? body.persona : '';
    const slack = typeof body.slack === 'string' ? body.slack.trim() : '';
    if (!(await linkSlackAccount(context.db, viewer.ente, person, slack, viewer.person))) {
      return render(context, request, reply, viewer, (t) => html`<p class="error" role="alert">${t('console.people.badSlack', { value: slack })}</p>`, 400);
    }
    return reply.redirect(`/persone?collegato=${encodeURIComponent(person)}`, 303);
  });
}
