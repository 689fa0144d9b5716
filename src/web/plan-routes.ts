/**
 * Piano: upload a plan (xlsx, JSON, YAML) through the same readers and validation as
 * `perfbot import`; errors are listed with sheet/cell/column or path and value, and nothing is
 * written. A valid upload shows what would change; only **Conferma** imports it (audited as the
 * signed-in administrator). Download the stored plan as xlsx or JSON, or the empty template.
 */
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { MultipartFile } from '@fastify/multipart';
import { importPlan } from '../db/plan-import.js';
import { loadPlanSnapshot } from '../db/plan-repository.js';
import { parsePlanText } from '../plan-file/read.js';
import { PlanValidationError, formatPlanIssue } from '../plan-file/plan-validation-error.js';
import { serializePlanFile, toPlanFile } from '../plan-file/export.js';
import type { PlanFile } from '../plan-file/schema.js';
import { html, type Markup } from './html.js';
import { guard, localeOf, sendMessage, sendPage, type ConsoleContext } from './console-context.js';
import { planChanges, type ChangeKind } from './plan-changes.js';
import type { Translate } from '../i18n/messages.js';
import type { Viewer } from './viewer.js';
import { PENDING_MINUTES, openUpload, sealUpload, spendUpload } from './pending-upload.js';


async function readUpload(file: string, bytes: Buffer): Promise<PlanFile> {
  // exceljs (≈ 27 MB) is loaded when a workbook is read or written, not with the console.
  if (/\.xlsx$/i.test(file)) return (await (await import('../plan-workbook/read-workbook.js')).readPlanWorkbook(bytes, file)).plan;
  if (/\.(json|ya?ml)$/i.test(file)) return parsePlanText(file, bytes.toString('utf8')).plan;
  throw new PlanValidationError(file, [{ file, path: '', message: 'xlsx, json, yaml' }]);
}

function uploadForm(csrf: string, t: Translate): Markup {
  return html`<h2>${t('console.plan.uploadTitle')}</h2>
<form method="post" action="/piano/carica" enctype="multipart/form-data">
<input type="hidden" name="_csrf" value="${csrf}">
<label for="piano">${t('console.plan.fileLabel')}</label> <input id="piano" name="piano" type="file" accept=".xlsx,.json,.yaml,.yml" required>
<button type="submit">${t('console.plan.upload')}</button></form>`;
}

function downloads(t: Translate): Markup {
  return html`<h2>${t('console.plan.downloadTitle')}</h2><ul>
<li><a href="/piano/scarica?formato=xlsx">${t('console.plan.downloadXlsx')}</a></li>
<li><a href="/piano/scarica?formato=json">${t('console.plan.downloadJson')}</a></li>
<li><a href="/piano/modello">${t('console.plan.template')}</a></li></ul>`;
}

/** /piano, /piano/carica, /piano/conferma (admin) and the downloads /piano/scarica, /piano/modello. */
export function planRoutes(app: FastifyInstance, context: ConsoleContext): void {
  const planPage = (request: Parameters<typeof sendPage>[0], reply: FastifyReply, viewer: Viewer, extra: (t: Translate, csrf: string) => Markup, status = 200) =>
    sendPage(request, reply, viewer, (t) => t('console.plan.title'), (csrf, t) => html`<p>${viewer.snapshot.ente.name} — ${viewer.snapshot.plan.title}</p>${extra(t, csrf)}${uploadForm(csrf, t)}${downloads(t)}`, status);

  app.get('/piano', async (request, reply) => {
    const viewer = await guard(context, request, reply, ['admin']);
    if (!viewer) return reply;
    return planPage(request, reply, viewer, () => html``);
  });

  app.post('/piano/carica', { preHandler: app.csrfProtection }, async (request, reply) => {
    const viewer = await guard(context, request, reply, ['admin']);
    if (!viewer) return reply;
    const upload = (request.body as { piano?: MultipartFile } | undefined)?.piano;
    if (!upload || upload.type !== 'file' || !upload.filename) {
      return planPage(request, reply, viewer, (t) => html`<p class="error" role="alert">${t('console.plan.noFile')}</p>`, 400);
    }
    let plan: PlanFile;
    try {
      plan = await readUpload(upload.filename, await upload.toBuffer());
    } catch (error) {
      if (!(error instanceof PlanValidationError)) throw error;
      return planPage(
        request,
        reply,
        viewer,
        (t) => html`<section role="alert" aria-labelledby="errori"><h2 id="errori" class="error">${t('console.plan.errors', { count: error.issues.length, file: upload.filename })}</h2>
<ul data-errors="${error.issues.length}">${error.issues.map((issue) => html`<li class="error">${formatPlanIssue(issue)}</li>`)}</ul><p>${t('console.plan.nothingWritten')}</p></section>`,
        422,
      );
    }
    if (plan.ente.code !== viewer.ente) {
      return planPage(request, reply, viewer, (t) => html`<p class="error" role="alert">${t('console.plan.otherEnte', { ente: plan.ente.code })}</p>`, 422);
    }
    const stored = plan.plan.code === viewer.snapshot.plan.code ? toPlanFile(viewer.snapshot) : null;
    const changes = planChanges(stored, plan);
    // The Conferma form carries the signed upload, so any replica can confirm it.
    const id = sealUpload(context.secret, { ente: viewer.ente, person: viewer.person, file: upload.filename, plan, expires: context.clock().getTime() + PENDING_MINUTES * 60_000 });
    const count = (kind: ChangeKind) => changes.filter((c) => c.kind === kind).length;
    return sendPage(request, reply, viewer, (t) => t('console.plan.previewTitle'), (csrf, t) => html`
<p>${t('console.plan.previewOf', { file: upload.filename, plan: plan.plan.title })}</p>
<p data-preview="${count('created')},${count('updated')},${count('retired')}"><strong>${t('console.plan.counts', { created: count('created'), updated: count('updated'), retired: count('retired') })}</strong></p>
${changes.length === 0
    ? html`<p>${t('console.plan.noChanges')}</p>`
    : html`<table><caption>${t('console.plan.changesCaption')}</caption><thead><tr><th scope="col">${t('console.plan.change')}</th><th scope="col">${t('console.plan.entity')}</th><th scope="col">${t('console.plan.code')}</th></tr></thead>
<tbody>${changes.map((c) => html`<tr><td>${t(`console.plan.kind.${c.kind}`)}</td><td>${t(`console.plan.entities.${c.entity}`)}</td><td>${c.key}</td></tr>`)}</tbody></table>`}
<form method="post" action="/piano/conferma"><input type="hidden" name="_csrf" value="${csrf}"><input type="hidden" name="caricamento" value="${id}">
<button type="submit">${t('console.plan.confirm')}</button> <a href="/piano">${t('console.plan.cancel')}</a></form>`);
  });

  // The form carries the whole (compressed) plan: a large plan needs more than the 1 MB default.
  app.post('/piano/conferma', { preHandler: app.csrfProtection, bodyLimit: 50_000_000 }, async (request, reply) => {
    const viewer = await guard(context, request, reply, ['admin']);
    if (!viewer) return reply;
    const id = (request.body as { caricamento?: unknown } | undefined)?.caricamento;
    const now = context.clock();
    const upload = typeof id === 'string' ? openUpload(context.secret, id, now) : null;
    // Only the administrator who uploaded it, in the same ente, before it expires, once.
    if (!upload || upload.ente !== viewer.ente || upload.person !== viewer.person || !(await spendUpload(context.db, id as string, viewer.ente, viewer.person, now))) {
      return planPage(request, reply, viewer, (t) => html`<p class="error" role="alert">${t('console.plan.expired')}</p>`, 410);
    }
    await importPlan(context.db, upload.plan, { actor: viewer.person, reason: `web console upload ${upload.file}` });
    return reply.redirect(`/cruscotto?importato=${encodeURIComponent(upload.plan.plan.code)}`, 303);
  });

  app.get('/piano/scarica', async (request, reply) => {
    const viewer = await guard(context, request, reply, ['admin', 'coordinator', 'oiv']);
    if (!viewer) return reply;
    // The plan file holds every sector and person: not for a coordinator scoped to one sector.
    if (viewer.scope !== null) return sendMessage(request, reply, viewer, 403, 'console.refused.title', 'console.refused.text');
    const snapshot = await loadPlanSnapshot(context.db, viewer.ente, viewer.snapshot.plan.code);
    const name = `${snapshot.ente.code}-${snapshot.plan.code}`;
    if ((request.query as { formato?: string }).formato === 'json') {
      return reply.type('application/json; charset=utf-8').header('Content-Disposition', `attachment; filename="${name}.json"`).send(serializePlanFile(toPlanFile(snapshot), 'json'));
    }
    const { writeStoredPlanWorkbook } = await import('../plan-workbook/write-workbook.js');
    const bytes = await writeStoredPlanWorkbook(snapshot, { locale: localeOf(request) });
    return reply.type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet').header('Content-Disposition', `attachment; filename="${name}.xlsx"`).send(bytes);
  });

  app.get('/piano/modello', async (request, reply) => {
    const viewer = await guard(context, request, reply, ['admin', 'coordinator', 'oiv']);
    if (!viewer) return reply;
    const { writePlanWorkbook } = await import('../plan-workbook/write-workbook.js');
    const bytes = await writePlanWorkbook(undefined, { locale: localeOf(request) });
    return reply.type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet').header('Content-Disposition', 'attachment; filename="piano.xlsx"').send(bytes);
  });
}
