/**
 * The web console in a real browser: playwright-core driving Debian's chromium (installed by
 * .ci/run) against the console listening on a loopback port, on the test database. Covers the
 * issue's done-when list for the console, plus an axe-core check of each page visited.
 */
import path from 'node:path';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { importPlan } from '../../src/db/plan-import.js';
import { loadPlanSnapshot } from '../../src/db/plan-repository.js';
import { readPlanFile } from '../../src/plan-file/read.js';
import { writeStoredPlanWorkbook } from '../../src/plan-workbook/write-workbook.js';
import { createConsoleLink } from '../../src/web/console-link.js';
import { consoleInChromium, seriousViolations } from '../support/console-in-chromium.js';
import { countRows } from '../support/test-database.js';

const root = path.resolve(import.meta.dirname, '..', '..');
let now = new Date('2022-07-20T08:00:00Z');
const web = consoleInChromium({
  seed: async (db) => {
    await importPlan(db, (await readPlanFile(path.join(root, 'examples', 'segrate-pdo-2022.json'))).plan, { actor: 'test', reason: 'browser test' });
  },
  clock: () => now,
});
async function storedWorkbook(edit: (workbook: ExcelJS.Workbook) => void): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load((await writeStoredPlanWorkbook(await loadPlanSnapshot(web.t.db, 'segrate', 'pdo-2022'))) as unknown as ArrayBuffer);
  edit(workbook);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

describe('web console in chromium', () => {
  it('signs in with a one-time link and shows the dashboard, with no serious axe violation', async () => {
    const page = await web.signIn('admin-1');
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Cruscotto');
    expect(await page.getByText('Amministratore Perfbot').count()).toBe(1);
    expect(await seriousViolations(page)).toEqual([]);
    await page.context().close();
  }, 120_000);

  it('uploads a workbook with two mistakes and shows both, writing nothing; then a correct one: preview, Conferma, dashboard', async () => {
    const page = await web.signIn('admin-1');
    await page.getByRole('link', { name: 'Piano', exact: true }).click();
    expect(await seriousViolations(page)).toEqual([]);
    const before = await countRows(web.t.db);
    const wrong = await storedWorkbook((w) => {
      w.getWorksheet('Fasi')!.getCell('E2').value = 120;
      w.getWorksheet('Ruoli')!.getCell('A3').value = 'nessuno';
    });
    await page.getByLabel('File del piano (xlsx, JSON o YAML)').setInputFiles({ name: 'piano.xlsx', mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', buffer: wrong });
    await page.getByRole('button', { name: 'Carica e controlla' }).click();
    const errors = page.locator('li.error');
    await errors.first().waitFor();
    expect(await errors.allTextContents()).toEqual([
      'piano.xlsx: Ruoli!A3 (Persona): unknown person (value: "nessuno")',
      'piano.xlsx: Fasi!E2 (Peso): weight cannot exceed 100 (value: 120)',
    ]);
    expect(await seriousViolations(page)).toEqual([]);
    expect(await countRows(web.t.db)).toEqual(before);

    const right = await storedWorkbook((w) => {
      w.getWorksheet('Obiettivi')!.getCell('B2').value = 'Titolo cambiato dal browser';
    });
    await page.getByLabel('File del piano (xlsx, JSON o YAML)').setInputFiles({ name: 'piano.xlsx', mimeType: 'application/octet-stream', buffer: right });
    await page.getByRole('button', { name: 'Carica e controlla' }).click();
    await page.getByRole('button', { name: 'Conferma' }).waitFor();
    expect(await page.getByText('Nuovi: 0 — modificati: 1 — ritirati: 0').count()).toBe(1);
    expect(await countRows(web.t.db)).toEqual(before);
    await page.getByRole('button', { name: 'Conferma' }).click();
    await page.waitForURL(/\/cruscotto\?importato=/);
    expect(await page.getByText('Piano importato.').count()).toBe(1);
    expect((await loadPlanSnapshot(web.t.db, 'segrate', 'pdo-2022')).objectives[0]!.title).toBe('Titolo cambiato dal browser');
    await page.context().close();
  }, 180_000);

  it('changes a reminder setting and shows it in the 14-day preview', async () => {
    const page = await web.signIn('admin-1');
    await page.goto(`${web.base}/promemoria?dal=2022-07-20`);
    expect(await page.locator('td[data-time="10:45"]').count()).toBe(0);
    await page.getByLabel('Modifica').fill('ora 10:45');
    await page.getByRole('button', { name: 'Applica' }).click();
    await page.getByText('Impostazione salvata.').waitFor();
    expect(await page.locator('td[data-time="10:45"]').count()).toBeGreaterThan(0);
    expect(await page.locator('pre[data-settings]').textContent()).toContain('ora 10:45');
    expect(await seriousViolations(page)).toEqual([]);
    await page.context().close();
  }, 120_000);

  it('links a Slack id on the Persone page', async () => {
    const page = await web.signIn('admin-1');
    await page.getByRole('link', { name: 'Persone' }).click();
    await page.getByLabel('Persona', { exact: true }).selectOption('zordan-f');
    await page.getByLabel('ID utente Slack (U…)').fill('U0BROWSER1');
    await page.getByRole('button', { name: 'Collega' }).click();
    await page.getByText('Account Slack collegato a zordan-f.').waitFor();
    expect(await page.locator('tr[data-person="zordan-f"] [data-account="slack:U0BROWSER1"]').count()).toBe(1);
    expect(await seriousViolations(page)).toEqual([]);
    await page.context().close();
  }, 120_000);

  it('refuses a coordinator on an administrator page, and a form posted without its CSRF token', async () => {
    const coordinator = await web.signIn('coord-1');
    const refused = await coordinator.goto(`${web.base}/promemoria`);
    expect(refused?.status()).toBe(403);
    expect(await coordinator.getByText('Accesso negato').count()).toBeGreaterThan(0);
    await coordinator.context().close();

    const admin = await web.signIn('admin-1');
    await admin.goto(`${web.base}/promemoria?dal=2022-07-20`);
    await admin.locator('form[action="/promemoria"] input[name="_csrf"]').evaluate((input) => input.remove());
    await admin.getByLabel('Modifica').fill('ora 07:05');
    const [response] = await Promise.all([admin.waitForResponse((r) => r.request().method() === 'POST'), admin.getByRole('button', { name: 'Applica' }).click()]);
    expect(response.status()).toBe(403);
    expect(await admin.getByText('Modulo non valido').count()).toBeGreaterThan(0);
    expect((await web.t.db.ente.findUniqueOrThrow({ where: { code: 'segrate' } })).settings).not.toMatchObject({ sendTime: '07:05' });
    await admin.context().close();
  }, 120_000);

  it('refuses a reused link and an expired one', async () => {
    const token = await createConsoleLink(web.t.db, 'segrate', 'oiv-1', now);
    const first = await (await web.browser.newContext()).newPage();
    await first.goto(`${web.base}/accedi?t=${token}`);
    await first.getByRole('button', { name: 'Entra' }).click();
    await first.waitForURL(/\/cruscotto/);
    const second = await (await web.browser.newContext()).newPage();
    await second.goto(`${web.base}/accedi?t=${token}`);
    await second.getByRole('button', { name: 'Entra' }).click();
    await second.getByRole('alert').waitFor();
    expect(await second.getByRole('alert').textContent()).toContain('già stato usato');

    const old = await createConsoleLink(web.t.db, 'segrate', 'oiv-1', now);
    now = new Date(now.getTime() + 16 * 60_000);
    const third = await (await web.browser.newContext()).newPage();
    await third.goto(`${web.base}/accedi?t=${old}`);
    await third.getByRole('button', { name: 'Entra' }).click();
    await third.getByRole('alert').waitFor();
    expect(await third.getByRole('alert').textContent()).toContain('scaduto');
    await third.goto(`${web.base}/cruscotto`);
    expect(third.url()).toMatch(/\/accedi$/);
    for (const page of [first, second, third]) await page.context().close();
  }, 120_000);
});
