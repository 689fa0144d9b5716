/**
 * The web console in a real browser, for the browser test files: playwright-core driving Debian's
 * chromium (./chromium.ts) against the console on a loopback port,
 * on a test database; plus the axe-core check every page visited goes through. One chromium and one
 * console per file (started in beforeAll): each test signs in in a fresh browser context, so tests
 * share no cookies.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Browser, BrowserContextOptions, Page } from 'playwright-core';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll } from 'vitest';
import type { Db } from '../../src/db/database.js';
import { createConsoleLink } from '../../src/web/console-link.js';
import { buildConsole } from '../../src/web/server.js';
import { launchChromium } from './chromium.js';
import { createTestDatabase, type TestDatabase } from './test-database.js';

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** axe-core run in the page: its serious and critical violations (none expected), as `id (nodes)`. */
export async function seriousViolations(page: Page): Promise<string[]> {
  await page.addScriptTag({ content: axeSource });
  const result = await page.evaluate(async () => {
    const axe = (globalThis as unknown as { axe: { run: () => Promise<{ violations: Array<{ id: string; impact: string | null; nodes: unknown[] }> }> } }).axe;
    return (await axe.run()).violations.map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.length }));
  });
  return result.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id} (${v.nodes})`);
}

export interface ConsoleInChromiumOptions {
  /** fills the fresh test database before the console starts */
  seed: (db: Db) => Promise<void>;
  /** the console's clock (a test may move it) */
  clock: () => Date;
  /** the Telegram bot's username, when the console shows Telegram links */
  telegramBot?: string;
}

export interface ConsoleInChromium {
  /** the file's test database (valid once beforeAll has run) */
  readonly t: TestDatabase;
  /** the console's base URL, e.g. http://127.0.0.1:41234 */
  readonly base: string;
  readonly browser: Browser;
  /** A fresh browser context (no cookies) signed in as `person` of segrate through a one-time link. */
  signIn(person: string, context?: BrowserContextOptions): Promise<Page>;
}

/** Registers beforeAll/afterAll that seed a test database, start the console on it and launch chromium. */
export function consoleInChromium(options: ConsoleInChromiumOptions): ConsoleInChromium {
  let t: TestDatabase | undefined;
  let app: FastifyInstance | undefined;
  let browser: Browser | undefined;
  let base: string | undefined;
  beforeAll(async () => {
    t = await createTestDatabase();
    await options.seed(t.db);
    app = await buildConsole({ db: t.db, clock: options.clock, secret: 'a-browser-test-secret-of-32-characters', ...(options.telegramBot ? { telegramBot: options.telegramBot } : {}) });
    base = await app.listen({ port: 0, host: '127.0.0.1' });
    browser = await launchChromium();
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await app?.close();
    await t?.drop();
  });
  const started = <T>(value: T | undefined): T => {
    if (value === undefined) throw new Error('the console is not started yet (beforeAll)');
    return value;
  };
  return {
    get t() {
      return started(t);
    },
    get base() {
      return started(base);
    },
    get browser() {
      return started(browser);
    },
    async signIn(person, context = {}) {
      const page = await (await started(browser).newContext({ locale: 'it-IT', ...context })).newPage();
      await page.goto(`${started(base)}/accedi?t=${await createConsoleLink(started(t).db, 'segrate', person, options.clock())}`);
      await page.getByRole('button', { name: 'Entra' }).click();
      await page.waitForURL(/\/cruscotto/);
      return page;
    },
  };
}
