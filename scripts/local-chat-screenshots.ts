/**
 * `npm run docs:local-chat`: takes docs/local-chat-phone.png (390x844) and
 * docs/local-chat-desktop.png (1280x800) of a real check-in in the local chat. It starts the bot
 * (`src/main.ts`, as `npm start` does) on a throwaway SQLite database seeded with the demo plan,
 * opens the page in Debian's chromium (playwright-core; CHROMIUM_PATH to use another), picks Clara
 * Bossi, presses «Inizia», answers until a choice question has been answered and the summary with
 * Conferma / Modifica is on screen, and takes the picture; then presses Conferma, asks «stato» and takes
 * docs/local-chat-{phone,desktop}-end.png (the end of the check-in and the pending items by date).
 * Each device gets its own throwaway database; nothing outlives the script but the images.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { launchChromium } from '../test/support/chromium.js';
import { startBot } from '../test/support/started-bot.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const PERSON = 'segrate/bossi-c';
/** typed answers, in turn, to the questions that have no buttons */
const ANSWERS = ['60', '55%', '1.250', '100', '80%', '72,5%', '85%', '90%', '12'];
const viewports = { phone: { width: 390, height: 844 }, desktop: { width: 1280, height: 800 } } as const;

/** Waits until the bot has answered (more bot bubbles than `before`) and the page is still. */
async function answered(page: Page, before: number): Promise<void> {
  await page.waitForFunction((n) => document.querySelectorAll('.msg.bot').length > n, before, { timeout: 60_000 });
  await page.waitForTimeout(300);
}

/** Goes through the check-in until the summary (a Conferma button) is shown; returns what was done. */
async function checkIn(page: Page): Promise<string[]> {
  const steps: string[] = [];
  let typed = 0;
  let chose = false;
  await page.locator('#person').selectOption(PERSON);
  let before = await page.locator('.msg.bot').count();
  await page.getByRole('button', { name: 'Inizia' }).click();
  await answered(page, before);
  for (let turn = 0; turn < 20; turn++) {
    const last = page.locator('#log > *').last();
    const buttons = (await last.getAttribute('class')) === 'choices' ? last.locator('button') : undefined;
    const labels = buttons ? await buttons.allTextContents() : [];
    if (labels.includes('Conferma')) return steps;
    before = await page.locator('.msg.bot').count();
    // a choice question: the first answer button (not the controls that defer or skip)
    const choice = labels.find((label) => !/^(Dopo|Salta|Non rilevabile|Annulla)/.test(label));
    if (buttons && choice && (chose === false || typed >= ANSWERS.length)) {
      await buttons.filter({ hasText: choice }).first().click();
      steps.push(`pressed ${choice}`);
      chose = true;
    } else {
      const text = ANSWERS[typed++ % ANSWERS.length]!;
      await page.locator('#text').fill(text);
      await page.locator('#text').press('Enter');
      steps.push(`typed ${text}`);
    }
    await answered(page, before);
  }
  throw new Error(`no summary after 20 answers: ${steps.join(', ')}`);
}

const browser = await launchChromium();
try {
  for (const [device, viewport] of Object.entries(viewports)) {
    // a fresh database per device, so both pictures show the same check-in
    const dir = mkdtempSync(path.join(tmpdir(), 'perfbot-local-chat-'));
    // only the local chat: startBot blanks the Slack and Telegram tokens, so a developer's .env cannot start them
    const bot = await startBot(`file:${path.join(dir, 'demo.db')}`);
    try {
      const context = await browser.newContext({ viewport, locale: 'it-IT', deviceScaleFactor: device === 'phone' ? 2 : 1 });
      const page = await context.newPage();
      await page.goto(bot.url);
      await page.locator('#person option').nth(1).waitFor({ state: 'attached' });
      const steps = await checkIn(page);
      const out = path.join(root, 'docs', `local-chat-${device}.png`);
      // no focus ring on the input in the picture
      await page.locator('#text').blur();
      await page.screenshot({ path: out });
      console.log(`${path.relative(root, out)}: ${steps.join(', ')}`);
      let before = await page.locator('.msg.bot').count();
      await page.locator('#log > *').last().getByRole('button', { name: 'Conferma' }).click();
      await answered(page, before);
      before = await page.locator('.msg.bot').count();
      await page.locator('#text').fill('stato');
      await page.locator('#text').press('Enter');
      await answered(page, before);
      await page.locator('#text').blur();
      const end = path.join(root, 'docs', `local-chat-${device}-end.png`);
      await page.screenshot({ path: end });
      console.log(`${path.relative(root, end)}: Conferma, stato`);
      await context.close();
    } finally {
      const { code, output } = await bot.stop();
      if (code !== 0) console.error(`the bot exited with ${code}:\n${output}`);
      rmSync(dir, { recursive: true, force: true });
    }
  }
} finally {
  await browser.close();
}
