/**
 * The local chat page in a real browser (playwright-core driving Debian's chromium, as the console
 * browser test does) on a phone (390x844) and a desktop (1280x800) viewport: the layout is measured
 * (nothing overflows its box, no text is clipped, bubbles fit their content) during a real check-in
 * of the Segrate example plan; a page with no person chosen, or whose bot does not answer, says so.
 */
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importPlan } from '../../src/db/plan-import.js';
import { readPlanFile } from '../../src/plan-file/read.js';
import { CheckinEngine } from '../../src/conversations/checkin-engine.js';
import { LocalChannel } from '../../src/chat/local/local-channel.js';
import { launchChromium } from '../support/chromium.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';

const root = path.resolve(import.meta.dirname, '..', '..');
const viewports = { phone: { width: 390, height: 844 }, desktop: { width: 1280, height: 800 } } as const;
let t: TestDatabase;
let channel: LocalChannel;
let browser: Browser;
let base: string;

beforeAll(async () => {
  t = await createTestDatabase();
  await importPlan(t.db, (await readPlanFile(path.join(root, 'examples', 'segrate-pdo-2022.json'))).plan, { actor: 'test', reason: 'browser test' });
  channel = new LocalChannel({ db: t.db, handler: new CheckinEngine(t.db, () => new Date('2022-08-02T07:30:00Z')), port: 0 });
  base = await channel.start();
  browser = await launchChromium();
}, 120_000);
afterAll(async () => {
  await browser?.close();
  await channel?.stop();
  await t?.drop();
});

async function open(viewport: { width: number; height: number }, locale = 'it-IT'): Promise<Page> {
  const page = await (await browser.newContext({ viewport, locale })).newPage();
  await page.goto(base);
  await page.locator('#person option').nth(1).waitFor({ state: 'attached' });
  return page;
}

/** Layout problems on the page: elements wider than their box or the viewport, clipped text, a cut placeholder. */
async function layoutProblems(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const problems: string[] = [];
    const name = (e: Element) => `${e.tagName.toLowerCase()}${e.id ? `#${e.id}` : ''}${e.className ? `.${String(e.className).replace(/ /g, '.')}` : ''} «${(e.textContent ?? '').trim().slice(0, 40)}»`;
    const doc = document.documentElement;
    if (doc.scrollWidth > doc.clientWidth) problems.push(`the page scrolls sideways (${doc.scrollWidth} > ${doc.clientWidth})`);
    for (const e of Array.from(document.querySelectorAll('main *'))) {
      const box = e.getBoundingClientRect();
      const parent = e.parentElement!.getBoundingClientRect();
      if (box.width === 0) continue;
      if (box.right > parent.right + 0.5 || box.left < parent.left - 0.5) problems.push(`${name(e)} sticks out of its box`);
      const style = getComputedStyle(e);
      // an element that cuts its text without an ellipsis hides words silently
      if (e.scrollWidth > e.clientWidth + 1 && style.overflowX !== 'auto' && style.overflowX !== 'scroll' && !(style.textOverflow === 'ellipsis' && e.getAttribute('title'))) problems.push(`${name(e)} clips its text (${e.scrollWidth} > ${e.clientWidth})`);
    }
    const input = document.getElementById('text') as HTMLInputElement;
    const style = getComputedStyle(input);
    const context = document.createElement('canvas').getContext('2d')!;
    context.font = `${style.fontSize} ${style.fontFamily}`;
    const room = input.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
    if (context.measureText(input.placeholder).width > room) problems.push(`the placeholder «${input.placeholder}» is cut (${Math.ceil(context.measureText(input.placeholder).width)} > ${room})`);
    return problems;
  });
}

async function say(page: Page, text: string): Promise<void> {
  const before = await page.locator('.msg.bot').count();
  await page.locator('#text').fill(text);
  await page.locator('#text').press('Enter');
  await page.waitForFunction((n) => document.querySelectorAll('.msg.bot').length > n, before);
}

describe('local chat page in chromium', () => {
  for (const [device, viewport] of Object.entries(viewports)) {
    it(`lays out a real check-in on a ${device} (${viewport.width}x${viewport.height}): nothing overflows or is cut, short answers stay small`, async () => {
      const page = await open(viewport);
      await page.locator('#person').selectOption('segrate/bossi-c');
      await page.getByRole('button', { name: 'Inizia' }).click();
      await page.locator('.msg.bot').first().waitFor();
      await say(page, '55');
      // choice buttons with labels longer than a phone line, rendered by the page's own code
      await page.evaluate(() => {
        const label = 'Non rilevabile: il questionario di gradimento non è ancora stato somministrato agli utenti del servizio';
        (window as unknown as { show: (m: unknown[]) => void }).show([{ text: 'Scegli:', choices: [[{ label, value: 'a' }, { label: 'Sì', value: 'b' }, { label: 'Non ancora somministrato', value: 'c' }]] }]);
      });
      expect(await layoutProblems(page)).toEqual([]);
      // the short answer's bubble is sized to its text, not to 85% of the line
      const mine = page.locator('.msg.me', { hasText: /^55$/ });
      const width = (await mine.boundingBox())!.width;
      expect(width).toBeLessThan(80);
      // a long button wraps inside the chat instead of being cut
      const long = page.locator('.choices button', { hasText: 'questionario' });
      const box = (await long.boundingBox())!;
      const log = (await page.locator('#log').boundingBox())!;
      expect(box.x + box.width).toBeLessThanOrEqual(log.x + log.width + 0.5);
      expect(box.height).toBeGreaterThan(30);
      await page.context().close();
    }, 120_000);
  }

  it('says what to do when «Inizia» is pressed or text is typed with no person chosen (Italian and English)', async () => {
    const conversations = await t.db.conversation.count();
    const page = await open(viewports.phone);
    await page.getByRole('button', { name: 'Inizia' }).click();
    await expect.poll(() => page.locator('.msg.bot').last().textContent()).toContain('Scegli prima una persona');
    await page.locator('#text').fill('60');
    await page.locator('#text').press('Enter');
    await expect.poll(() => page.locator('.msg.bot').count()).toBe(2);
    expect(await page.locator('.msg.bot').last().textContent()).toContain('Scegli prima una persona');
    // nothing was sent to the engine
    expect(await t.db.conversation.count()).toBe(conversations);
    await page.context().close();

    const english = await open(viewports.desktop, 'en-US');
    await english.getByRole('button', { name: 'Start' }).click();
    await expect.poll(() => english.locator('.msg.bot').last().textContent()).toContain('First pick a person');
    await english.context().close();
  }, 120_000);

  it('says something went wrong when the bot does not answer, instead of staying silent', async () => {
    const page = await open(viewports.phone);
    await page.locator('#person').selectOption('segrate/calvano-a');
    await page.route('**/api/event', (route) => route.fulfill({ status: 500, contentType: 'application/json', body: '{"error":"internal error"}' }));
    await page.getByRole('button', { name: 'Inizia' }).click();
    await expect.poll(() => page.locator('.msg.bot').count()).toBe(1);
    expect(await page.locator('.msg.bot').textContent()).toContain('Qualcosa non ha funzionato');
    await page.unroute('**/api/event');
    await page.route('**/api/event', (route) => route.abort('connectionrefused'));
    await say(page, '60');
    expect(await page.locator('.msg.bot').last().textContent()).toContain('Qualcosa non ha funzionato');
    await page.context().close();
  }, 120_000);
});
