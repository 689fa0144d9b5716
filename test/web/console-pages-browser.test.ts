/**
 * The console's Obiettivo, Cruscotto (chart, links), Esporta and Persone pages in chromium
 * (playwright-core, Debian's chromium) on a database with answers; every page visited is checked
 * with axe-core. The Obiettivo page's figures are read from the rendered page and compared with
 * `perfbot report --format json`; a sector-scoped coordinator sees their sector only.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { loadPlanSnapshot } from '../../src/db/plan-repository.js';
import { createConsoleLink } from '../../src/web/console-link.js';
import { buildConsole } from '../../src/web/server.js';
import { reportSchema } from '../../src/reports/report-schema.js';
import { cliOn, importExportFixtures, reportJson } from '../support/report-export-fixture.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
let t: TestDatabase;
let app: FastifyInstance;
let browser: Browser;
let base: string;
const now = new Date('2022-07-20T08:00:00Z');

beforeAll(async () => {
  t = await createTestDatabase();
  await importExportFixtures(t.db);
  app = await buildConsole({ db: t.db, clock: () => now, secret: 'a-browser-test-secret-of-32-characters', telegramBot: 'perfbot_test_bot' });
  base = await app.listen({ port: 0, host: '127.0.0.1' });
  browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'] });
}, 120_000);
afterAll(async () => {
  await browser?.close();
  await app?.close();
  await t?.drop();
});

async function signIn(person: string): Promise<Page> {
  const page = await (await browser.newContext({ locale: 'it-IT', acceptDownloads: true })).newPage();
  await page.goto(`${base}/accedi?t=${await createConsoleLink(t.db, 'segrate', person, now)}`);
  await page.getByRole('button', { name: 'Entra' }).click();
  await page.waitForURL(/\/cruscotto/);
  return page;
}

async function seriousViolations(page: Page): Promise<string[]> {
  await page.addScriptTag({ content: axeSource });
  const result = await page.evaluate(async () => {
    const axe = (globalThis as unknown as { axe: { run: () => Promise<{ violations: Array<{ id: string; impact: string | null; nodes: unknown[] }> }> } }).axe;
    return (await axe.run()).violations.map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.length }));
  });
  return result.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id} (${v.nodes})`);
}

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
    const report = await reportJson(cliOn(t.url), 'segrate', 'pdo-2022', '2022-12-31');
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
    await page.goto(`${base}/obiettivo/AVV-1?al=2022-12-31`);
    await page.getByLabel("Nota dell'OIV sulla valutazione finale").fill('Verificato con i dati del protocollo.');
    await page.getByRole('button', { name: 'Salva la nota' }).click();
    await page.getByText("Nota dell'OIV salvata.").waitFor();
    expect(await page.locator('[data-field="oivNote"]').textContent()).toBe('Verificato con i dati del protocollo.');
    expect((await loadPlanSnapshot(t.db, 'segrate', 'pdo-2022')).assessments.find((a) => a.objective === 'AVV-1')?.oivNote).toBe('Verificato con i dati del protocollo.');
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
    expect(reportSchema.parse(JSON.parse(body))).toEqual(await reportJson(cliOn(t.url), 'segrate', 'pdo-2022', '2022-07-31'));
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
    expect(await t.db.absence.findMany({ select: { fromDate: true, toDate: true } })).toEqual([{ fromDate: '2022-07-18', toDate: '2022-07-19' }]);
    await page.context().close();
  }, 120_000);

  it('shows a sector-scoped coordinator their sector only and refuses them an administrator page', async () => {
    const page = await signIn('coord-2');
    expect(await page.locator('section[data-sector]').evaluateAll((s) => s.map((n) => (n as HTMLElement).dataset.sector))).toEqual(['STAFF']);
    expect(await seriousViolations(page)).toEqual([]);
    expect((await page.goto(`${base}/obiettivo/AGSC-1`))?.status()).toBe(404);
    expect((await page.goto(`${base}/obiettivo/STAFF-1`))?.status()).toBe(200);
    const refused = await page.goto(`${base}/piano`);
    expect(refused?.status()).toBe(403);
    expect(await page.getByText('Accesso negato').count()).toBeGreaterThan(0);
    await page.context().close();
  }, 120_000);
});
