/**
 * A reminder dispatcher killed at random points (issue 10): each round two dispatcher processes
 * (test/support/dispatch-worker.ts, the real Dispatcher with the real Slack and Telegram adapters
 * against the fake APIs) share a day of due reminders, and one of them gets SIGKILL — while it waits
 * for conversations.open (before anything is handed), while its chat.postMessage / sendMessage is in
 * flight (the platform has the message, the worker never hears back), or at a random moment. Then a
 * dispatcher with the lease run out (in this process, the same adapters) takes over the dead one's
 * claims. Every round: no message twice at the fake APIs, every reminder sent and delivered once,
 * or failed only when it was handed to Telegram (which cannot tell whether it arrived) — the
 * documented platform-call window.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readPlanFile } from '../../src/plan-file/read.js';
import { importPlan } from '../../src/db/plan-import.js';
import { markUnreachable } from '../../src/db/identity-store.js';
import { Dispatcher, deliveryKeyOf } from '../../src/scheduler/dispatch.js';
import { NOT_CONFIRMED } from '../../src/scheduler/claim-recovery.js';
import { createSlackChannel } from '../../src/chat/slack/adapter.js';
import { createTelegramChannel } from '../../src/chat/telegram/adapter.js';
import type { ConversationHandler } from '../../src/conversations/conversation-handler.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';
import { FakeSlackApi } from '../support/fake-slack-api.js';
import { FakeTelegramApi } from '../support/fake-telegram-api.js';
import { waitFor } from '../support/wait-for.js';
import { faultTally } from './fault-log.js';

const ROUNDS = Number(process.env.FAULT_ROUNDS ?? 20);
const worker = path.resolve(import.meta.dirname, '..', 'support', 'dispatch-worker.ts');
const planFile = path.resolve(import.meta.dirname, '..', 'fixtures', 'checkin-plan.yaml');
const TELEGRAM_TOKEN = '123456:TEST-token_abc';
/** Three people reached on Slack, three on Telegram: each gets one message a round. */
const SLACK_PEOPLE = [0, 1, 2].map((i) => ({ code: `slack-${i}`, slack: `U0KILL00${i}` }));
const TELEGRAM_PEOPLE = [0, 1, 2].map((i) => ({ code: `tg-${i}`, telegram: String(900000000 + i) }));
const KILL_POINTS = ['opening the DM', 'posting to Slack', 'sending to Telegram', 'at random'] as const;

let t: TestDatabase;
let slack: FakeSlackApi;
let telegram: FakeTelegramApi;
let enteId: number;

beforeAll(async () => {
  t = await createTestDatabase();
  const plan = (await readPlanFile(planFile)).plan;
  for (const p of [...SLACK_PEOPLE, ...TELEGRAM_PEOPLE]) plan.people.push({ ...p, name: `Persona ${p.code}`, absences: [] });
  await importPlan(t.db, plan, { actor: 'test', reason: 'test' });
  enteId = (await t.db.ente.findFirstOrThrow()).id;
  slack = await FakeSlackApi.start();
  telegram = await FakeTelegramApi.start(TELEGRAM_TOKEN);
});
afterAll(async () => {
  await slack?.stop();
  await telegram?.stop();
  await t?.drop();
});

/** A small seeded generator, so a failing round can be replayed (the seed is printed). */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let x = Math.imul(state ^ (state >>> 15), 1 | state);
    x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x;
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
}

interface Worker {
  child: ChildProcess;
  /** resolves once the adapters are loaded and the worker waits for a run */
  ready: Promise<void>;
  /** resolves when the process has exited */
  done: Promise<void>;
  /** starts one run (recover, send what is due); resolves with its "sent N" line, or null when the process died */
  run(): Promise<string | null>;
}

/** A long-lived dispatcher process (LOOP=1): loading the adapters takes seconds on a busy machine, so survivors serve several rounds. */
function startWorker(): Worker {
  // One process, with tsx as a loader: tsx's CLI would run the worker in a child that SIGKILL does not reach.
  const child = spawn(process.execPath, ['--import', 'tsx', worker], {
    env: { ...process.env, DATABASE_URL: t.url, LOOP: '1', PORTS: 'slack,telegram', SLACK_API_URL: slack.url, TELEGRAM_API_ROOT: telegram.apiRoot, TELEGRAM_BOT_TOKEN: TELEGRAM_TOKEN },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let output = '';
  const listeners = new Set<() => void>();
  const changed = () => listeners.forEach((listener) => listener());
  child.stdout!.on('data', (chunk) => ((output += chunk), changed()));
  child.stderr!.on('data', (chunk) => ((output += chunk), changed()));
  const done = new Promise<void>((resolve) => child.on('exit', () => (changed(), resolve())));
  const until = <T>(probe: () => T | undefined) =>
    new Promise<T>((resolve) => {
      const check = () => {
        const value = probe();
        if (value === undefined) return;
        listeners.delete(check);
        resolve(value);
      };
      listeners.add(check);
      check();
    });
  const exited = () => child.exitCode !== null || child.signalCode !== null;
  const sentLines = () => output.split('\n').filter((line) => /^sent \d+$/.test(line));
  const ready = until(() => (output.includes('ready\n') || exited() ? true : undefined)).then(() => {
    if (!output.includes('ready\n')) throw new Error(`worker did not start: ${output}`);
  });
  // A spare killed at the end before it was ready is no failure; a round awaits `ready` and sees one.
  ready.catch(() => undefined);
  return {
    child,
    done,
    ready,
    run: () => {
      const before = sentLines().length;
      child.stdin!.write('go\n');
      return until(() => (sentLines().length > before ? sentLines()[before]! : exited() ? null : undefined));
    },
  };
}

/** Two due reminders per person for the round's day: one message each. */
async function dueRows(round: number) {
  const dueDate = `2022-09-${String(round + 1).padStart(2, '0')}`;
  const people = [...SLACK_PEOPLE, ...TELEGRAM_PEOPLE].map((p) => p.code);
  await t.db.reminder.createMany({
    data: people.flatMap((recipient) =>
      ['a', 'b'].map((code) => ({
        enteId,
        key: `kill-${round}-${recipient}-${code}`,
        kind: 'checkpoint',
        subject: `indicator:RU-1/${code}@2022-07-31`,
        recipient,
        dueDate,
        step: 'ask',
        sendAt: new Date('2022-09-01T07:30:00Z'),
        reason: { objective: 'RU-1', item: { kind: 'indicator', code }, checkpoint: '2022-07-31' },
      })),
    ),
  });
  return t.db.reminder.findMany({ where: { dueDate }, orderBy: { id: 'asc' } });
}

/** The dispatcher that takes over after the kill: the lease has run out for every claim left. */
function takeOver(): Dispatcher {
  const handler: ConversationHandler = { handle: async () => [], markUnreachable: (platform, userId, reason) => markUnreachable(t.db, platform, userId, reason, new Date()) };
  const quiet = { warn: () => undefined, error: () => undefined };
  const ports = [
    createSlackChannel({ handler, botToken: 'xoxb-test', signingSecret: 'unused', apiUrl: slack.url, port: 0, logger: quiet }),
    createTelegramChannel({ handler, botToken: TELEGRAM_TOKEN, apiRoot: telegram.apiRoot, logger: quiet }),
  ];
  return new Dispatcher({ db: t.db, ports, clock: () => new Date(), worker: 'take-over', leaseMs: 0 });
}

/**
 * Waits until a held method has been called, and a little longer for the second worker to be held
 * there too (then the victim, whichever it is, is caught at that point).
 */
async function heldCalls(count: () => number, finished: () => boolean): Promise<void> {
  // A worker that opened every DM in an earlier round opens none now: both may finish without the call.
  await waitFor(() => count() > 0 || finished(), 'a worker reaching the held call', 60_000);
  await waitFor(() => count() > 1 || finished(), 'both workers reaching the held call', 5_000).catch(() => undefined);
}

describe('a reminder dispatcher killed at random points', () => {
  it('sends nothing twice and loses nothing outside the platform call, over 20 rounds with two processes (FAULT_ROUNDS, FAULT_SEED)', async () => {
    const tally = faultTally('dispatch-kill');
    const seed = Number(process.env.FAULT_SEED ?? Date.now() % 1_000_000);
    console.log(`dispatch-kill seed ${seed}`);
    const next = random(seed);
    const seen = { written: 0, resent: 0 };
    let pool: Worker[] = [startWorker(), startWorker()];
    for (let round = 0; round < ROUNDS; round++) {
      tally.round();
      const rows = await dueRows(round);
      const point = KILL_POINTS[round % KILL_POINTS.length]!;
      const slackPostsBefore = slack.callsOf('chat.postMessage').length;
      const telegramBefore = telegram.callsOf('sendMessage').length;
      const opensBefore = slack.callsOf('conversations.open').length;
      const hold =
        point === 'opening the DM' ? slack.hold('conversations.open') : point === 'posting to Slack' ? slack.hold('chat.postMessage') : point === 'sending to Telegram' ? telegram.hold('sendMessage') : undefined;
      await Promise.all(pool.map((w) => w.ready));
      const [first, second] = pool as [Worker, Worker];
      let finished = 0;
      const runs = new Map([first, second].map((w) => [w, w.run().finally(() => (finished += 1))]));
      const bothFinished = () => finished === 2;
      const victim = next() < 0.5 ? first : second;
      const survivor = victim === first ? second : first;
      if (point === 'opening the DM') await heldCalls(() => slack.callsOf('conversations.open').length - opensBefore, bothFinished);
      else if (point === 'posting to Slack') await heldCalls(() => slack.callsOf('chat.postMessage').length - slackPostsBefore, bothFinished);
      else if (point === 'sending to Telegram') await heldCalls(() => telegram.callsOf('sendMessage').length - telegramBefore, bothFinished);
      else await new Promise((resolve) => setTimeout(resolve, next() * 1_500));
      victim.child.kill('SIGKILL');
      await victim.done;
      // Its replacement loads while the round finishes.
      pool = [survivor, startWorker()];
      hold?.();
      expect(await runs.get(survivor)).toMatch(/^sent \d+$/);
      const dispatcher = takeOver();
      await dispatcher.recover();
      await dispatcher.tick();

      const after = await t.db.reminder.findMany({ where: { id: { in: rows.map((r) => r.id) } }, orderBy: { id: 'asc' } });
      const posts = slack.callsOf('chat.postMessage').slice(slackPostsBefore);
      const sends = telegram.callsOf('sendMessage').slice(telegramBefore);
      for (const person of SLACK_PEOPLE) {
        const group = after.filter((r) => r.recipient === person.code);
        const delivered = posts.filter((c) => (c.body.metadata as { event_payload?: { key?: string } } | undefined)?.event_payload?.key === deliveryKeyOf(group));
        // Slack can always tell: sent, and delivered exactly once.
        expect(group.map((r) => r.state), `round ${round} (${point}), ${person.code}`).toEqual(['sent', 'sent']);
        expect(delivered, `round ${round} (${point}), messages to ${person.code}`).toHaveLength(1);
        tally.check(2);
      }
      for (const person of TELEGRAM_PEOPLE) {
        const group = after.filter((r) => r.recipient === person.code);
        const delivered = sends.filter((c) => String(c.body.chat_id) === person.telegram);
        expect(delivered.length, `round ${round} (${point}), messages to ${person.code}`).toBeLessThanOrEqual(1);
        if (group[0]!.state === 'failed') {
          // Written off only when it was handed to Telegram and the worker died before hearing back.
          expect(group, `round ${round} (${point}), ${person.code}`).toEqual(group.map(() => expect.objectContaining({ state: 'failed', platform: 'telegram', lastError: NOT_CONFIRMED })));
          seen.written += 1;
        } else {
          expect(group.map((r) => r.state), `round ${round} (${point}), ${person.code}`).toEqual(['sent', 'sent']);
          expect(delivered, `round ${round} (${point}), messages to ${person.code}`).toHaveLength(1);
        }
        tally.check(2);
      }
      seen.resent += after.filter((r) => r.state === 'sent' && r.attempts > 1).length / 2;
    }
    console.log(`dispatch-kill: ${seen.resent} messages sent again after a kill before the hand-off or with no trace at Slack, ${seen.written} Telegram messages in doubt written off`);
    // The kills did land at every point: some messages were taken over and sent again, some written off.
    expect(seen.resent).toBeGreaterThan(0);
    expect(seen.written).toBeGreaterThan(0);
    tally.check(2);
    tally.report();
    for (const w of pool) w.child.kill('SIGKILL');
    await Promise.all(pool.map((w) => w.done));
  }, 600_000);
});
