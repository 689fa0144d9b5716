/**
 * Issue 10, item 11: a reminder is lost only inside the platform call itself. Real dispatcher
 * processes (test/support/dispatch-worker.ts) with the real Slack and Telegram adapters against the
 * fake Slack and Telegram APIs; one is killed with SIGKILL at a chosen point (the fakes hold a
 * method's answer), and a second one, started after it (lease 0), finishes its claim.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readPlanFile } from '../../src/plan-file/read.js';
import { importPlan } from '../../src/db/plan-import.js';
import { loadPlanSnapshot } from '../../src/db/plan-repository.js';
import { loadReminderSettings } from '../../src/db/settings-store.js';
import { syncReminders } from '../../src/db/reminder-store.js';
import { WorkingCalendar } from '../../src/domain/calendar.js';
import { planReminders } from '../../src/scheduler/plan-reminders.js';
import { planDigests } from '../../src/scheduler/plan-digests.js';
import { deliveryKeyOf } from '../../src/scheduler/dispatch.js';
import { NOT_CONFIRMED } from '../../src/scheduler/claim-recovery.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';
import { FakeSlackApi } from '../support/fake-slack-api.js';
import { FakeTelegramApi } from '../support/fake-telegram-api.js';
import { waitFor } from '../support/wait-for.js';

const worker = path.resolve(import.meta.dirname, '..', 'support', 'dispatch-worker.ts');
const planFile = path.resolve(import.meta.dirname, '..', 'fixtures', 'checkin-plan.yaml');
const TELEGRAM_TOKEN = '123456:TEST-token_abc';
/** Monday 1 August 2022, 10:00 in Rome: the day's reminders (09:30) and the week's digest (08:30) are due. */
const NOW = '2022-08-01T08:00:00Z';
/** Every worker's clock runs from NOW, shifted by the same offset. */
const CLOCK_OFFSET_MS = String(Date.parse(NOW) - Date.now());
const COORDINATOR_CHAT = '555555555';

let t: TestDatabase;
let slack: FakeSlackApi;
let telegram: FakeTelegramApi;

beforeEach(async () => {
  t = await createTestDatabase();
  const plan = (await readPlanFile(planFile)).plan;
  plan.people.push({ code: 'coord-ru', name: 'Chiara Coordinatrice', telegram: COORDINATOR_CHAT, absences: [] });
  plan.roles.push({ person: 'coord-ru', role: 'coordinator', orgUnit: 'RU' });
  await importPlan(t.db, plan, { actor: 'test', reason: 'test' });
  await planDay({ digests: false });
  slack = await FakeSlackApi.start();
  telegram = await FakeTelegramApi.start(TELEGRAM_TOKEN);
});
afterEach(async () => {
  await slack?.stop();
  await telegram?.stop();
  await t.drop();
});

/** Plans the day's reminders, and the week's digests too when asked (planning is a sync: what is not planned is cancelled). */
async function planDay({ digests }: { digests: boolean }) {
  const snapshot = await loadPlanSnapshot(t.db, 'borgo-chat', 'pp-2022');
  const input = { snapshot, settings: await loadReminderSettings(t.db, 'borgo-chat'), calendar: new WorkingCalendar({ patronDay: '06-24' }), from: '2022-08-01', to: '2022-08-01' };
  const planned = [...planReminders(input), ...(digests ? planDigests(input) : [])];
  await syncReminders(t.db, (await t.db.ente.findFirstOrThrow()).id, planned, input);
}

function startWorker(ports: string, env: Record<string, string> = {}): { child: ChildProcess; done: Promise<string> } {
  // One process, with tsx as a loader: tsx's CLI would run the worker in a child that SIGKILL does not reach.
  const child = spawn(process.execPath, ['--import', 'tsx', worker], {
    env: { ...process.env, DATABASE_URL: t.url, PORTS: ports, CLOCK_OFFSET_MS, SLACK_API_URL: slack.url, TELEGRAM_API_ROOT: telegram.apiRoot, TELEGRAM_BOT_TOKEN: TELEGRAM_TOKEN, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (chunk) => (output += chunk));
  child.stderr!.on('data', (chunk) => (output += chunk));
  const done = new Promise<string>((resolve) => child.on('exit', () => resolve(output)));
  return { child, done };
}

async function kill(w: { child: ChildProcess; done: Promise<string> }): Promise<void> {
  w.child.kill('SIGKILL');
  await w.done;
}

/** The due reminders of the day, one group (one message) per person. */
async function reminderGroups() {
  const rows = await t.db.reminder.findMany({ where: { dueDate: '2022-08-01', kind: { not: 'digest' } }, orderBy: { id: 'asc' } });
  const groups = new Map<string, typeof rows>();
  for (const row of rows) groups.set(row.recipient, [...(groups.get(row.recipient) ?? []), row]);
  return groups;
}

/** How many Slack posts carry each delivery key. */
function slackPostsByKey(): Map<string, number> {
  const counts = new Map<string, number>();
  for (const call of slack.callsOf('chat.postMessage')) {
    const key = String((call.body.metadata as { event_payload?: { key?: string } } | undefined)?.event_payload?.key);
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return counts;
}

describe('issue 10 item 11: a reminder is lost only inside the platform call', () => {
  it('a process killed while waiting for conversations.open, before anything was handed, gets its reminder sent again by the next dispatcher', async () => {
    const releaseOpen = slack.hold('conversations.open');
    const first = startWorker('slack,telegram');
    await waitFor(() => slack.callsOf('conversations.open').length > 0, 'the first worker opening a DM', 60_000);
    await kill(first);
    // Nothing was handed to Slack: the claim is still `sending`.
    expect(await t.db.reminder.count({ where: { state: 'sending' } })).toBeGreaterThan(0);
    expect(await t.db.reminder.count({ where: { state: 'handed' } })).toBe(0);
    releaseOpen();
    const second = startWorker('slack,telegram', { LEASE_MS: '0' });
    expect(await second.done).toMatch(/sent \d+/);
    const groups = await reminderGroups();
    const posts = slackPostsByKey();
    for (const [recipient, rows] of groups) {
      expect(posts.get(deliveryKeyOf(rows)), `messages to ${recipient}`).toBe(1);
      expect(rows.map((r) => r.state)).toEqual(rows.map(() => 'sent'));
    }
    expect(await t.db.reminder.count({ where: { state: 'failed' } })).toBe(0);
  }, 120_000);

  it('a Slack message that arrived before the crash is completed from the history, not sent again and not failed', async () => {
    const releasePost = slack.hold('chat.postMessage');
    const first = startWorker('slack,telegram');
    await waitFor(() => slack.posted.length > 0, 'the first worker posting', 60_000);
    await kill(first);
    const arrived = slack.posted[0]!;
    const inDoubt = await t.db.reminder.findMany({ where: { state: 'handed' } });
    expect(inDoubt.length).toBeGreaterThan(0);
    expect(arrived.metadata).toEqual({ event_type: 'perfbot_delivery', event_payload: { key: deliveryKeyOf(inDoubt) } });
    releasePost();
    const second = startWorker('slack,telegram', { LEASE_MS: '0' });
    expect(await second.done).toMatch(/sent \d+/);
    expect(slack.callsOf('conversations.history').length).toBeGreaterThan(0);
    const posts = slackPostsByKey();
    for (const [recipient, rows] of await reminderGroups()) expect(posts.get(deliveryKeyOf(rows)), `messages to ${recipient}`).toBe(1);
    expect(await t.db.reminder.findMany({ where: { id: { in: inDoubt.map((r) => r.id) } } })).toEqual(inDoubt.map(() => expect.objectContaining({ state: 'sent', platform: 'slack', messageRef: arrived.ts })));
    expect(await t.db.reminder.count({ where: { state: { not: 'sent' } } })).toBe(0);
  }, 120_000);

  it('a Telegram message in doubt is failed, not sent again, and listed in the coordinators’ digest', async () => {
    const releaseSend = telegram.hold('sendMessage');
    const first = startWorker('telegram');
    await waitFor(() => telegram.callsOf('sendMessage').length > 0, 'the first worker sending', 60_000);
    await kill(first);
    const chat = String(telegram.callsOf('sendMessage')[0]!.body.chat_id);
    const inDoubt = await t.db.reminder.findMany({ where: { state: 'handed' } });
    expect(inDoubt.length).toBeGreaterThan(0);
    releaseSend();
    // The week's digest for the sector's coordinator (due at 08:30, before the reminders).
    await planDay({ digests: true });
    const second = startWorker('telegram', { LEASE_MS: '0' });
    expect(await second.done).toMatch(/sent \d+/);
    expect(await t.db.reminder.findMany({ where: { id: { in: inDoubt.map((r) => r.id) } } })).toEqual(inDoubt.map(() => expect.objectContaining({ state: 'failed', platform: 'telegram', lastError: NOT_CONFIRMED })));
    expect(telegram.callsOf('sendMessage').filter((c) => String(c.body.chat_id) === chat)).toHaveLength(1);
    expect(await t.db.reminder.count({ where: { state: { not: 'sent' }, id: { notIn: inDoubt.map((r) => r.id) } } })).toBe(0);
    const person = (await t.db.person.findFirstOrThrow({ where: { code: inDoubt[0]!.recipient } })).name;
    const digest = telegram.callsOf('sendMessage').filter((c) => String(c.body.chat_id) === COORDINATOR_CHAT).map((c) => String(c.body.text));
    expect(digest).toHaveLength(1);
    // How many were in doubt depends on when the worker died: «1 voce», «2 voci» …
    expect(digest[0]).toContain(`<b>Promemoria non consegnati:</b> ${person} (01/08/2022, ${inDoubt.length} ${inDoubt.length === 1 ? 'voce' : 'voci'})`);
  }, 120_000);
});
