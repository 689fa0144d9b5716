/**
 * Claims a dead worker left behind, resolved by the real Dispatcher against ports that record what
 * they are asked (the dispatcher is under test here; the real Slack and Telegram adapters are in
 * abandoned-claims.e2e.test.ts): before the hand-off a message is sent again, after it the platform
 * is asked, and only where it cannot tell is the reminder written off.
 */
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readPlanFile } from '../../src/plan-file/read.js';
import { importPlan } from '../../src/db/plan-import.js';
import { loadPlanSnapshot } from '../../src/db/plan-repository.js';
import { WorkingCalendar } from '../../src/domain/calendar.js';
import { DEFAULT_REMINDER_SETTINGS } from '../../src/domain/reminder-settings.js';
import { planReminders } from '../../src/scheduler/plan-reminders.js';
import { syncReminders } from '../../src/db/reminder-store.js';
import { Dispatcher, deliveryKeyOf } from '../../src/scheduler/dispatch.js';
import { DOUBT_GIVE_UP_MS, NOT_CONFIRMED } from '../../src/scheduler/claim-recovery.js';
import { PlatformError, type ChatAddress, type ChatPort, type OutgoingMessage } from '../../src/chat/port.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';

const plan = path.resolve(import.meta.dirname, '..', 'fixtures', 'checkin-plan.yaml');
const ANNA = '111111111';
const BRUNO = '222222222';

/** A Telegram-like port that records what it sends, and can be told what the platform knows. */
class RecordingPort implements ChatPort {
  readonly platform = 'telegram' as const;
  readonly maxTextLength = 4096;
  readonly sent: Array<{ to: ChatAddress; message: OutgoingMessage; deliveryKey?: string }> = [];
  async send(to: ChatAddress, message: OutgoingMessage, options?: { deliveryKey?: string }): Promise<string> {
    this.sent.push({ to, message, ...(options?.deliveryKey ? { deliveryKey: options.deliveryKey } : {}) });
    return `tg-${this.sent.length}`;
  }
  to(chatId: string) {
    return this.sent.filter((s) => s.to.chatId === chatId);
  }
}

/** A port whose platform can say which delivery keys arrived (as Slack can, by message metadata). */
class ConfirmingPort extends RecordingPort {
  readonly arrived = new Map<string, string>();
  asked = 0;
  unavailable: Error | null = null;
  async wasDelivered(_to: ChatAddress, deliveryKey: string): Promise<string | null> {
    this.asked += 1;
    if (this.unavailable) throw this.unavailable;
    return this.arrived.get(deliveryKey) ?? null;
  }
}

let t: TestDatabase;
const at = (time: string) => new Date(`2022-08-01T${time}:00Z`);

beforeEach(async () => {
  t = await createTestDatabase();
  await importPlan(t.db, (await readPlanFile(plan)).plan, { actor: 'test', reason: 'test' });
  const snapshot = await loadPlanSnapshot(t.db, 'borgo-chat', 'pp-2022');
  const planned = planReminders({ snapshot, settings: DEFAULT_REMINDER_SETTINGS, calendar: new WorkingCalendar({ patronDay: '06-24' }), from: '2022-08-01', to: '2022-08-01' });
  await syncReminders(t.db, (await t.db.ente.findFirstOrThrow()).id, planned, { from: '2022-08-01', to: '2022-08-01' });
});
afterEach(async () => {
  await t.drop();
});

/** Leaves a person's due rows as a worker that died would: claimed, and maybe handed to Telegram. */
async function abandon(recipient: string, state: 'sending' | 'handed', claimedAt = at('07:30')) {
  const data = { state, claimedBy: `dead:${recipient}`, claimedAt, attempts: 1, ...(state === 'handed' ? { platform: 'telegram' } : {}) };
  await t.db.reminder.updateMany({ where: { recipient, dueDate: '2022-08-01' }, data });
  const rows = await t.db.reminder.findMany({ where: { recipient, dueDate: '2022-08-01' }, orderBy: { id: 'asc' } });
  expect(rows.length).toBeGreaterThan(0);
  return rows;
}

const states = async (recipient: string) => (await t.db.reminder.findMany({ where: { recipient, dueDate: '2022-08-01' } })).map((r) => r.state);

describe('claims left by a dead worker', () => {
  it('sends again a message that was never handed to the platform, even where the platform cannot tell', async () => {
    const rows = await abandon('verdi-a', 'sending');
    const port = new RecordingPort();
    const dispatcher = new Dispatcher({ db: t.db, ports: [port], clock: () => at('08:00'), worker: 'w2' });
    expect(await dispatcher.recover()).toBe(1);
    await dispatcher.tick();
    expect(port.to(ANNA).map((s) => s.deliveryKey)).toEqual([deliveryKeyOf(rows)]);
    expect(await states('verdi-a')).toEqual(rows.map(() => 'sent'));
  });

  it('completes a handed message the platform has, and sends again one it has not', async () => {
    const anna = await abandon('verdi-a', 'handed');
    const bruno = await abandon('neri-b', 'handed');
    const port = new ConfirmingPort();
    port.arrived.set(deliveryKeyOf(anna), 'tg-anna');
    const dispatcher = new Dispatcher({ db: t.db, ports: [port], clock: () => at('08:00'), worker: 'w2' });
    expect(await dispatcher.recover()).toBe(2);
    await dispatcher.tick();
    expect(port.to(ANNA)).toEqual([]);
    expect(port.to(BRUNO).map((s) => s.deliveryKey)).toEqual([deliveryKeyOf(bruno)]);
    expect(await t.db.reminder.findMany({ where: { recipient: 'verdi-a', dueDate: '2022-08-01' } })).toEqual(anna.map(() => expect.objectContaining({ state: 'sent', messageRef: 'tg-anna' })));
    expect(await states('neri-b')).toEqual(bruno.map(() => 'sent'));
  });

  it('writes off a handed message only where the platform cannot tell, and sends it no more', async () => {
    const rows = await abandon('verdi-a', 'handed');
    const port = new RecordingPort();
    const dispatcher = new Dispatcher({ db: t.db, ports: [port], clock: () => at('08:00'), worker: 'w2' });
    await dispatcher.recover();
    await dispatcher.tick();
    expect(port.to(ANNA)).toEqual([]);
    expect(await t.db.reminder.findMany({ where: { recipient: 'verdi-a', dueDate: '2022-08-01' } })).toEqual(rows.map(() => expect.objectContaining({ state: 'failed', platform: 'telegram', lastError: NOT_CONFIRMED })));
  });

  it('leaves a claim alone until its lease runs out', async () => {
    await abandon('verdi-a', 'sending', at('07:58'));
    const port = new RecordingPort();
    const dispatcher = new Dispatcher({ db: t.db, ports: [port], clock: () => at('08:00'), worker: 'w2', leaseMs: 5 * 60_000 });
    expect(await dispatcher.recover()).toBe(0);
    await dispatcher.tick();
    expect(port.to(ANNA)).toEqual([]);
    expect(await states('verdi-a')).toEqual(expect.arrayContaining(['sending']));
  });

  it('asks again later when the platform cannot be asked now, and writes the message off after a day', async () => {
    const rows = await abandon('verdi-a', 'handed');
    const port = new ConfirmingPort();
    port.unavailable = new PlatformError('telegram', 'history', '503');
    let now = at('08:00');
    const warnings: string[] = [];
    const dispatcher = new Dispatcher({ db: t.db, ports: [port], clock: () => now, worker: 'w2', onWarning: (w) => warnings.push(w) });
    await dispatcher.recover();
    expect(await states('verdi-a')).toEqual(rows.map(() => 'handed'));
    expect(warnings).toEqual([expect.stringMatching(/in doubt, telegram could not be asked: telegram history failed: 503/)]);
    now = new Date(at('07:30').getTime() + DOUBT_GIVE_UP_MS);
    await dispatcher.recover();
    await dispatcher.tick();
    expect(port.asked).toBe(2);
    expect(port.to(ANNA)).toEqual([]);
    expect(await states('verdi-a')).toEqual(rows.map(() => 'failed'));
  });

  it('a worker that lost its claim to a recovery while opening the chat sends nothing', async () => {
    // Worker A is slow to prepare the message (Slack's conversations.open); meanwhile its lease runs
    // out, and worker B recovers the claim and sends the reminder.
    let resume: () => void = () => {};
    const opened = new Promise<void>((resolve) => (resume = resolve));
    let preparing: () => void = () => {};
    const aPreparing = new Promise<void>((resolve) => (preparing = resolve));
    const port = new RecordingPort();
    const slowPort = Object.assign(new RecordingPort(), {
      prepareSend: async (to: ChatAddress) => {
        preparing();
        await opened;
        return to;
      },
      send: (to: ChatAddress, message: OutgoingMessage, options?: { deliveryKey?: string }) => port.send(to, message, options),
    });
    const a = new Dispatcher({ db: t.db, ports: [slowPort], clock: () => at('07:30'), worker: 'a' }).tick();
    await aPreparing;
    const b = new Dispatcher({ db: t.db, ports: [port], clock: () => at('08:00'), worker: 'b', leaseMs: 60_000 });
    expect(await b.recover()).toBeGreaterThan(0);
    await b.tick();
    const sentByB = port.sent.length;
    resume();
    await a;
    const keys = port.sent.map((s) => s.deliveryKey);
    expect(port.sent.length).toBeGreaterThanOrEqual(sentByB);
    expect(new Set(keys).size).toBe(keys.length);
    expect(await t.db.reminder.count({ where: { dueDate: '2022-08-01', state: { not: 'sent' } } })).toBe(0);
  });
});
