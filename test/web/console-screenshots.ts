/**
 * Writes the console screenshots in docs/ (`npx tsx test/web/console-screenshots.ts`): the
 * dashboard with its charts and the objective page of AGSC-1, on a phone (390×844) and a desktop
 * (1280×800), from the example plan with the answers of the export tests, at 31/12/2022. Not a
 * test: run it after changing the pages, then look at the pictures.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { openDb } from '../../src/db/open-db.js';
import { ensureMigrations } from '../../src/db/migrate.js';
import { createConsoleLink } from '../../src/web/console-link.js';
import { buildConsole } from '../../src/web/server.js';
import { launchChromium } from '../support/chromium.js';
import { importExportFixtures } from '../support/report-export-fixture.js';

const docs = path.resolve(import.meta.dirname, '..', '..', 'docs');
const now = new Date('2022-12-31T09:00:00Z');
// A throwaway SQLite database (the test support's needs vitest running).
const folder = mkdtempSync(path.join(tmpdir(), 'perfbot-screenshots-'));
const url = `file:${path.join(folder, 'screens.db')}`;
const t = { db: openDb(url), drop: async () => { await t.db.$disconnect(); rmSync(folder, { recursive: true, force: true }); } };
await ensureMigrations(t.db, url);
await importExportFixtures(t.db);
const app = await buildConsole({ db: t.db, clock: () => now, secret: 'a-screenshot-secret-of-32-characters!' });
const base = await app.listen({ port: 0, host: '127.0.0.1' });
const browser = await launchChromium();
try {
  for (const [device, viewport] of [['desktop', { width: 1280, height: 800 }], ['phone', { width: 390, height: 844 }]] as const) {
    const context = await browser.newContext({ viewport, locale: 'it-IT', deviceScaleFactor: device === 'phone' ? 2 : 1, isMobile: device === 'phone' });
    const page = await context.newPage();
    await page.goto(`${base}/accedi?t=${await createConsoleLink(t.db, 'segrate', 'admin-1', now)}`);
    await page.getByRole('button', { name: 'Entra' }).click();
    await page.waitForURL(/\/cruscotto/);
    await page.goto(`${base}/cruscotto?al=2022-12-31`);
    // Charts load lazily: scroll each into view and wait until it is drawn.
    for (const img of await page.locator('figure img').all()) {
      await img.scrollIntoViewIfNeeded();
      await page.waitForFunction((el) => (el as HTMLImageElement).complete && (el as HTMLImageElement).naturalWidth > 0, await img.elementHandle(), { timeout: 60_000 });
    }
    await page.evaluate(() => window.scrollTo(0, 0));
    // The top of the page down to the first sector's chart, not the whole (long) page.
    const shot = async (file: string, height: number) => {
      const full = await page.evaluate(() => document.documentElement.scrollHeight);
      await page.screenshot({ path: path.join(docs, file), fullPage: true, clip: { x: 0, y: 0, width: viewport.width, height: Math.min(full, height) } });
    };
    await shot(`web-console-dashboard-${device}.png`, device === 'phone' ? 1900 : 1300);
    await page.goto(`${base}/obiettivo/AGSC-1?al=2022-12-31`);
    await shot(`web-console-objective-${device}.png`, device === 'phone' ? 2600 : 1500);
    await context.close();
  }
} finally {
  await browser.close();
  await app.close();
  await t.drop();
}
console.log('wrote docs/web-console-{dashboard,objective}-{desktop,phone}.png');
