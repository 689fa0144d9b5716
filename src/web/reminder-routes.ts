/**
 * Promemoria: the reminder settings, changed with the words of the chat and CLI command (`ora
 * 10:00`, `anticipo 5,1`, …) through the same parser and audited store, and the preview of the
 * reminders and digests of the next 14 days: when, to whom, which step and why.
 */
import type { FastifyInstance } from 'fastify';
import { loadReminderSettings, updateReminderSettings } from '../db/settings-store.js';
import { WorkingCalendar } from '../domain/calendar.js';
import { addDays } from '../domain/calendar-date.js';
import { planReminders } from '../scheduler/plan-reminders.js';
import { planDigests } from '../scheduler/plan-digests.js';
import { describeSettingsError, parseSettingsChange } from '../domain/reminder-settings-change.js';
import { describeSettings } from '../domain/reminder-settings-description.js';
import { formatDate } from '../i18n/format.js';
import { html, type Markup } from './html.js';
import { guard, localeOf, sendPage, type ConsoleContext } from './console-context.js';
import { defaultAsOf } from './dashboard-page.js';
import { romeDate } from './rome-date.js';
import type { Viewer } from './viewer.js';
import { plainTranslator, type Translate } from '../i18n/messages.js';

const PREVIEW_DAYS = 14;
const isIsoDate = (value: unknown): value is string => typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value) && !Number.isNaN(Date.parse(`${value}T00:00:00Z`));

async function previewRows(context: ConsoleContext, viewer: Viewer, from: string, t: Translate, locale: 'it' | 'en'): Promise<Markup> {
  const settings = await loadReminderSettings(context.db, viewer.ente);
  const { snapshot } = viewer;
  const calendar = new WorkingCalendar({ timezone: snapshot.ente.timezone, ...(snapshot.ente.patronDay ? { patronDay: snapshot.ente.patronDay } : {}), closures: settings.closures });
  const input = { snapshot, settings, calendar, from, to: addDays(from, PREVIEW_DAYS - 1) };
  const names = new Map(snapshot.people.map((p) => [p.code, p.name]));
  const rows = [
    ...planDigests(input).map((d) => ({ at: d.sendAt, date: d.dueDate, who: d.recipient, what: t('console.reminders.digest'), why: d.subject })),
    ...planReminders(input).map((r) => ({
      at: r.sendAt,
      date: r.dueDate,
      who: r.recipient,
      what: r.step,
      why: `${r.reason.objective} ${r.reason.item.code} — ${r.reason.deadline ? t('console.reminders.deadline', { date: formatDate(r.reason.deadline, locale) }) : t('console.reminders.checkpoint', { date: formatDate(r.reason.checkpoint ?? '', locale) })}`,
    })),
  ].sort((a, b) => a.at.getTime() - b.at.getTime());
  if (rows.length === 0) return html`<p>${t('console.reminders.none')}</p>`;
  return html`<table data-preview-rows="${rows.length}"><caption>${t('console.reminders.previewCaption', { from: formatDate(from, locale), to: formatDate(input.to, locale) })}</caption>
<thead><tr><th scope="col">${t('console.reminders.when')}</th><th scope="col">${t('console.reminders.who')}</th><th scope="col">${t('console.reminders.what')}</th><th scope="col">${t('console.reminders.why')}</th></tr></thead>
<tbody>${rows.map((r) => html`<tr><td data-time="${calendar.localTimeOf(r.at)}">${formatDate(r.date, locale)} ${calendar.localTimeOf(r.at)}</td><td>${names.get(r.who) ?? r.who}</td><td>${r.what}</td><td>${r.why}</td></tr>`)}</tbody></table>`;
}

/** GET/POST /promemoria (admin): settings, one change at a time, and the 14-day preview. */
export function reminderRoutes(app: FastifyInstance, context: ConsoleContext): void {
  const render = async (request: Parameters<typeof sendPage>[0], reply: Parameters<typeof sendPage>[1], viewer: Viewer, from: string, notice: Markup, status = 200) => {
    const locale = localeOf(request);
    const settings = await loadReminderSettings(context.db, viewer.ente);
    const preview = await previewRows(context, viewer, from, plainTranslator(locale), locale);
    return sendPage(request, reply, viewer, (t) => t('console.reminders.title'), (csrf, t) => html`${notice}
<h2>${t('console.reminders.current')}</h2><pre data-settings>${describeSettings(settings)}</pre>
<form method="post" action="/promemoria"><input type="hidden" name="_csrf" value="${csrf}"><input type="hidden" name="dal" value="${from}">
<label for="modifica">${t('console.reminders.changeLabel')}</label> <input id="modifica" name="modifica" type="text" required aria-describedby="modifica-aiuto">
<button type="submit">${t('console.reminders.apply')}</button><p id="modifica-aiuto">${t('console.reminders.changeHelp')}</p></form>
<h2>${t('console.reminders.previewTitle')}</h2>
<form method="get" action="/promemoria"><label for="dal">${t('console.reminders.from')}</label> <input id="dal" name="dal" type="date" value="${from}"> <button type="submit">${t('console.dashboard.show')}</button></form>
${preview}`, status);
  };

  app.get('/promemoria', async (request, reply) => {
    const viewer = await guard(context, request, reply, ['admin']);
    if (!viewer) return reply;
    const query = request.query as { dal?: string; ok?: string };
    const from = isIsoDate(query.dal) ? query.dal : defaultAsOf(viewer.snapshot, romeDate(context.clock()));
    const t = plainTranslator(localeOf(request));
    return render(request, reply, viewer, from, query.ok ? html`<p class="ok" role="status">${t('console.reminders.saved')}</p>` : html``);
  });

  app.post('/promemoria', { preHandler: app.csrfProtection }, async (request, reply) => {
    const viewer = await guard(context, request, reply, ['admin']);
    if (!viewer) return reply;
    const body = (request.body ?? {}) as { modifica?: unknown; dal?: unknown };
    const from = isIsoDate(body.dal) ? body.dal : defaultAsOf(viewer.snapshot, romeDate(context.clock()));
    const current = await loadReminderSettings(context.db, viewer.ente);
    const parsed = parseSettingsChange(typeof body.modifica === 'string' ? body.modifica : '', current, new Set(viewer.snapshot.people.map((p) => p.code)));
    if (!parsed.ok) {
      const t = plainTranslator(localeOf(request));
      return render(request, reply, viewer, from, html`<p class="error" role="alert">${describeSettingsError(parsed.error, t)} ${t('console.reminders.nothingChanged')}</p>`, 400);
    }
    await updateReminderSettings(context.db, viewer.ente, parsed.patch, viewer.person);
    // The scheduler re-plans the ente's rows, as after the chat and CLI command.
    await context.settingsChanged?.(viewer.ente);
    return reply.redirect(`/promemoria?dal=${from}&ok=1`, 303);
  });
}
