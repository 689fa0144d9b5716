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
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Page } from 'playwright-core';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const PERSON = 'segrate/bossi-c';
/** typed answers, in turn, to the questions that have no buttons */
const ANSWERS = ['60', '55%', '1.250', '100', '80%', '72,5%', '85%', '90%', '12'];
const viewports = { phone: { width: 390, height: 844 }, desktop: { width: 1280, height: 800 } } as const;

/** Starts the bot with only the local chat on a free port; resolves to the page URL and a stop function. */
async function startBot(dir: string): Promise<{ url: string; stop: () => Promise<void> }> {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'src', 'main.ts')], {
    cwd: root,
    // only the local chat: a developer's .env cannot start Slack or Telegram (the environment wins over .env)
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? dir,
      LOG_FORMAT: 'json',
      DATABASE_URL: `file:${path.join(dir, 'demo.db')}`,
      PERFBOT_LOCAL_CHAT: 'on',
      PERFBOT_LOCAL_PORT: '0',
      PERFBOT_HEALTH_PORT: '0',
      PERFBOT_CONSOLE: 'off',
      SLACK_BOT_TOKEN: '',
      SLACK_SIGNING_SECRET: '',
      TELEGRAM_BOT_TOKEN: '',
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = await new Promise<string>((resolve, reject) => {
    let buffered = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      buffered += chunk.toString('utf8');
      const found = /http:\/\/127\.0\.0\.1:\d+\//.exec(buffered);
      if (found) resolve(found[0]);
    });
    child.once('exit', (code) => reject(new Error(`the bot exited (${code}) before the local chat started`)));
  });
  return {
    url,
    stop: async () => {
      child.kill('SIGTERM');
      await exited;
    },
  };
}

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

const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'] });
try {
  for (const [device, viewport] of Object.entries(viewports)) {
    // a fresh database per device, so both pictures show the same check-in
    const dir = mkdtempSync(path.join(tmpdir(), 'perfbot-local-chat-'));
    const bot = await startBot(dir);
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
      await bot.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  }
} finally {
  await browser.close();
}
