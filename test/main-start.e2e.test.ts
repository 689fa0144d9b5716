/**
 * Issue 10, item 12: `npm start` (the real src/main.ts, in child processes) either starts fully or
 * exits non-zero. Two processes starting together on one database, both linking people's Slack
 * accounts by e-mail against the fake Slack API, both start; a start that fails half-way (an
 * unreachable Telegram API after the local chat is open, a plan with mistakes) closes what it
 * opened and exits with code 1 instead of running on without a scheduler.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { translator } from '../src/i18n/messages.js';
import { importPlan } from '../src/db/plan-import.js';
import { readPlanFile } from '../src/plan-file/read.js';
import { createTestDatabase, type TestDatabase } from './support/test-database.js';
import { FakeSlackApi } from './support/fake-slack-api.js';
import { waitFor } from './support/wait-for.js';

const root = path.resolve(import.meta.dirname, '..');
const main = path.join(root, 'src', 'main.ts');
const tsxLoader = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
const t = translator('it');
const STARTED = t('start.reminders');
const FAILED = t('start.failed', { reason: '' });

/** People of the test plan whose Slack accounts are found by e-mail at start. */
const BY_EMAIL = Array.from({ length: 4 }, (_, i) => ({ code: `mail-${i}`, email: `persona${i}@example.org`, slack: `U0MAIL00${i}` }));

let db: TestDatabase;
let dir: string;
let slack: FakeSlackApi | undefined;
const children: ChildProcess[] = [];

beforeEach(async () => {
  db = await createTestDatabase();
  // Run outside the project: no developer `.env` leaks into the started processes.
  dir = mkdtempSync(path.join(tmpdir(), 'perfbot-start-'));
});
afterEach(async () => {
  for (const child of children.splice(0)) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  await slack?.stop();
  slack = undefined;
  await db.drop();
  rmSync(dir, { recursive: true, force: true });
});

interface Started {
  child: ChildProcess;
  output: () => string;
  exit: Promise<number | null>;
}

/** Starts `src/main.ts` as `npm start` does (one process: tsx as a loader), with only the given settings. */
function start(env: Record<string, string>): Started {
  const inherited = Object.fromEntries(Object.entries(process.env).filter(([key]) => !/^(SLACK|TELEGRAM|PERFBOT|DATABASE)_/.test(key)));
  const child = spawn(process.execPath, ['--import', tsxLoader, main], { cwd: dir, env: { ...inherited, DATABASE_URL: db.url, PERFBOT_LOCAL_CHAT: 'off', PERFBOT_HEALTH_PORT: '0', PERFBOT_CONSOLE: 'off', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  let output = '';
  child.stdout!.on('data', (chunk) => (output += chunk));
  child.stderr!.on('data', (chunk) => (output += chunk));
  const exit = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, output: () => output, exit };
}

/** The small check-in plan with people whose Slack account is known only by their e-mail. */
function planWithEmails(): string {
  const file = path.join(dir, 'plan.yaml');
  const people = BY_EMAIL.map((p, i) => `  - { code: ${p.code}, name: Persona ${i}, email: ${p.email} }\n`).join('');
  writeFileSync(file, readFileSync(path.join(root, 'test', 'fixtures', 'checkin-plan.yaml'), 'utf8').replace('people:\n', `people:\n${people}`));
  return file;
}

/** A loopback port nobody listens on. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('issue 10 item 12: a safe start', () => {
  it('two processes starting together on one database, both linking Slack accounts by e-mail, both start', async () => {
    slack = await FakeSlackApi.start();
    for (const p of BY_EMAIL) slack.usersByEmail.set(p.email, p.slack);
    // Each e-mail's lookup is answered only once both processes have asked: they race for every link.
    slack.gate('users.lookupByEmail', (body) => String(body.email), 2, 60_000);
    // The plan is already in the database (an earlier start, or `perfbot import`): importing it again at start changes nothing.
    const planFile = planWithEmails();
    await importPlan(db.db, (await readPlanFile(planFile)).plan, { actor: 'test', reason: 'test' });
    const env = { PERFBOT_DEMO_PLAN: planFile, SLACK_BOT_TOKEN: 'xoxb-test-token', SLACK_SIGNING_SECRET: 'test-signing-secret-0123456789', SLACK_API_URL: slack.url, PERFBOT_SLACK_PORT: '0' };
    const [a, b] = [start(env), start(env)];
    await waitFor(() => [a, b].every((p) => p.output().includes(STARTED)) || [a, b].some((p) => p.output().includes(FAILED)), 'both processes started, or one failed', 120_000);
    for (const p of [a, b]) {
      expect(p.output()).not.toContain(FAILED);
      expect(p.output()).toContain(STARTED);
    }
    expect(slack.callsOf('users.lookupByEmail').filter((c) => c.body.email === BY_EMAIL[0]!.email)).toHaveLength(2);
    for (const p of BY_EMAIL) {
      const identities = await db.db.chatIdentity.findMany({ where: { platform: 'slack', person: { code: p.code } } });
      expect(identities.map((i) => i.externalId)).toEqual([p.slack]);
      expect(await db.db.auditLog.count({ where: { entity: 'ChatIdentity', entityId: `${p.code}/slack` } })).toBe(1);
    }
    a.child.kill('SIGTERM');
    b.child.kill('SIGTERM');
    expect(await Promise.all([a.exit, b.exit])).toEqual([0, 0]);
  }, 180_000);

  it('exits with code 1, its local chat closed, when the Telegram API cannot be reached at start', async () => {
    const p = start({ PERFBOT_DEMO_PLAN: path.join(root, 'test', 'fixtures', 'checkin-plan.yaml'), PERFBOT_LOCAL_CHAT: 'on', PERFBOT_LOCAL_PORT: '0', TELEGRAM_BOT_TOKEN: '123456:TEST-token_abcdefghijkl', TELEGRAM_API_ROOT: `http://127.0.0.1:${await closedPort()}` });
    expect(await p.exit).toBe(1);
    expect(p.output()).toContain(t('start.localChat', { url: '' }).split(':')[0]!);
    expect(p.output()).toContain(FAILED);
    expect(p.output()).not.toContain(STARTED);
  }, 120_000);

  it('exits with code 1 when the plan it starts with has mistakes', async () => {
    const p = start({ PERFBOT_DEMO_PLAN: path.join(root, 'test', 'fixtures', 'ten-mistakes.yaml') });
    expect(await p.exit).toBe(1);
    expect(p.output()).toContain(FAILED);
    expect(p.output()).toContain('ten-mistakes.yaml: ');
  }, 120_000);
});
