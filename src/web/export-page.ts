/**
 * Esporta: the Relazione workbook, the open-data CSV and the report JSON at a chosen date — the
 * same builders as `perfbot export --report` and `perfbot report --format json`. A sector-scoped
 * coordinator downloads their sectors only (the viewer's snapshot is already restricted).
 */
import type { FastifyInstance } from 'fastify';
import { buildReport } from '../reports/report.js';
import { buildReportCsv } from '../reports/report-csv.js';
import { formatDate } from '../i18n/format.js';
import { html } from './html.js';
import { guard, localeOf, sendPage, type ConsoleContext } from './console-context.js';
import { defaultAsOf } from './dashboard-page.js';
import { isIsoDate } from './query-date.js';
import { romeDate } from './rome-date.js';
import type { Viewer } from './viewer.js';

const READERS = ['admin', 'coordinator', 'oiv'] as const;

/** The file name of a download: ente, plan, date, and the scope when the viewer has one. */
function fileName(viewer: Viewer, asOf: string, extension: string): string {
  const scope = viewer.scope === null ? '' : `-${viewer.scope.join('-')}`;
  return `${viewer.ente}-${viewer.snapshot.plan.code}${scope}-${asOf}.${extension}`;
}

/** GET /esporta and its three downloads. */
export function exportRoutes(app: FastifyInstance, context: ConsoleContext): void {
  const dateOf = (viewer: Viewer, value: unknown) => (isIsoDate(value) ? value : defaultAsOf(viewer.snapshot, romeDate(context.clock())));

  app.get('/esporta', async (request, reply) => {
    const viewer = await guard(context, request, reply, READERS);
    if (!viewer) return reply;
    const asOf = dateOf(viewer, (request.query as { al?: string }).al);
    const locale = localeOf(request);
    return sendPage(request, reply, viewer, (t) => t('console.export.title'), (_csrf, t) => html`
<p>${viewer.snapshot.ente.name} — ${viewer.snapshot.plan.title}${viewer.scope === null ? '' : ` — ${t('console.export.scoped', { sectors: viewer.scope.join(', ') })}`}</p>
<form method="get" action="/esporta"><label for="al">${t('console.dashboard.date')}</label> <input id="al" name="al" type="date" value="${asOf}"> <button type="submit">${t('console.dashboard.show')}</button></form>
<h2>${t('console.export.filesAt', { date: formatDate(asOf, locale) })}</h2>
<ul class="downloads">
<li><a href="/esporta/relazione?al=${asOf}" download>${t('console.export.xlsx')}</a></li>
<li><a href="/esporta/open-data?al=${asOf}" download>${t('console.export.csv')}</a> — ${t('console.export.csvHelp')}</li>
<li><a href="/esporta/report?al=${asOf}" download>${t('console.export.json')}</a></li>
</ul>`);
  });

  app.get('/esporta/relazione', async (request, reply) => {
    const viewer = await guard(context, request, reply, READERS);
    if (!viewer) return reply;
    const asOf = dateOf(viewer, (request.query as { al?: string }).al);
    // exceljs is loaded only for the workbook, as in the CLI.
    const { buildReportWorkbook } = await import('../reports/report-workbook.js');
    const bytes = Buffer.from(await buildReportWorkbook(viewer.snapshot, asOf, localeOf(request)).xlsx.writeBuffer());
    return reply.type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet').header('Content-Disposition', `attachment; filename="relazione-${fileName(viewer, asOf, 'xlsx')}"`).send(bytes);
  });

  app.get('/esporta/open-data', async (request, reply) => {
    const viewer = await guard(context, request, reply, READERS);
    if (!viewer) return reply;
    const asOf = dateOf(viewer, (request.query as { al?: string }).al);
    return reply.type('text/csv; charset=utf-8').header('Content-Disposition', `attachment; filename="open-data-${fileName(viewer, asOf, 'csv')}"`).send(buildReportCsv(viewer.snapshot, asOf));
  });

  app.get('/esporta/report', async (request, reply) => {
    const viewer = await guard(context, request, reply, READERS);
    if (!viewer) return reply;
    const asOf = dateOf(viewer, (request.query as { al?: string }).al);
    return reply.type('application/json; charset=utf-8').header('Content-Disposition', `attachment; filename="report-${fileName(viewer, asOf, 'json')}"`).send(`${JSON.stringify(buildReport(viewer.snapshot, asOf), null, 2)}\n`);
  });
}
