/**
 * The chat command `console` (`/perfbot console` on Slack): the real Bolt app against the fake
 * Slack Web API and the local chat channel, both on the real check-in engine and database. The
 * link it sends signs the person in to the console; people without a console role are refused
 * and get no link.
 */
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { createSlackChannel, type SlackChannel } from '../../src/chat/slack/adapter.js';
import { LocalChannel } from '../../src/chat/local/local-channel.js';
import type { OutgoingMessage } from '../../src/chat/port.js';
import { CheckinEngine } from '../../src/conversations/checkin-engine.js';
import { importPlan } from '../../src/db/plan-import.js';
import { readPlanFile } from '../../src/plan-file/read.js';
import { consoleLinkMaker } from '../../src/web/console-link.js';
import { buildConsole } from '../../src/web/server.js';
import { linkSlackAccount } from '../../src/web/slack-account-link.js';
import { FakeSlackApi, type SlackApiCall } from '../support/fake-slack-api.js';
import { localPageClient } from '../support/local-page-client.js';
import { recordingLogger } from '../support/recording-logger.js';
import { commandRequest, deliverToSlackApp, dmRequest, type SlackRequest } from '../support/slack-requests.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';
import { waitFor } from '../support/wait-for.js';
import { ConsoleClient } from './console-client.js';

const root = path.resolve(import.meta.dirname, '..', '..');
const SIGNING_SECRET = 'test-signing-secret-0123456789abcdef';
const BASE = 'https://console.example.test';
const now = new Date('2022-07-20T08:00:00Z');
let t: TestDatabase;
let web: FastifyInstance;

beforeEach(async () => {
  t = await createTestDatabase();
  await importPlan(t.db, (await readPlanFile(path.join(root, 'examples', 'segrate-pdo-2022.json'))).plan, { actor: 'test', reason: 'console command test' });
  web = await buildConsole({ db: t.db, clock: () => now, secret: 'a-test-secret-of-at-least-32-characters' });
});
afterEach(async () => {
  await web.close();
  await t.drop();
});

const consoleRows = () => t.db.inviteCode.count({ where: { platform: 'console' } });

/** Opens a link the bot sent and presses Entra: where the console sends the browser. */
async function follow(url: string): Promise<string | undefined> {
  const token = new URL(url).searchParams.get('t')!;
  const client = new ConsoleClient(web);
  expect((await client.get(`/accedi?t=${token}`)).statusCode).toBe(200);
  return (await client.post('/accedi', { t: token })).headers.location as string | undefined;
}

/** The console link in a reply; a link carried as look-alike (literal) characters would not open, so none may be there. */
const linkIn = (text: string) => {
  expect(text).not.toMatch(/[\uE000-\uE0FF]/);
  return linkMatch(text);
};
const linkMatch = (text: string) => new RegExp(`${BASE.replace(/\./g, '\\.')}/accedi\\?t=[A-Za-z0-9_-]+`).exec(text)?.[0];

describe('console command over Slack (real Bolt app, fake Web API)', () => {
  let api: FakeSlackApi;
  let channel: SlackChannel;
  let sequence = 0;

  beforeEach(async () => {
    api = await FakeSlackApi.start();
    const engine = new CheckinEngine(t.db, () => now, { consoleLink: consoleLinkMaker(t.db, () => now, BASE) });
    channel = createSlackChannel({ handler: engine, botToken: 'xoxb-test-token', signingSecret: SIGNING_SECRET, apiUrl: api.url, port: 0, logger: recordingLogger() });
    await channel.start();
    await linkSlackAccount(t.db, 'segrate', 'admin-1', 'U0ADMIN01', 'test');
    await linkSlackAccount(t.db, 'segrate', 'bossi-c', 'U0BOSSI01', 'test');
  });
  afterEach(async () => {
    await channel.stop();
    await api.stop();
  });

  /** Delivers a request and returns the text of what the bot posted in the person's DM. */
  async function deliver(request: SlackRequest, dm: string): Promise<string> {
    const posts = () => api.callsOf('chat.postMessage').filter((c) => c.body.channel === dm);
    const before = posts().length;
    expect((await deliverToSlackApp(`http://127.0.0.1:${channel.port}/slack/events`, SIGNING_SECRET, request)).status).toBe(200);
    await waitFor(() => posts().length > before, 'the reply in the DM');
    return posts()
      .slice(before)
      .map((c: SlackApiCall) => `${String(c.body.text ?? '')} ${JSON.stringify(c.body.blocks ?? [])}`)
      .join('\n')
      .replace(/&amp;/g, '&');
  }

  it('sends an administrator a one-time link in the DM for /perfbot console, and the link signs them in once', async () => {
    const reply = await deliver(commandRequest('/perfbot', 'console', 'U0ADMIN01', `trigger-${++sequence}`), 'D0ADMIN01');
    expect(reply).toContain('console web');
    const url = linkIn(reply);
    expect(url).toBeDefined();
    expect(await follow(url!)).toBe('/cruscotto');
    // Spent: the same link does not sign anybody in again.
    const again = new ConsoleClient(web);
    const token = new URL(url!).searchParams.get('t')!;
    await again.get(`/accedi?t=${token}`);
    expect((await again.post('/accedi', { t: token })).statusCode).toBe(403);
  }, 60_000);

  it('answers the typed word «console» in the DM the same way', async () => {
    const reply = await deliver(dmRequest('U0ADMIN01', 'D0ADMIN01', 'console', `Ev${++sequence}`), 'D0ADMIN01');
    expect(linkIn(reply)).toBeDefined();
    expect(await consoleRows()).toBe(1);
  }, 60_000);

  it('refuses a responsible without an admin, coordinator or oiv role, and creates no link', async () => {
    const reply = await deliver(commandRequest('/perfbot', 'console', 'U0BOSSI01', `trigger-${++sequence}`), 'D0BOSSI01');
    expect(reply).toContain('amministratori, coordinatori e OIV');
    expect(linkIn(reply)).toBeUndefined();
    expect(await consoleRows()).toBe(0);
  }, 60_000);
});

describe('console command in the local chat channel', () => {
  let local: LocalChannel;

  async function say(person: string, text: string, hooks: boolean): Promise<string> {
    local = new LocalChannel({ db: t.db, handler: new CheckinEngine(t.db, () => now, hooks ? { consoleLink: consoleLinkMaker(t.db, () => now, BASE) } : {}), port: 0 });
    const client = await localPageClient(await local.start());
    try {
      const response = await client.post('/api/event', { person: `segrate/${person}`, kind: 'text', text });
      expect(response.status).toBe(200);
      return ((await response.json()) as OutgoingMessage[]).map((m) => m.text).join('\n');
    } finally {
      await local.stop();
    }
  }

  it('gives the OIV and a sector coordinator a working link; refuses a dirigente', async () => {
    const oiv = await say('oiv-1', 'console', true);
    expect(await follow(linkIn(oiv)!)).toBe('/cruscotto');
    const coordinator = await say('coord-2', 'console', true);
    expect(await follow(linkIn(coordinator)!)).toBe('/cruscotto');
    const dirigente = await say('bellagamba-p', 'console', true);
    expect(dirigente).toContain('il tuo ruolo non la prevede');
    expect(await consoleRows()).toBe(2);
  }, 60_000);

  it('says the console is not running when the server has none, and creates no link', async () => {
    expect(await say('admin-1', 'console', false)).toContain('non è attiva');
    expect(await consoleRows()).toBe(0);
  }, 60_000);
});
