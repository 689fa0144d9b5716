/**
 * Exactly once across processes: real dispatcher processes on one database (PostgreSQL in CI's
 * second run) and a fake chat API. Two processes share 500 due reminders; a process killed with
 * SIGKILL mid-batch leaves nothing lost and nothing sent twice once another one has run.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readPlanFile } from '../../src/plan-file/read.js';
import { importPlan } from '../../src/db/plan-import.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';
import { FakeChatApi } from '../support/fake-chat-api.js';
import { waitFor } from '../support/wait-for.js';

const worker = path.resolve(import.meta.dirname, '..', 'support', 'dispatch-worker.ts');

let t: TestDatabase;
let api: FakeChatApi;

beforeEach(async () => {
  t = await createTestDatabase();
  const plan = (await readPlanFile(path.resolve(import.meta.dirname, '..', 'fixtures', 'checkin-plan.yaml'))).plan;
  // 50 people who all have a Telegram account.
  plan.people.push(...Array.from({ length: 50 }, (_, i) => ({ code: `p${i}`, name: `Persona ${i}`, telegram: String(500000000 + i), absences: [] })));
  await importPlan(t.db, plan, { actor: 'test', reason: 'test' });
  const enteId = (await t.db.ente.findFirstOrThrow()).id;
  // 500 due reminders: 50 people × 10 days → 500 person-days, one message each.
  await t.db.reminder.createMany({
    data: Array.from({ length: 500 }, (_, i) => ({
      enteId,
      key: `load-${i}`,
      kind: 'checkpoint',
      subject: `indicator:RU-1/a@2022-07-31#${i}`,
      recipient: `p${i % 50}`,
      dueDate: `2022-08-${String(Math.floor(i / 50) + 1).padStart(2, '0')}`,
      step: 'ask',
      sendAt: new Date('2022-08-01T07:30:00Z'),
      reason: { objective: 'RU-1', item: { kind: 'indicator', code: 'a' }, checkpoint: '2022-07-31' },
    })),
  });
});
afterEach(async () => {
  await api?.stop();
  await t.drop();
});

function startWorker(env: Record<string, string> = {}): { child: ChildProcess; done: Promise<string> } {
  // One process, with tsx as a loader: tsx's CLI would run the worker in a child that SIGKILL does not reach.
  const child = spawn(process.execPath, ['--import', 'tsx', worker], { env: { ...process.env, DATABASE_URL: t.url, FAKE_CHAT_URL: api.url, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout!.on('data', (chunk) => (output += chunk));
  child.stderr!.on('data', (chunk) => (output += chunk));
  const done = new Promise<string>((resolve) => child.on('exit', () => resolve(output)));
  return { child, done };
}

function deliveredKeys(): string[] {
  return api.received.flatMap((m) => m.deliveryKey.split('-'));
}

describe('exactly once across dispatcher processes', () => {
  it('two processes on one database send each of 500 reminders once', async () => {
    api = await FakeChatApi.start();
    const [a, b] = [startWorker(), startWorker()];
    const outputs = await Promise.all([a.done, b.done]);
    expect(outputs.join('\n')).not.toMatch(/Error/);
    const ids = deliveredKeys();
    expect(ids).toHaveLength(500);
    expect(new Set(ids).size).toBe(500);
    expect(await t.db.reminder.count({ where: { state: 'sent' } })).toBe(500);
    // Three writes per message (claim, hand-off, outcome) for 500 messages: generous on a busy machine.
  }, 240_000);

  it('after a dispatcher is killed mid-batch, a restart loses nothing and sends nothing twice', async () => {
    api = await FakeChatApi.start(20);
    const first = startWorker();
    await waitFor(() => api.received.length >= 40, 'the first worker halfway', 60_000);
    first.child.kill('SIGKILL');
    await first.done;
    const sentBeforeKill = api.received.length;
    expect(sentBeforeKill).toBeLessThan(500);
    // The restarted worker treats the dead one's claim as abandoned at once (lease 0).
    const second = startWorker({ LEASE_MS: '0' });
    expect(await second.done).not.toMatch(/Error/);
    const ids = deliveredKeys();
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toHaveLength(500);
    expect(await t.db.reminder.count({ where: { state: 'sent' } })).toBe(500);
  }, 120_000);
});
