/**
 * Obiettivo: one objective at a date — phases planned vs actual, indicators with target, current
 * value and the values of every monitoring date (who, when), the full history of answers and the
 * audit rows, and the final assessment with the OIV's note, which the OIV adds here (the same
 * audited store as `nota` in chat). Every figure is the `buildReport` one, as in `perfbot report`.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { DateTime } from 'luxon';
import { saveOivNote, NoAssessmentError } from '../db/assessment-store.js';
import { finalCheckpoint } from '../conversations/final-assessment.js';
import { buildReport } from '../reports/report.js';
import type { ReportObjective } from '../reports/report-schema.js';
import { formatDate, formatNumber, formatPct } from '../i18n/format.js';
import { plainTranslator, type Locale, type Translate } from '../i18n/messages.js';
import { html, type Markup } from './html.js';
import { guard, localeOf, sendMessage, sendPage, type ConsoleContext } from './console-context.js';
import { defaultAsOf } from './dashboard-page.js';
import { objectiveAudit, objectiveHistory } from './objective-history.js';
import { isIsoDate } from './query-date.js';
import { stackedTable } from './stacked-table.js';
import { romeDate } from './rome-date.js';
import type { Viewer } from './viewer.js';

const NOTE_MAX = 4000;

function when(at: Date, locale: Locale): string {
  return DateTime.fromJSDate(at, { zone: 'Europe/Rome' }).setLocale(locale).toFormat('dd/MM/yyyy HH:mm');
}

function phasesTable(objective: ReportObjective, name: (code: string | null) => string, t: Translate, locale: Locale): Markup {
  if (objective.phases.length === 0) return html`<p>${t('console.objective.noPhases')}</p>`;
  const columns = ['phase', 'owner', 'deadline', 'planned', 'actual', 'gap', 'daysLate', 'lastReport'].map((c) => t(`export.columns.${c}`));
  return stackedTable(
    t('console.objective.phasesCaption'),
    columns,
    objective.phases.map((p) => ({
      attributes: html` data-phase="${p.code}" data-planned="${p.plannedPct ?? ''}" data-actual="${p.actualPct ?? ''}" data-gap="${p.gapPct ?? ''}" data-days-late="${p.daysLate ?? ''}"${p.overdue ? html` class="late"` : ''}`,
      header: html`${p.code} ${p.title}${p.status === 'cancelled' ? html` (${t('export.cancelled')})` : ''}`,
      cells: [
        name(p.owner),
        p.deadline ? formatDate(p.deadline, locale) : t('report.none'),
        formatPct(p.plannedPct, locale),
        formatPct(p.actualPct, locale),
        p.gapPct === null ? t('report.none') : formatNumber(p.gapPct, locale, 1),
        p.overdue ? html`<strong class="error">${p.daysLate ?? 0}</strong>` : (p.daysLate ?? t('report.none')),
        p.lastReportAt ? formatDate(p.lastReportAt, locale) : t('report.none'),
      ],
    })),
  );
}

function indicatorsTable(objective: ReportObjective, name: (code: string | null) => string, t: Translate, locale: Locale): Markup {
  if (objective.indicators.length === 0) return html`<p>${t('console.objective.noIndicators')}</p>`;
  const columns = [t('export.columns.indicator'), t('console.objective.target'), t('console.objective.value'), t('export.columns.status'), t('console.objective.achievement'), t('console.objective.deviation'), t('console.objective.met')];
  return stackedTable(
    t('console.objective.indicatorsCaption'),
    columns,
    objective.indicators.map((i) => ({
      attributes: html` data-indicator="${i.code}" data-raw="${i.value?.raw ?? ''}" data-achievement="${i.achievement ?? ''}" data-deviation="${i.deviation ?? ''}" data-met="${String(i.met ?? '')}"`,
      header: html`${i.code} ${i.name}${i.context ? html` (${t('console.objective.context')})` : ''}`,
      cells: [
        i.target?.raw ?? t('report.none'),
        i.value ? t('console.objective.valueAt', { value: i.value.raw, date: formatDate(i.value.at, locale), who: name(i.value.by) }) : t('report.none'),
        t(`checkin.status_words.${i.status}`),
        i.achievement === null ? t('report.none') : formatPct(i.achievement * 100, locale),
        i.deviation === null ? t('report.none') : formatNumber(i.deviation, locale, 2),
        i.met === null ? t('report.none') : i.met ? t('export.yes') : t('export.no'),
      ],
    })),
  );
}

/** GET /obiettivo/:code?al=… for admin, coordinator (in scope) and oiv; POST /obiettivo/:code/nota for the OIV. */
export function objectiveRoutes(app: FastifyInstance, context: ConsoleContext): void {
  const render = async (request: FastifyRequest, reply: FastifyReply, viewer: Viewer, code: string, asOf: string, notice: (t: Translate) => Markup, status = 200): Promise<FastifyReply> => {
    const locale = localeOf(request);
    const { snapshot } = viewer;
    const report = buildReport(snapshot, asOf);
    const objective = report.objectives.find((o) => o.code === code);
    if (!objective) return sendMessage(request, reply, viewer, 404, 'console.notFound.title', 'console.objective.unknown');
    const names = new Map(snapshot.people.map((p) => [p.code, p.name]));
    const name = (who: string | null) => (who === null ? plainTranslator(locale)('report.none') : (names.get(who) ?? who));
    const [history, audit] = await Promise.all([objectiveHistory(context.db, viewer.ente, snapshot.plan.code, code), objectiveAudit(context.db, viewer.ente, snapshot.plan.code, code)]);
    const values = snapshot.measurements.filter((m) => m.objective === code).sort((a, b) => a.indicator.localeCompare(b.indicator) || a.asOf.localeCompare(b.asOf));
    const finalAt = finalCheckpoint(snapshot);
    const assessment = snapshot.assessments.find((a) => a.objective === code && a.asOf === finalAt && a.kind === 'final');
    const oiv = viewer.roles.includes('oiv');
    return sendPage(request, reply, viewer, (t) => t('console.objective.title', { code: objective.code }), (csrf, t) => html`${notice(t)}
<p><a href="/cruscotto?al=${asOf}">${t('console.objective.back')}</a></p>
<p class="lead">${objective.title}</p>
<form method="get" action="/obiettivo/${objective.code}"><label for="al">${t('console.dashboard.date')}</label> <input id="al" name="al" type="date" value="${asOf}"> <button type="submit">${t('console.dashboard.show')}</button></form>
<dl class="facts">
<dt>${t('console.objective.sectors')}</dt><dd>${objective.sectors.join(', ')}${objective.transversal ? ` (${t('report.transversal')})` : ''}</dd>
<dt>${t('console.objective.responsible')}</dt><dd>${name(objective.responsible)}</dd>
<dt>${t('report.columns.weight')}</dt><dd>${objective.weight ?? t('report.none')}</dd>
<dt>${t('console.objective.pct', { date: formatDate(asOf, locale) })}</dt><dd data-field="pct" data-value="${objective.pct ?? ''}"><strong>${formatPct(objective.pct, locale, 2)}</strong></dd>
<dt>${t('console.objective.computed')}</dt><dd data-field="computedPct" data-value="${objective.computedPct ?? ''}">${formatPct(objective.computedPct, locale, 2)}</dd>
<dt>${t('console.objective.phasesPct')}</dt><dd data-field="phasesPct" data-value="${objective.phasesPct ?? ''}">${formatPct(objective.phasesPct, locale, 2)}</dd>
<dt>${t('console.objective.timeliness')}</dt><dd data-field="timelinessPct" data-value="${objective.timelinessPct ?? ''}">${formatPct(objective.timelinessPct, locale, 2)}</dd>
<dt>${t('report.columns.status')}</dt><dd data-field="status" data-value="${objective.status ?? ''}">${objective.status ? t(`status.${objective.status}`) : t('report.none')}</dd>
</dl>
<h2>${t('console.objective.phases')}</h2>${phasesTable(objective, name, t, locale)}
<h2>${t('console.objective.indicators')}</h2>${indicatorsTable(objective, name, t, locale)}
<h3>${t('console.objective.perCheckpoint')}</h3>
${values.length === 0
    ? html`<p>${t('console.objective.noValues')}</p>`
    : html`<table><caption>${t('console.objective.perCheckpointCaption')}</caption><thead><tr><th scope="col">${t('export.columns.indicator')}</th><th scope="col">${t('console.objective.checkpoint')}</th><th scope="col">${t('console.objective.value')}</th><th scope="col">${t('console.objective.who')}</th><th scope="col">${t('console.objective.when')}</th></tr></thead>
<tbody>${values.map((m) => html`<tr data-value-of="${m.indicator}@${m.asOf}"><th scope="row">${m.indicator}</th><td>${formatDate(m.asOf, locale)}</td><td>${m.raw}${m.note ? ` — ${m.note}` : ''}</td><td>${name(m.by ?? null)}${m.onBehalfOf ? ` (${t('console.objective.onBehalfOf', { name: name(m.onBehalfOf) })})` : ''}</td><td>${when(new Date(m.recordedAt), locale)} · ${m.channel}</td></tr>`)}</tbody></table>`}
<h2>${t('console.objective.assessment')}</h2>
${assessment
    ? html`<dl class="facts" data-assessment="${assessment.asOf}"><dt>${t('console.objective.declared')}</dt><dd data-field="declaredPct" data-value="${assessment.pct ?? ''}">${formatPct(assessment.pct ?? null, locale, 2)}</dd>
<dt>${t('report.columns.status')}</dt><dd>${t(`status.${assessment.status}`)}</dd>
<dt>${t('console.objective.assessedBy')}</dt><dd>${name(assessment.by ?? null)} — ${when(new Date(assessment.recordedAt), locale)}</dd>
${assessment.note ? html`<dt>${t('export.columns.note')}</dt><dd>${assessment.note}</dd>` : ''}
<dt>${t('console.objective.oivNote')}</dt><dd data-field="oivNote">${assessment.oivNote ?? t('report.none')}</dd></dl>
${oiv
    ? html`<form method="post" action="/obiettivo/${objective.code}/nota"><input type="hidden" name="_csrf" value="${csrf}"><input type="hidden" name="al" value="${asOf}">
<label for="nota">${t('console.objective.noteLabel')}</label><br><textarea id="nota" name="nota" rows="4" cols="60" maxlength="${NOTE_MAX}" required>${assessment.oivNote ?? ''}</textarea><br>
<button type="submit">${t('console.objective.saveNote')}</button></form>`
    : ''}`
    : html`<p>${finalAt ? t('console.objective.notAssessed', { date: formatDate(finalAt, locale) }) : t('report.none')}</p>`}
<h2>${t('console.objective.history')}</h2>
${history.length === 0
    ? html`<p>${t('console.objective.noHistory')}</p>`
    : html`<table data-history="${history.length}"><caption>${t('console.objective.historyCaption')}</caption><thead><tr><th scope="col">${t('console.objective.when')}</th><th scope="col">${t('console.objective.item')}</th><th scope="col">${t('console.objective.checkpoint')}</th><th scope="col">${t('console.objective.value')}</th><th scope="col">${t('console.objective.who')}</th></tr></thead>
<tbody>${history.map((h) => html`<tr${h.superseded ? html` class="superseded"` : ''}><td>${when(h.recordedAt, locale)}</td><td>${t(`checkin.kind.${h.kind}`)} ${h.code}</td><td>${formatDate(h.asOf, locale)}</td><td>${h.superseded ? html`<s>${h.value}</s> (${t('console.objective.superseded')})` : h.value}</td><td>${name(h.by)}${h.onBehalfOf ? ` (${t('console.objective.onBehalfOf', { name: name(h.onBehalfOf) })})` : ''} · ${h.channel}</td></tr>`)}</tbody></table>`}
<h2>${t('console.objective.audit')}</h2>
${audit.length === 0
    ? html`<p>${t('console.objective.noAudit')}</p>`
    : html`<table data-audit="${audit.length}"><caption>${t('console.objective.auditCaption')}</caption><thead><tr><th scope="col">${t('console.objective.when')}</th><th scope="col">${t('console.objective.who')}</th><th scope="col">${t('console.objective.action')}</th><th scope="col">${t('console.objective.item')}</th><th scope="col">${t('console.objective.change')}</th></tr></thead>
<tbody>${audit.map((a) => html`<tr data-audit-row="${a.entity}"><td>${when(a.at, locale)}</td><td>${name(a.actor)}</td><td>${a.action}</td><td>${a.entityId}</td><td><code>${a.oldValue === null ? '' : JSON.stringify(a.oldValue)} → ${JSON.stringify(a.newValue)}</code>${a.reason ? ` (${a.reason})` : ''}</td></tr>`)}</tbody></table>`}`, status);
  };

  const dateOf = (viewer: Viewer, value: unknown) => (isIsoDate(value) ? value : defaultAsOf(viewer.snapshot, romeDate(context.clock())));

  app.get('/obiettivo/:code', async (request, reply) => {
    const viewer = await guard(context, request, reply, ['admin', 'coordinator', 'oiv']);
    if (!viewer) return reply;
    const { code } = request.params as { code: string };
    const query = request.query as { al?: string; nota?: string };
    return render(request, reply, viewer, code, dateOf(viewer, query.al), (t) => (query.nota ? html`<p class="ok" role="status">${t('console.objective.noteSaved')}</p>` : html``));
  });

  app.post('/obiettivo/:code/nota', { preHandler: app.csrfProtection }, async (request, reply) => {
    const viewer = await guard(context, request, reply, ['oiv']);
    if (!viewer) return reply;
    const { code } = request.params as { code: string };
    const body = (request.body ?? {}) as { nota?: unknown; al?: unknown };
    const asOf = dateOf(viewer, body.al);
    const note = typeof body.nota === 'string' ? body.nota.trim() : '';
    const finalAt = finalCheckpoint(viewer.snapshot);
    if (!viewer.snapshot.objectives.some((o) => o.code === code)) return sendMessage(request, reply, viewer, 404, 'console.notFound.title', 'console.objective.unknown');
    if (!note || note.length > NOTE_MAX || !finalAt) {
      return render(request, reply, viewer, code, asOf, (t) => html`<p class="error" role="alert">${t('console.objective.badNote', { max: NOTE_MAX })}</p>`, 400);
    }
    const now = context.clock();
    try {
      await saveOivNote(context.db, { ente: viewer.ente, plan: viewer.snapshot.plan.code, objective: code, asOf: finalAt, note, by: viewer.person, channel: 'console', on: romeDate(now) });
    } catch (error) {
      if (!(error instanceof NoAssessmentError)) throw error;
      return render(request, reply, viewer, code, asOf, (t) => html`<p class="error" role="alert">${t('console.objective.noAssessmentYet')}</p>`, 409);
    }
    return reply.redirect(`/obiettivo/${encodeURIComponent(code)}?al=${asOf}&nota=1`, 303);
  });
}
