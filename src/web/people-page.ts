/**
 * Persone: the ente's people with their roles valid on the day and their chat accounts, the
 * accounts that cannot be reached, and absences with their deputies. Administrators link a Slack
 * user id, make a Telegram invitation (link and QR code) and add or end an absence here. A
 * sector-scoped coordinator sees the people of their sectors only.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { isRoleValidOn } from '../domain/responsibility.js';
import { formatDate } from '../i18n/format.js';
import type { Translate } from '../i18n/messages.js';
import { html, Markup } from './html.js';
import { guard, localeOf, sendPage, type ConsoleContext } from './console-context.js';
import { defaultAsOf } from './dashboard-page.js';
import { romeDate } from './rome-date.js';
import { linkSlackAccount } from './slack-account-link.js';
import { addAbsence, endAbsence } from './absence-change.js';
import { sectorOf } from './sector-scope.js';
import { createTelegramInvite, type TelegramInvite } from './telegram-invite.js';
import type { Viewer } from './viewer.js';

/** The people a viewer may see: everyone, or those holding a role in, or responsible for an objective of, their sectors. */
function visiblePeople(viewer: Viewer, date: string): Set<string> {
  const { snapshot, scope } = viewer;
  if (scope === null) return new Set(snapshot.people.map((p) => p.code));
  const objectives = new Set(snapshot.objectives.map((o) => o.code));
  const codes = new Set<string>();
  for (const role of snapshot.roles) {
    if (!isRoleValidOn(role, date)) continue;
    if ((role.orgUnit && scope.includes(sectorOf(snapshot, role.orgUnit))) || (role.objective && objectives.has(role.objective))) codes.add(role.person);
  }
  for (const objective of snapshot.objectives) if (objective.responsible) codes.add(objective.responsible);
  return codes;
}

function personOptions(viewer: Viewer, visible: Set<string>, blank?: string): Markup {
  return html`${blank === undefined ? '' : html`<option value="">${blank}</option>`}${viewer.snapshot.people.filter((p) => visible.has(p.code)).map((p) => html`<option value="${p.code}">${p.name} (${p.code})</option>`)}`;
}

/** A button whose accessible name starts with its visible text (WCAG 2.5.3) and says which absence it ends. */
function endButton(text: string, which: string): Markup {
  return html`<button type="submit" aria-label="${text}: ${which}">${text}</button>`;
}

function inviteSection(invite: TelegramInvite, person: string, t: Translate): Markup {
  return html`<section class="ok" aria-labelledby="invito" data-invite="${person}"><h2 id="invito">${t('console.people.inviteReady', { person })}</h2>
<p>${t('console.people.inviteHelp')}</p><p><code data-invite-link>${invite.link}</code></p>
${invite.qrSvg ? html`<div class="qr" role="img" aria-label="${t('console.people.qrAlt', { person })}">${new Markup(invite.qrSvg)}</div>` : html`<p>${t('console.people.noBotName')}</p>`}</section>`;
}

async function render(context: ConsoleContext, request: FastifyRequest, reply: FastifyReply, viewer: Viewer, notice: (t: Translate) => Markup, status = 200): Promise<FastifyReply> {
  const date = defaultAsOf(viewer.snapshot, romeDate(context.clock()));
  const today = romeDate(context.clock());
  const locale = localeOf(request);
  const visible = visiblePeople(viewer, date);
  const [identities, absences] = await Promise.all([
    context.db.chatIdentity.findMany({ where: { person: { ente: { code: viewer.ente } } }, include: { person: true }, orderBy: { id: 'asc' } }),
    context.db.absence.findMany({ where: { person: { ente: { code: viewer.ente } }, toDate: { gte: today } }, include: { person: true, deputy: true }, orderBy: [{ fromDate: 'asc' }, { id: 'asc' }] }),
  ]);
  const accounts = new Map<string, typeof identities>();
  for (const identity of identities) accounts.set(identity.person.code, [...(accounts.get(identity.person.code) ?? []), identity]);
  const unreachable = identities.filter((i) => i.unreachable && visible.has(i.person.code));
  const shownAbsences = absences.filter((a) => visible.has(a.person.code));
  const { snapshot } = viewer;
  const admin = viewer.roles.includes('admin');
  return sendPage(request, reply, viewer, (t) => t('console.people.title'), (csrf, t) => html`${notice(t)}
<table><caption>${t('console.people.caption', { date })}</caption><thead><tr><th scope="col">${t('console.people.person')}</th><th scope="col">${t('console.people.roles')}</th><th scope="col">${t('console.people.accounts')}</th></tr></thead>
<tbody>${snapshot.people.filter((p) => visible.has(p.code)).map((person) => {
    const roles = snapshot.roles.filter((r) => r.person === person.code && isRoleValidOn(r, date)).map((r) => [r.role, r.orgUnit ?? r.objective].filter(Boolean).join(' '));
    const own = accounts.get(person.code) ?? [];
    return html`<tr data-person="${person.code}"><th scope="row">${person.name} (${person.code})</th><td>${roles.join(', ') || t('report.none')}</td>
<td>${own.length === 0 ? t('report.none') : own.map((a) => html`<span data-account="${a.platform}:${a.externalId}">${a.platform} ${a.externalId}${a.unreachable ? html` — <strong class="error">${t('console.people.unreachable')}</strong>` : ''}</span> `)}</td></tr>`;
  })}</tbody></table>
<h2>${t('console.people.unreachableTitle')}</h2>
${unreachable.length === 0
    ? html`<p>${t('console.people.noUnreachable')}</p>`
    : html`<ul>${unreachable.map((i) => html`<li data-unreachable="${i.person.code}/${i.platform}">${i.person.name} (${i.person.code}) — ${i.platform} ${i.externalId}: ${i.unreachableReason ?? t('console.people.unreachable')}${i.unreachableAt ? ` (${formatDate(romeDate(i.unreachableAt), locale)})` : ''}</li>`)}</ul>`}
<h2>${t('console.people.absencesTitle')}</h2>
${shownAbsences.length === 0
    ? html`<p>${t('console.people.noAbsences')}</p>`
    : html`<table><caption>${t('console.people.absencesCaption', { date: formatDate(today, locale) })}</caption><thead><tr><th scope="col">${t('console.people.person')}</th><th scope="col">${t('console.people.from')}</th><th scope="col">${t('console.people.to')}</th><th scope="col">${t('console.people.deputy')}</th>${admin ? html`<th scope="col"><span class="sr-only">${t('console.people.endAbsence')}</span></th>` : ''}</tr></thead>
<tbody>${shownAbsences.map((a) => html`<tr data-absence="${a.person.code}/${a.fromDate}..${a.toDate}"><th scope="row">${a.person.name} (${a.person.code})</th><td>${formatDate(a.fromDate, locale)}</td><td>${formatDate(a.toDate, locale)}</td><td>${a.deputy ? `${a.deputy.name} (${a.deputy.code})` : t('console.people.noDeputy')}</td>
${admin ? html`<td><form method="post" action="/persone/assenza/fine"><input type="hidden" name="_csrf" value="${csrf}"><input type="hidden" name="assenza" value="${a.id}">${endButton(a.fromDate >= today ? t('console.people.withdraw') : t('console.people.endAbsence'), t('console.people.endAbsenceOf', { person: a.person.name, from: formatDate(a.fromDate, locale) }))}</form></td>` : ''}</tr>`)}</tbody></table>`}
${admin
    ? html`<h3>${t('console.people.addAbsence')}</h3><form method="post" action="/persone/assenza" class="grid"><input type="hidden" name="_csrf" value="${csrf}">
<label for="assente">${t('console.people.absentPerson')}</label> <select id="assente" name="persona" required>${personOptions(viewer, visible)}</select>
<label for="dal">${t('console.people.from')}</label> <input id="dal" name="dal" type="date" required value="${today}">
<label for="al">${t('console.people.to')}</label> <input id="al" name="al" type="date" required value="${today}">
<label for="sostituto">${t('console.people.deputy')}</label> <select id="sostituto" name="sostituto">${personOptions(viewer, visible, t('console.people.noDeputy'))}</select>
<button type="submit">${t('console.people.add')}</button></form>
<h2>${t('console.people.slackTitle')}</h2><form method="post" action="/persone/slack"><input type="hidden" name="_csrf" value="${csrf}">
<label for="persona">${t('console.people.person')}</label> <select id="persona" name="persona">${personOptions(viewer, visible)}</select>
<label for="slack">${t('console.people.slackId')}</label> <input id="slack" name="slack" type="text" required pattern="[UW][A-Z0-9]{2,20}">
<button type="submit">${t('console.people.link')}</button></form>
<h2>${t('console.people.telegramTitle')}</h2><form method="post" action="/persone/telegram"><input type="hidden" name="_csrf" value="${csrf}">
<label for="invitato">${t('console.people.invitee')}</label> <select id="invitato" name="persona">${personOptions(viewer, visible)}</select>
<button type="submit">${t('console.people.invite')}</button></form>`
    : ''}`, status);
}

const field = (body: unknown, name: string): string => {
  const value = (body as Record<string, unknown> | undefined)?.[name];
  return typeof value === 'string' ? value.trim() : '';
};

/** GET /persone (admin, coordinator, oiv); POST /persone/slack, /persone/telegram, /persone/assenza, /persone/assenza/fine (admin). */
export function peopleRoutes(app: FastifyInstance, context: ConsoleContext): void {
  app.get('/persone', async (request, reply) => {
    const viewer = await guard(context, request, reply, ['admin', 'coordinator', 'oiv']);
    if (!viewer) return reply;
    const query = request.query as { collegato?: string; assenza?: string };
    return render(context, request, reply, viewer, (t) =>
      query.collegato ? html`<p class="ok" role="status">${t('console.people.linked', { person: query.collegato })}</p>` : query.assenza ? html`<p class="ok" role="status">${t(query.assenza === 'fine' ? 'console.people.absenceEnded' : 'console.people.absenceAdded')}</p>` : html``,
    );
  });

  app.post('/persone/slack', { preHandler: app.csrfProtection }, async (request, reply) => {
    const viewer = await guard(context, request, reply, ['admin']);
    if (!viewer) return reply;
    const person = field(request.body, 'persona');
    const slack = field(request.body, 'slack');
    if (!(await linkSlackAccount(context.db, viewer.ente, person, slack, viewer.person))) {
      return render(context, request, reply, viewer, (t) => html`<p class="error" role="alert">${t('console.people.badSlack', { value: slack })}</p>`, 400);
    }
    return reply.redirect(`/persone?collegato=${encodeURIComponent(person)}`, 303);
  });

  app.post('/persone/telegram', { preHandler: app.csrfProtection }, async (request, reply) => {
    const viewer = await guard(context, request, reply, ['admin']);
    if (!viewer) return reply;
    const person = field(request.body, 'persona');
    const invite = await createTelegramInvite(context.db, viewer.ente, person, context.telegramBot, viewer.person);
    if (!invite) return render(context, request, reply, viewer, (t) => html`<p class="error" role="alert">${t('console.people.unknownPerson', { value: person })}</p>`, 400);
    // Shown once, in this answer (not in a redirect's URL, where it would stay in the history).
    return render(context, request, reply, viewer, (t) => inviteSection(invite, person, t));
  });

  app.post('/persone/assenza', { preHandler: app.csrfProtection }, async (request, reply) => {
    const viewer = await guard(context, request, reply, ['admin']);
    if (!viewer) return reply;
    const deputy = field(request.body, 'sostituto');
    const input = { person: field(request.body, 'persona'), from: field(request.body, 'dal'), to: field(request.body, 'al'), ...(deputy ? { deputy } : {}) };
    const problem = await addAbsence(context.db, viewer.ente, input, viewer.person);
    if (problem) return render(context, request, reply, viewer, (t) => html`<p class="error" role="alert">${t(`console.people.absenceProblem.${problem}`)} ${t('console.reminders.nothingChanged')}</p>`, 400);
    // Who is asked on a date follows absences: the scheduler re-plans the ente, as after a settings change.
    await context.settingsChanged?.(viewer.ente);
    return reply.redirect('/persone?assenza=nuova', 303);
  });

  app.post('/persone/assenza/fine', { preHandler: app.csrfProtection }, async (request, reply) => {
    const viewer = await guard(context, request, reply, ['admin']);
    if (!viewer) return reply;
    const id = Number(field(request.body, 'assenza'));
    const problem = Number.isSafeInteger(id) ? await endAbsence(context.db, viewer.ente, id, romeDate(context.clock()), viewer.person) : 'unknown';
    if (problem) return render(context, request, reply, viewer, (t) => html`<p class="error" role="alert">${t(`console.people.absenceProblem.${problem}`)} ${t('console.reminders.nothingChanged')}</p>`, 400);
    await context.settingsChanged?.(viewer.ente);
    return reply.redirect('/persone?assenza=fine', 303);
  });
}
