/**
 * Cruscotto: per sector at a chosen date, the numbers of `perfbot report` (buildReport, the same
 * code as the CLI and the digest), the late phases and who has not answered yet.
 */
import type { FastifyInstance } from 'fastify';
import { buildReport, reportSectorCodes } from '../reports/report.js';
import { buildSectorReport } from '../reports/sector-report.js';
import type { Report } from '../reports/report-schema.js';
import { formatDate, formatPct } from '../i18n/format.js';
import type { Locale, Translate } from '../i18n/messages.js';
import { html, type Markup } from './html.js';
import { guard, localeOf, sendMessage, sendPage, type ConsoleContext } from './console-context.js';
import { romeDate } from './rome-date.js';
import type { PlanSnapshot } from '../domain/plan-state.js';
import { isIsoDate } from './query-date.js';
import { stackedTable } from './stacked-table.js';
import { buildSectorDigest } from '../reports/digest.js';
import { sectorTrend } from '../reports/sector-trend.js';

/** The date shown when none is chosen: today, kept inside the plan's year (a past plan shows its year end). */
export function defaultAsOf(snapshot: PlanSnapshot, today: string): string {
  const start = `${snapshot.plan.year}-01-01`;
  const end = `${snapshot.plan.year}-12-31`;
  return today < start ? start : today > end ? end : today;
}

function sectorSection(report: Report, sectorIndex: number, names: Map<string, string>, t: Translate, locale: Locale): Markup {
  const asOf = report.asOf;
  const sector = report.sectors[sectorIndex]!;
  const person = (code: string | null) => (code === null ? t('report.none') : (names.get(code) ?? code));
  const objectives = report.objectives.filter((o) => o.sectors.includes(sector.code));
  const late = objectives.flatMap((o) => o.phases.filter((p) => p.overdue).map((p) => ({ objective: o, phase: p })));
  const counts = Object.entries(sector.status).map(([status, n]) => `${t(`status.${status}`)} ${n}`);
  const id = `settore-${sector.code}`;
  return html`<section aria-labelledby="${id}" data-sector="${sector.code}">
<h2 id="${id}">${t('report.sector', { code: sector.code, name: sector.name })}</h2>
<p>${t('report.dirigente', { name: person(sector.dirigente) })}</p>
<p data-field="pct" data-value="${sector.pct ?? ''}">${t('report.sectorScore', { pct: formatPct(sector.pct, locale, 2), method: t(`method.${sector.method}`), count: sector.objectives, assessed: sector.assessed })}</p>
${counts.length > 0 ? html`<p>${t('report.statusCounts', { counts: counts.join(', ') })}</p>` : ''}
<figure><img src="/cruscotto/grafico?settore=${sector.code}&amp;al=${asOf}" alt="${t('console.dashboard.chartAlt', { code: sector.code, date: formatDate(asOf, locale) })}" loading="lazy"><figcaption>${t('digestChart.caption', { code: sector.code, date: formatDate(asOf, locale) })}</figcaption></figure>
${stackedTable(
    t('console.dashboard.objectives'),
    [t('report.columns.objective'), t('report.columns.weight'), t('report.columns.pct'), t('report.columns.status')],
    objectives.map((o) => ({
      attributes: html` data-objective="${o.code}" data-value="${o.pct ?? ''}"`,
      header: html`<a href="/obiettivo/${o.code}?al=${asOf}">${o.code} ${o.title}</a>${o.transversal ? html` <small>(${t('report.transversal')})</small>` : ''}`,
      cells: [o.weight ?? t('report.none'), formatPct(o.pct, locale, 2), o.status ? t(`status.${o.status}`) : t('report.none')],
    })),
  )}
<h3>${t('console.dashboard.late')}</h3>
${late.length === 0
    ? html`<p>${t('console.dashboard.noLate')}</p>`
    : html`<ul>${late.map(({ objective, phase }) => html`<li data-late="${objective.code}/${phase.code}"><a href="/obiettivo/${objective.code}?al=${asOf}">${objective.code}</a> — ${t('console.dashboard.lateItem', { objective: objective.code, phase: phase.code, title: phase.title, days: phase.daysLate ?? 0 })}</li>`)}</ul>`}
<h3>${t('console.dashboard.pending')}</h3>
${sector.pending.length === 0
    ? html`<p>${t('report.noPending')}</p>`
    : html`<ul>${sector.pending.map((p) => html`<li data-pending="${p.person}" data-value="${p.items}">${t('console.dashboard.pendingItem', { name: person(p.person), items: p.items })}</li>`)}</ul>`}
</section>`;
}

/** GET /cruscotto?al=YYYY-MM-DD for admin, coordinator and oiv. */
export function dashboardRoutes(app: FastifyInstance, context: ConsoleContext): void {
  app.get('/cruscotto', async (request, reply) => {
    const viewer = await guard(context, request, reply, ['admin', 'coordinator', 'oiv']);
    if (!viewer) return reply;
    const chosen = (request.query as { al?: string }).al;
    const valid = isIsoDate(chosen);
    const asOf = valid ? chosen : defaultAsOf(viewer.snapshot, romeDate(context.clock()));
    const report = buildReport(viewer.snapshot, asOf);
    const locale = localeOf(request);
    const names = new Map(viewer.snapshot.people.map((p) => [p.code, p.name]));
    return sendPage(request, reply, viewer, (t) => t('console.dashboard.title'), (_csrf, t) => html`
<p>${viewer.snapshot.ente.name} — ${viewer.snapshot.plan.title}</p>
<form method="get" action="/cruscotto"><label for="al">${t('console.dashboard.date')}</label> <input id="al" name="al" type="date" value="${asOf}"> <button type="submit">${t('console.dashboard.show')}</button></form>
${(request.query as { importato?: string }).importato ? html`<p class="ok" role="status">${t('console.dashboard.imported')}</p>` : ''}
${typeof chosen === 'string' && !valid ? html`<p class="error" role="alert">${t('console.dashboard.badDate', { value: chosen })}</p>` : ''}
${viewer.scope === null
    ? html`<p data-field="overall" data-value="${report.pct ?? ''}" data-as-of="${report.asOf}"><strong>${t('console.dashboard.overall', { date: formatDate(report.asOf, locale), pct: formatPct(report.pct, locale, 2) })}</strong></p>`
    : html`<p data-scope="${viewer.scope.join(' ')}" data-as-of="${report.asOf}"><strong>${t('console.dashboard.scoped', { date: formatDate(report.asOf, locale), sectors: viewer.scope.join(', ') })}</strong></p>`}
${report.sectors.map((_s, i) => sectorSection(report, i, names, t, locale))}`);
  });

  // The digest's chart (the same code as the weekly digest and `perfbot digest --png`), per sector.
  app.get('/cruscotto/grafico', async (request, reply) => {
    const viewer = await guard(context, request, reply, ['admin', 'coordinator', 'oiv']);
    if (!viewer) return reply;
    const query = request.query as { settore?: string; al?: string };
    const asOf = isIsoDate(query.al) ? query.al : defaultAsOf(viewer.snapshot, romeDate(context.clock()));
    // The viewer's snapshot holds only the sectors they may read: another sector is not found.
    if (!reportSectorCodes(viewer.snapshot).includes(query.settore ?? '')) return sendMessage(request, reply, viewer, 404, 'console.notFound.title', 'console.notFound.text');
    const code = query.settore!;
    const report = buildSectorReport(viewer.snapshot, code, asOf);
    const locale = localeOf(request);
    // vega and resvg are loaded only when a chart is drawn, as in the CLI.
    const { renderDigestChart } = await import('../reports/digest-chart.js');
    const png = await renderDigestChart(buildSectorDigest(report, viewer.snapshot, code), locale, sectorTrend(viewer.snapshot, code, asOf));
    return reply.type('image/png').header('Cache-Control', 'private, max-age=300').send(png);
  });
}
