/**
 * The console's Obiettivo, Cruscotto (chart, links), Esporta and Persone pages in chromium
 * (playwright-core, Debian's chromium) on a database with answers; every page visited is checked
 * with axe-core. The Obiettivo page's figures are read from the rendered page and compared with
 * `perfbot report --format json`; a sector-scoped coordinator sees their sector only.
 */
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { loadPlanSnapshot } from '../../src/db/plan-repository.js';
import { reportSchema } from '../../src/reports/report-schema.js';
import { cliOn, importExportFixtures, reportJson } from '../support/report-export-fixture.js';
import { consoleInChromium, seriousViolations } from '../support/console-in-chromium.js';

const now = new Date('2022-07-20T08:00:00Z');
const web = consoleInChromium({ seed: importExportFixtures, clock: () => now, telegramBot: 'perfbot_test_bot' });
/** Signed in as `person`, downloads allowed (the Esporta page). */
const signIn = (person: string) => web.signIn(person, { acceptDownloads: true });

/** The data-* attributes of the elements matching `selector`, in page order. */
function dataOf(page: Page, selector: string): Promise<Array<Record<string, string>>> {
  return page.locator(selector).evaluateAll((nodes) => nodes.map((n) => ({ ...(n as HTMLElement).dataset }) as Record<string, string>));
}

describe('console pages in chromium', () => {
  it('goes from the dashboard chart to an objective whose figures equal perfbot report --format json', async () => {
    const page = await signIn('admin-1');
    await page.getByLabel('Situazione al').fill('2022-12-31');
    await page.getByRole('button', { name: 'Mostra' }).click();
    await page.waitForURL(/al=2022-12-31/);
    const chart = page.locator('section[data-sector="AGSC"] figure img');
    await chart.scrollIntoViewIfNeeded();
    await expect.poll(() => chart.evaluate((img) => (img as HTMLImageElement).naturalWidth), { timeout: 60_000 }).toBeGreaterThan(300);
    expect(await seriousViolations(page)).toEqual([]);

    await page.getByRole('link', { name: /^AGSC-1 / }).click();
    await page.waitForURL(/\/obiettivo\/AGSC-1\?al=2022-12-31/);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Obiettivo AGSC-1');
    const report = await reportJson(cliOn(web.t.url), 'segrate', 'pdo-2022', '2022-12-31');
    const objective = report.objectives.find((o) => o.code === 'AGSC-1')!;
    const fields = Object.fromEntries((await dataOf(page, '[data-field]')).map((d) => [d.field, d.value]));
    expect(fields).toMatchObject({ pct: String(objective.pct ?? ''), computedPct: String(objective.computedPct ?? ''), phasesPct: String(objective.phasesPct ?? ''), timelinessPct: String(objective.timelinessPct ?? '') });
    expect(await dataOf(page, 'tr[data-phase]')).toEqual(objective.phases.map((p) => ({ phase: p.code, planned: String(p.plannedPct ?? ''), actual: String(p.actualPct ?? ''), gap: String(p.gapPct ?? ''), daysLate: String(p.daysLate ?? '') })));
    expect(await dataOf(page, 'tr[data-indicator]')).toEqual(objective.indicators.map((i) => ({ indicator: i.code, raw: i.value?.raw ?? '', achievement: String(i.achievement ?? ''), deviation: String(i.deviation ?? ''), met: String(i.met ?? '') })));
    expect(await seriousViolations(page)).toEqual([]);
    await page.context().close();
  }, 180_000);

  it('lets the OIV add a note to a final assessment on the objective page', async () => {
    const page = await signIn('oiv-1');
    await page.goto(`${web.base}/obiettivo/AVV-1?al=2022-12-31`);
    await page.getByLabel("Nota dell'OIV sulla valutazione finale").fill('Verificato con i dati del protocollo.');
    await page.getByRole('button', { name: 'Salva la nota' }).click();
    await page.getByText("Nota dell'OIV salvata.").waitFor();
    expect(await page.locator('[data-field="oivNote"]').textContent()).toBe('Verificato con i dati del protocollo.');
    expect((await loadPlanSnapshot(web.t.db, 'segrate', 'pdo-2022')).assessments.find((a) => a.objective === 'AVV-1')?.oivNote).toBe('Verificato con i dati del protocollo.');
    expect(await seriousViolations(page)).toEqual([]);
    await page.context().close();
  }, 120_000);

  it('downloads the report JSON from Esporta, equal to perfbot report', async () => {
    const page = await signIn('coord-1');
    await page.getByRole('link', { name: 'Esporta' }).click();
    await page.getByLabel('Situazione al').fill('2022-07-31');
    await page.getByRole('button', { name: 'Mostra' }).click();
    await page.waitForURL(/al=2022-07-31/);
    expect(await seriousViolations(page)).toEqual([]);
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: /Report \(JSON/ }).click()]);
    const body = readFileSync((await download.path())!, 'utf8');
    expect(reportSchema.parse(JSON.parse(body))).toEqual(await reportJson(cliOn(web.t.url), 'segrate', 'pdo-2022', '2022-07-31'));
    await page.context().close();
  }, 120_000);

  it('makes a Telegram invitation with its QR code, and adds then ends an absence, on Persone', async () => {
    const page = await signIn('admin-1');
    await page.getByRole('link', { name: 'Persone' }).click();
    await page.getByLabel('Persona da invitare').selectOption('calvano-a');
    await page.getByRole('button', { name: "Crea l'invito" }).click();
    const qr = page.getByRole('img', { name: /Codice QR .* calvano-a/ });
    await qr.waitFor();
    expect(await page.locator('[data-invite-link]').textContent()).toMatch(/^https:\/\/t\.me\/perfbot_test_bot\?start=[\w-]+$/);
    expect(await seriousViolations(page)).toEqual([]);

    await page.getByLabel('Persona assente').selectOption('larocca-m');
    await page.getByLabel('Dal', { exact: true }).fill('2022-07-18');
    await page.getByLabel('Al', { exact: true }).fill('2022-07-29');
    await page.getByLabel('Sostituto').selectOption('montini-r');
    await page.getByRole('button', { name: 'Aggiungi' }).click();
    await page.getByText('Assenza aggiunta.').waitFor();
    expect(await page.locator('tr[data-absence="larocca-m/2022-07-18..2022-07-29"]').count()).toBe(1);
    expect(await seriousViolations(page)).toEqual([]);
    await page.getByRole('button', { name: /^Termina oggi: assenza di .* dal 18\/07\/2022$/ }).click();
    await page.getByText('Assenza terminata.').waitFor();
    expect(await web.t.db.absence.findMany({ select: { fromDate: true, toDate: true } })).toEqual([{ fromDate: '2022-07-18', toDate: '2022-07-19' }]);
    await page.context().close();
  }, 120_000);

  it('shows a sector-scoped coordinator their sector only and refuses them an administrator page', async () => {
    const page = await signIn('coord-2');
    expect(await page.locator('section[data-sector]').evaluateAll((s) => s.map((n) => (n as HTMLElement).dataset.sector))).toEqual(['STAFF']);
    expect(await seriousViolations(page)).toEqual([]);
    expect((await page.goto(`${web.base}/obiettivo/AGSC-1`))?.status()).toBe(404);
    expect((await page.goto(`${web.base}/obiettivo/STAFF-1`))?.status()).toBe(200);
    const refused = await page.goto(`${web.base}/piano`);
    expect(refused?.status()).toBe(403);
    expect(await page.getByText('Accesso negato').count()).toBeGreaterThan(0);
    await page.context().close();
  }, 120_000);
});
